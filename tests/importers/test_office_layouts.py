"""The sample plan laid out as offices lay out a Rencana Aksi reads as the sample.

The truth is the sample as the text importer reads it (its nodes, levels, parents, names,
indicators with units and TW I–IV targets, unit and year). tests/importers/office_layouts.py lays
that plan out as kecamatan and dinas lay it out (see its docstring) and writes it:

- word-columns: Word, one column per level (TUJUAN, SASARAN STRATEGIS, PROGRAM, KEGIATAN, SUB
  KEGIATAN), each node's cell merged down over its block (w:vMerge), a two-row header with TARGET
  over TW I–IV, a row of column numbers, PENANGGUNG JAWAB, a signature block under the table (a
  borderless table);
- word-combined: the same with kegiatan and sub kegiatan in one column, kegiatan bold and sub
  kegiatan indented, the signature as paragraphs;
- pdf-from-word: word-columns saved as PDF by LibreOffice (skipped without soffice);
- excel-columns: an .xlsx with merged ranges, percentages as fractions formatted "0%", the
  signature in the rows under the table.

For each, five tests: unit, year and periods; the tree (levels, parents, names); the indicators
(name, unit, TW I–IV; no layout here carries the result statements); no signature line read as a
node, an indicator or a value; no finding of a kind the sample does not have, or more often. A
failure prints one line per node or indicator that differs (office_layouts.tree_diff,
indicator_diff). A test the interpreter does not pass yet is marked xfail(strict=True) with what
goes wrong, so that the fix turns it into a failure to remove the mark. The builders' own tests
(the documents hold what they claim, and the layouts carry the whole plan) pass.

To look at the documents: ``python -m tests.importers.office_layouts /tmp/renaksi-layouts``
writes them all, then ``renaksi parse`` each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from renaksi.core.plan import Plan
from renaksi.importers import read_grid, read_plan

from . import office_layouts as ol


@dataclass(frozen=True)
class Case:
    id: str
    suffix: str
    build: Callable[[Plan, Path], Path]  # writes the plan into a directory, returns the file
    needs_soffice: bool = False
    # Findings this layout may add to the sample's: the PDF breaks two rows over a page end,
    # which the importer joins and reports (name-continued).
    extra_findings: frozenset[str] = frozenset()
    # Why each test fails today (None: it passes).
    unit_year_xfail: str | None = None
    tree_xfail: str | None = None
    indicators_xfail: str | None = None
    signature_xfail: str | None = None
    findings_xfail: str | None = None


def _word_columns(plan: Plan, directory: Path) -> Path:
    return ol.write_docx(ol.sheet_of(plan, ol.WORD_COLUMNS), directory / "word-columns.docx")


def _word_combined(plan: Plan, directory: Path) -> Path:
    return ol.write_docx(ol.sheet_of(plan, ol.WORD_COMBINED), directory / "word-combined.docx")


def _pdf_from_word(plan: Plan, directory: Path) -> Path:
    (directory / "word").mkdir()
    return ol.docx_to_pdf(_word_columns(plan, directory / "word"), directory)


def _excel_columns(plan: Plan, directory: Path) -> Path:
    return ol.write_xlsx(ol.sheet_of(plan, ol.EXCEL_COLUMNS), directory / "excel-columns.xlsx")


# What goes wrong today, by cause (the grid rows are the reader's lines; see the module doc).
SASARAN_AS_RESULT = (
    "the SASARAN STRATEGIS column is read as the indicators' result statements (role "
    "'objective'): the three sasaran are not read, the tujuan (TUJUAN column) is read as a "
    "sasaran (header-level-mismatch) and programs 1-2 and C-F all hang under it"
)
PARENT_INDICATORS = (
    "only the deepest name column takes indicators: those on the rows of tujuan, sasaran, "
    "program{kegiatan} are dropped (indicator-without-node, value-without-indicator), and "
    "the indicators of sasaran 2 and 'pengawasan' (grid lines 39-40, names in the "
    "'objective' column) go to the last sub kegiatan read"
)
RESPONSIBLE_AS_TW4 = (
    "PENANGGUNG JAWAB (merged over both header rows, empty under TW IV) is read as a second "
    "TW IV column: conflicting-target on each row, and TW4 = 'Kasubag Umum dan Kepegawaian' "
    "where TW IV is empty (grid lines 22 and 51)"
)
SIGNATURE_HEADER = (
    "'NAMA LENGKAP, S.Sos' is taken as the header of a new table whose rows 'Pembina' and "
    "'NIP. 19700101 199003 1 005' become tujuan"
)
SIGNATURE_TABLE = (
    "the borderless signature table after the plan table is read as more rows of it: "
    "'Kaligondang, 3 Januari 2022' and 'CAMAT KALIGONDANG' (in the TUJUAN column) become "
    "sasaran; " + SIGNATURE_HEADER
)
SIGNATURE_PARAGRAPHS = "the signature paragraphs after the table: " + SIGNATURE_HEADER
SIGNATURE_ROWS = (
    "the signature rows under the table (in the TW I column) continue it: 'Kaligondang, 3 "
    "Januari 2022' and 'CAMAT KALIGONDANG' become TW1 values of the last indicator "
    "(conflicting-target); " + SIGNATURE_HEADER
)
PAGE_SPLIT_ROWS = (
    "rows LibreOffice breaks over a page end come back as two rows: the rest of the text on "
    "the next page is read as an indicator of its own ('Disediakan', 'Kecamatan Pemerintah "
    "Daerah') and the indicator above keeps a name cut short"
)
NEW_FINDINGS = (
    "findings the sample does not have: indicator-without-node and value-without-indicator "
    "(indicators of parent rows), missing-indicator (sasaran read as result statements), "
    "text-target and conflicting-target on every row (PENANGGUNG JAWAB read as TW IV)"
)

CASES = [
    Case(
        "word-columns",
        ".docx",
        _word_columns,
    ),
    Case(
        "word-combined",
        ".docx",
        _word_combined,
    ),
    Case(
        "pdf-from-word",
        ".pdf",
        _pdf_from_word,
        needs_soffice=True,
        extra_findings=frozenset({"name-continued"}),
    ),
    Case(
        "excel-columns",
        ".xlsx",
        _excel_columns,
    ),
]


def _params(xfail_of: Callable[[Case], str | None]):
    return [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=reason)]
            if (reason := xfail_of(case))
            else [],
        )
        for case in CASES
    ]


@pytest.fixture(scope="module")
def sample() -> Plan:
    return ol.sample_plan()


_BUILT: dict[str, tuple[Path, Plan]] = {}


@pytest.fixture
def built(request, sample: Plan, tmp_path_factory) -> Callable[[Case], tuple[Path, Plan]]:
    """The case's document, built and read once per session: (path, plan read)."""

    def get(case: Case) -> tuple[Path, Plan]:
        if case.needs_soffice and ol.soffice() is None:
            pytest.skip("LibreOffice (soffice) is not installed: no PDF of the Word file")
        if case.id not in _BUILT:
            path = case.build(sample, tmp_path_factory.mktemp(case.id))
            _BUILT[case.id] = path, read_plan(path)
        return _BUILT[case.id]

    return get


def _report(title: str, lines: list[str], limit: int = 40) -> str:
    shown = lines[:limit]
    more = [f"… and {len(lines) - limit} more"] if len(lines) > limit else []
    return "\n".join([f"{title} ({len(lines)}):", *shown, *more])


@pytest.mark.parametrize("case", _params(lambda c: c.unit_year_xfail))
def test_layout_gives_unit_year_and_periods(case: Case, built, sample: Plan) -> None:
    _path, plan = built(case)
    assert (plan.unit, plan.year) == ("Kecamatan Kaligondang", 2022)
    assert plan.periods == sample.periods


@pytest.mark.parametrize("case", _params(lambda c: c.tree_xfail))
def test_layout_gives_the_same_tree(case: Case, built, sample: Plan) -> None:
    _path, plan = built(case)
    diff = ol.tree_diff(plan, sample)
    assert not diff, _report(
        "nodes that differ (~ level or parent, - not read, + not in the sample)", diff
    )


@pytest.mark.parametrize("case", _params(lambda c: c.indicators_xfail))
def test_layout_gives_the_same_indicators(case: Case, built, sample: Plan) -> None:
    _path, plan = built(case)
    # No layout here has a column for the result statements: they are not compared.
    diff = ol.indicator_diff(plan, sample, objectives=False, units=True)
    assert not diff, _report("indicators that differ", diff)


@pytest.mark.parametrize("case", _params(lambda c: c.signature_xfail))
def test_layout_signature_is_not_read_as_plan(case: Case, built) -> None:
    _path, plan = built(case)
    found = ol.signature_in_plan(plan)
    assert not found, _report("signature lines read as part of the plan", found)


@pytest.mark.parametrize("case", _params(lambda c: c.findings_xfail))
def test_layout_has_no_finding_the_sample_does_not_have(case: Case, built, sample) -> None:
    _path, plan = built(case)
    from collections import Counter

    # Kinds the sample does not have, and kinds found more often than in the sample (the
    # sample's own duplicated and conflicting targets are not laid out again: fewer is right).
    known = Counter(f.code for f in sample.findings)
    found = Counter(f.code for f in plan.findings)
    summary = []
    for code in sorted(found):
        if found[code] <= known[code] or code in case.extra_findings:
            continue
        these = [f for f in plan.findings if f.code == code]
        lines = ", ".join(str(f.line) for f in these[:12]) + (" …" if len(these) > 12 else "")
        summary.append(
            f"[{code}] ×{found[code]} (sample ×{known[code]}) on lines {lines}; "
            f"first: {these[0].message}"
        )
    assert not summary, _report("findings the sample does not have", summary)


# -- the builders: the documents hold what they claim ------------------------------------------


@pytest.mark.parametrize("layout", [ol.WORD_COLUMNS, ol.WORD_COMBINED, ol.EXCEL_COLUMNS])
def test_each_layout_carries_the_whole_plan(layout: ol.Layout, sample: Plan) -> None:
    """Read back knowing the layout, the sheet gives the sample's tree and indicators: what an
    importer misses is in the document."""
    back = ol.plan_from_sheet(ol.sheet_of(sample, layout), sample.unit, sample.year)
    assert ol.tree_diff(back, sample) == []
    assert ol.indicator_diff(back, sample, objectives=False) == []
    # The diffs do see a difference.
    assert ol.indicator_diff(back, sample, objectives=True)
    cut = ol.truncate(sample, layout, 10)
    assert ol.tree_diff(cut, sample) and ol.tree_diff(cut, cut) == []


def test_the_sample_is_the_plan_the_layouts_start_from(sample: Plan) -> None:
    levels = ("tujuan", "sasaran", "program", "kegiatan", "subkegiatan")
    assert [sample.count(level) for level in levels] == [1, 3, 6, 12, 25]
    assert sum(1 for _ in sample.indicators()) == 51
    # Nodes without indicators (programs C–F) still get a row of their own.
    sheet = ol.sheet_of(sample, ol.WORD_COLUMNS)
    assert len(sheet.rows) == sheet.header_rows + 51 + 4


def _docx_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_word_columns_document(sample: Plan, tmp_path: Path) -> None:
    from docx import Document

    sheet = ol.sheet_of(sample, ol.WORD_COLUMNS)
    path = ol.write_docx(sheet, tmp_path / "plan.docx")
    doc = Document(str(path))
    titles = [p.text for p in doc.paragraphs if p.text.strip()]
    assert titles[:2] == ["RENCANA AKSI TAHUN 2022", "KECAMATAN KALIGONDANG"]
    assert titles[2:] == []  # the signature is a table here
    body, signature = doc.tables
    xml = _docx_xml(path)
    # Merged cells are real merges: every vertical merge starts with restart and continues.
    vertical = [m for m in sheet.merges if m[2] > 1]
    assert xml.count('w:vMerge w:val="restart"') == len(vertical)
    assert xml.count("<w:vMerge/>") == sum(m[2] - 1 for m in vertical)
    assert xml.count('<w:gridSpan w:val="4"/>') == 1  # TARGET over TW I–IV
    assert xml.count("<w:tblHeader") == sheet.header_rows
    assert "<w:br/>" in xml  # PENANGGUNG / JAWAB on two lines of one cell
    # The grid a reader gives: captions, TW labels, column numbers, then the body.
    grid = read_grid(path)
    rows = [r.cells for r in grid.rows if r.ref == "table 1"]
    assert rows[0] == [
        "NO",
        "TUJUAN",
        "SASARAN STRATEGIS",
        "PROGRAM",
        "KEGIATAN",
        "SUB KEGIATAN",
        "INDIKATOR KINERJA",
        "SATUAN",
        "TARGET",
        "",
        "",
        "",
        "PENANGGUNG\nJAWAB",
    ]
    assert rows[1] == [""] * 8 + ["TW I", "TW II", "TW III", "TW IV", ""]
    assert rows[2] == [str(i) for i in range(1, 14)]
    assert rows[3][:2] == ["1", "Meningkatnya Kualitas Pelayanan Masyarakat (IKM)"]
    assert rows[3][6:] == [
        "Hasil Pengukuran Indeks Kepuasan Masyarakat (IKM) Kecamatan",
        "%",
        "30%",
        "",
        "50%",
        "100%",
        "Camat",
    ]
    assert rows[4][:3] == ["", "", "Meningkatnya Kualitas kelembagaan Kecamatan Kaligondang"]
    assert len(rows) == len(sheet.rows)
    assert [r.cells for r in grid.rows if r.ref == "table 2"] == [
        ["", line] for line in ol.SIGNATURE if line
    ]
    assert len(signature.rows) == len(ol.SIGNATURE)
    assert len(body.rows) == len(sheet.rows)


def test_word_combined_document(sample: Plan, tmp_path: Path) -> None:
    from docx import Document

    sheet = ol.sheet_of(sample, ol.WORD_COMBINED)
    assert "kegiatan+subkegiatan" in sheet.columns
    path = ol.write_docx(sheet, tmp_path / "plan.docx")
    doc = Document(str(path))
    (table,) = doc.tables
    col = sheet.columns.index("kegiatan+subkegiatan")
    assert table.rows[0].cells[col].text == "KEGIATAN / SUB KEGIATAN"
    assert table.rows[0].cells[col + 3].text == "Target"
    seen = {"kegiatan": 0, "subkegiatan": 0}
    for r, row in enumerate(sheet.rows[sheet.header_rows :], start=sheet.header_rows):
        level = row[col].level
        if level is None:
            continue
        paragraph = table.rows[r].cells[col].paragraphs[0]
        assert paragraph.text == row[col].value
        bold = all(run.bold for run in paragraph.runs)
        indent = paragraph.paragraph_format.left_indent
        indent_cm = round(indent.cm, 2) if indent is not None else None
        assert (bold, indent_cm) == ((True, None) if level == "kegiatan" else (False, 0.5))
        seen[level] += 1
    assert seen == {"kegiatan": 12, "subkegiatan": 25}
    # The signature as indented paragraphs after the table.
    lines = [p.text for p in doc.paragraphs if p.text.strip()]
    assert lines[2:] == [line for line in ol.SIGNATURE if line]


def test_excel_document(sample: Plan, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sheet = ol.sheet_of(sample, ol.EXCEL_COLUMNS)
    path = ol.write_xlsx(sheet, tmp_path / "plan.xlsx")
    ws = load_workbook(path).active
    top = len(sheet.title) + 2
    merged = {str(r) for r in ws.merged_cells.ranges}
    from openpyxl.utils import get_column_letter

    for r, c, rowspan, colspan in sheet.merges:
        first = f"{get_column_letter(c + 1)}{top + r}"
        last = f"{get_column_letter(c + colspan)}{top + r + rowspan - 1}"
        assert f"{first}:{last}" in merged
    assert f"I{top}:L{top}" in merged  # Target over TW I–IV
    assert ws.cell(top, 9).value == "Target"
    assert [ws.cell(top + 1, c).value for c in range(9, 13)] == ["TW I", "TW II", "TW III", "TW IV"]
    first_body = top + sheet.header_rows
    assert ws.cell(first_body, 9).value == 0.3
    assert ws.cell(first_body, 9).number_format == "0%"
    assert ws.cell(first_body, 10).value is None  # TW II of the tujuan's indicator
    values = [ws.cell(row, 12).value for row in range(first_body, first_body + 51 + 4)]
    assert all(v in (None, 1) for v in values)
    # The signature under the table, in the right columns.
    texts = [ws.cell(row, 9).value for row in range(first_body + 51 + 4, ws.max_row + 1)]
    assert [t for t in texts if t] == [line for line in ol.SIGNATURE if line]


def test_plain_numbers_stay_numbers_in_excel(tmp_path: Path) -> None:
    """Targets of a unit other than % are written as plain numbers (no percent format)."""
    from openpyxl import load_workbook

    plan = ol.long_plan(units=3)
    sheet = ol.sheet_of(plan, ol.EXCEL_COLUMNS)
    ws = load_workbook(ol.write_xlsx(sheet, tmp_path / "plan.xlsx")).active
    periods = [i for i, name in enumerate(sheet.columns) if name.startswith("TW")]
    formats = {
        (row[i].value, row[i].number_format)
        for row in ws.iter_rows(min_row=len(sheet.title) + 2 + sheet.header_rows)
        for i in periods
        if isinstance(row[i].value, int | float)
    }
    assert formats == {
        (0.25, "0%"),
        (0.5, "0%"),
        (0.75, "0%"),
        (1, "0%"),
        (1, "General"),
        (2, "General"),
        (3, "General"),
        (4, "General"),
    }


@pytest.mark.skipif(ol.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_of_the_word_file(built, tmp_path: Path) -> None:
    import pdfplumber

    path, _plan = built(CASES[2])
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "RENCANA AKSI TAHUN 2022" in text
    assert "NIP. 19700101 199003 1 005" in text
    # The header is repeated on every page (w:tblHeader).
    grid = read_grid(path)
    headers = [r.ref for r in grid.rows if r.cells[:2] == ["NO", "TUJUAN"]]
    assert headers == [f"page {n}" for n in range(1, len(headers) + 1)] and len(headers) >= 2


# -- a long PDF for others to use (reading time, long tables) ---------------------------------


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory) -> tuple[Path, Plan]:
    path = tmp_path_factory.mktemp("long") / "long-plan.pdf"
    return path, ol.make_long_pdf(path, pages=10)


def test_make_long_pdf_gives_ten_pages_of_a_long_plan(long_pdf) -> None:
    import pdfplumber

    path, plan = long_pdf
    assert plan.count("subkegiatan") > 100
    with pdfplumber.open(path) as pdf:
        texts = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
    assert len(texts) == 10
    # The header on every page, the title on the first, the signature on the last.
    assert all("SASARAN STRATEGIS" in text and "TW III" in text for text in texts)
    assert "RENCANA AKSI TAHUN 2022" in texts[0]
    assert "NIP. 19700101 199003 1 005" in texts[-1]
    # The plan returned is the one the PDF shows: its last node is on the last page (its words:
    # a name wraps inside its cell).
    last = [node for node, _parent in plan.walk()][-1]
    assert set(last.name.split()) <= set(texts[-1].split())
    assert not set(last.name.split()) <= set(texts[-2].split())
