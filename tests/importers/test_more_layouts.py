"""More layouts offices use, each built as a real file, read back to the plan it was built from.

tests/importers/more_layouts.py builds each document from a core Plan (the truth) and says how
(see its docstring). For each layout six tests: the unit, year and periods; the tree (levels,
parents, names); the indicators (name, unit, period targets); the fields the layout carries
besides (annual target, realisasi, budgets, codes); nothing stray read as part of the plan
(signature lines, notes, KENDALA, schedule marks, totals); and no finding of a reading gone wrong
(stray values, extra texts, values without indicator, conflicting targets). A failure prints one
line per node, indicator, field or finding that differs.

The layouts (the truth in brackets):

- 01a Word, one URAIAN column with "Tujuan :" … "Sub Kegiatan :" prefixes, outline numbers in
  NO, TW I–IV as I–IV under TARGET TRIWULAN, KET (the sample); 01b the same numbered 1 / 1.1 /
  1.1.1 without prefixes, with TARGET TAHUNAN (the kecamatan plan);
- 02 Word, program bold, kegiatan and sub kegiatan indented by paragraph indent; 02b the same
  indented by typed spaces (programs, kegiatan, sub kegiatan with budgets);
- 03 Excel, KODE | PROGRAM/KEGIATAN/SUB KEGIATAN | KINERJA (INDIKATOR | SATUAN | TARGET) | PAGU,
  JUMLAH row; 03b the code inside the URAIAN cell, budgets "Rp 45.750.000,00";
- 04a Excel, one sheet per program; 04b one sheet per level, linked by codes only;
- 05 Word Perjanjian Kinerja: statement, parties, signature tables, sasaran and program tables;
  05b its PDF (LibreOffice);
- 06 Excel monitoring, TW I–IV each T | R | %, KENDALA, TINDAK LANJUT; 06b "TRIWULAN I" over
  Target | Realisasi | Capaian, capaian formatted "0%" (the sasaran with realisasi TW I–III);
  06c the PDF LibreOffice prints of 06b (narrow columns: captions broken inside words);
- 07 Excel Evaluasi Renja Tabel 2.1, KODE over five columns, (n-2)/(n-1) captions, value | unit
  (an evaluation plan of 2016: targets 2014 and 2015, realisasi 2014);
- 08 Word with JADWAL over Jan–Des marked √/x, ANGGARAN, PENANGGUNG JAWAB; 08b Excel with the
  months captioned 1–12 under BULAN KE-, marked x; 08c the PDF of 08;
- 09 the PDF LibreOffice prints of 03 for a longer plan (four pages, header repeated);
- 10 a landscape Word table, header repeated, rows breaking over pages, printed to PDF;
- 11 Word, a node's indicators stacked in one cell with stacked units and targets ("-" for a
  missing one); 11b the same with an empty paragraph for a missing target; 11c the PDF of 11;
- 12 03 as Excel saves it "as Web Page".

A test the importer does not pass yet is marked xfail(strict=True) with what is misread and why
(the grid rows as ``read_grid`` gives them, the column roles and levels of the reading), so that
the fix turns it into a failure to remove the mark.

To look at the documents: ``python -m tests.importers.more_layouts /tmp/more-layouts``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from renaksi.core.plan import Plan
from renaksi.importers import read_grid, read_plan

from . import more_layouts as ml
from . import office_layouts as ol


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Path], Path]  # writes the document into a directory, returns the file
    truth: Callable[[], Plan]
    # What the layout carries besides the tree, indicators, units and period targets.
    annual: bool = False
    actuals: bool = False
    budgets: bool = False
    codes: bool = False
    # Texts of the document that are not part of the plan.
    stray: tuple[str, ...] = ()
    needs_soffice: bool = False
    # Why a test fails today, by test: "unit", "tree", "indicators", "fields", "stray",
    # "findings".
    xfail: dict[str, str] = field(default_factory=dict)


# -- the plans the layouts show ---------------------------------------------------------------


def _sample() -> Plan:
    return ol.sample_plan()


def _kecamatan() -> Plan:
    return ml.kecamatan_plan()


def _programs() -> Plan:
    """The kecamatan's programs, kegiatan and sub kegiatan (no sasaran: programs at the top)."""
    return ml.only_levels(ml.kecamatan_plan(), ["program", "kegiatan", "subkegiatan"])


def _programs_annual() -> Plan:
    return ml.annual_only(_programs())


def _long() -> Plan:
    return ml.coded_plan(programs=8)


def _longer_annual() -> Plan:
    """A plan long enough that the PDF printed from Excel runs over three pages and more."""
    return ml.annual_only(ml.coded_plan(programs=14, bidang=ml.LONGER_BIDANG))


# -- the builders ------------------------------------------------------------------------------


def _docx(layout, plan: Callable[[], Plan], name: str) -> Callable[[Path], Path]:
    return lambda d: ml.write_docx(layout(plan()), d / name)


def _xlsx(layout, plan: Callable[[], Plan], name: str) -> Callable[[Path], Path]:
    return lambda d: ml.write_xlsx(layout(plan()), d / name)


def _pdf(make: Callable[[Path], Path]) -> Callable[[Path], Path]:
    def build(d: Path) -> Path:
        (d / "src").mkdir()
        return ml.to_pdf(make(d / "src"), d)

    return build


def _html(plan: Callable[[], Plan], name: str) -> Callable[[Path], Path]:
    return lambda d: ml.write_excel_html(ml.excel_codes(plan())[0], d / name)


SIGNATURE = tuple(line for line in ml.SIGNATURE_CAMAT if line)
SIGNATURE_2022 = tuple(line for line in ml.SIGNATURE_KALIGONDANG_2022 if line)
SIGNATURE_DINAS = tuple(line for line in ml.SIGNATURE_DINAS if line)
PK_TEXTS = (
    "Drs. AHMAD SUBAGYO, M.Si",
    "Camat Kaligondang",
    "Bupati Purbalingga",
    "Hj. DYAH HAYUNING PRATIWI, S.E., B.Econ., M.M.",
    "PIHAK PERTAMA",
    "PIHAK KEDUA",
    "NIP. 19680512 199303 1 007",
    "selanjutnya disebut pihak pertama",
    "APBD",
    "=JUMLAH",
)
MONEV_TEXTS = tuple(t for pair in ml.MONEV_NOTES for t in pair if t != "-")


# -- what the importer misreads today, by cause (grid lines as read_grid gives them) -------------


CASES = [
    Case(
        "01a-word-outline-prefixed",
        _docx(ml.word_outline_prefixed, _sample, "outline-prefixed.docx"),
        _sample,
        stray=(*SIGNATURE_2022, "IKU", "Renstra"),
    ),
    Case(
        "01b-word-outline-numbered",
        _docx(ml.word_outline_numbered, _kecamatan, "outline-numbered.docx"),
        _kecamatan,
        annual=True,
        stray=(*SIGNATURE, "IKU", "Renstra"),
    ),
    Case(
        "02-word-bold-indent",
        _docx(ml.word_bold_indent, _programs, "bold-indent.docx"),
        lambda: ml.strip_program_words(_programs()),
        budgets=True,
        stray=SIGNATURE,
    ),
    Case(
        "02b-word-typed-indent",
        lambda d: ml.write_docx(
            ml.word_bold_indent(_programs(), typed_indent="    "), d / "typed-indent.docx"
        ),
        lambda: ml.strip_program_words(_programs()),
        budgets=True,
        stray=SIGNATURE,
    ),
    Case(
        "03-excel-codes",
        _xlsx(ml.excel_codes, _programs, "codes.xlsx"),
        _programs_annual,
        annual=True,
        budgets=True,
        codes=True,
        stray=(*SIGNATURE, "=JUMLAH"),
    ),
    Case(
        "03b-excel-code-in-name",
        _xlsx(ml.excel_code_in_name, _programs, "code-in-name.xlsx"),
        _programs_annual,
        annual=True,
        budgets=True,
        codes=True,
        stray=SIGNATURE,
    ),
    Case(
        "04a-excel-sheet-per-program",
        _xlsx(ml.excel_sheet_per_program, _programs, "sheet-per-program.xlsx"),
        _programs,
        budgets=True,
    ),
    Case(
        "04b-excel-sheet-per-level",
        _xlsx(ml.excel_sheet_per_level, _programs, "sheet-per-level.xlsx"),
        _programs_annual,
        annual=True,
        budgets=True,
        codes=True,
    ),
    Case(
        "05-word-pk",
        _docx(ml.word_pk, _kecamatan, "pk.docx"),
        lambda: ml.pk_truth(_kecamatan()),
        annual=True,
        budgets=True,
        stray=PK_TEXTS,
    ),
    Case(
        "05b-pdf-from-word-pk",
        _pdf(_docx(ml.word_pk, _kecamatan, "pk.docx")),
        lambda: ml.pk_truth(_kecamatan()),
        annual=True,
        budgets=True,
        stray=PK_TEXTS,
        needs_soffice=True,
    ),
    Case(
        "06-excel-monitoring",
        _xlsx(ml.excel_monitoring, _kecamatan, "monitoring.xlsx"),
        lambda: ml.monitoring_truth(_kecamatan()),
        annual=True,
        actuals=True,
        stray=(*SIGNATURE, *MONEV_TEXTS),
    ),
    Case(
        "06b-excel-monitoring-spelled",
        lambda d: ml.write_xlsx(ml.excel_monitoring(_kecamatan(), spelled=True), d / "monev.xlsx"),
        lambda: ml.monitoring_truth(_kecamatan()),
        annual=True,
        actuals=True,
        stray=(*SIGNATURE, *MONEV_TEXTS),
    ),
    Case(
        "06c-pdf-from-excel-monitoring-spelled",
        _pdf(
            lambda d: ml.write_xlsx(
                ml.excel_monitoring(_kecamatan(), spelled=True), d / "monev.xlsx"
            )
        ),
        lambda: ml.monitoring_truth(_kecamatan()),
        annual=True,
        actuals=True,
        stray=(*SIGNATURE, *MONEV_TEXTS),
        needs_soffice=True,
    ),
    Case(
        "07-excel-renja-tabel-2-1",
        _xlsx(ml.excel_renja, ml.renja_plan, "renja-tabel-2-1.xlsx"),
        ml.renja_plan,
        actuals=True,
        stray=("URUSAN WAJIB", "Tercapai"),
    ),
    Case(
        "08-word-schedule",
        _docx(ml.word_schedule, _programs, "schedule.docx"),
        _programs,
        budgets=True,
        stray=(*SIGNATURE, "√", "Sekretaris Camat", "Kasi Pemerintahan", "Kasubag Umum"),
    ),
    Case(
        "08b-excel-schedule-month-numbers",
        _xlsx(ml.excel_schedule, _programs, "schedule.xlsx"),
        _programs,
        budgets=True,
        stray=(*SIGNATURE, "Sekretaris Camat", "Kasi Pemerintahan", "Kasubag Umum"),
    ),
    Case(
        "08c-pdf-from-word-schedule",
        _pdf(_docx(ml.word_schedule, _programs, "schedule.docx")),
        _programs,
        budgets=True,
        stray=(*SIGNATURE, "√", "Sekretaris Camat", "Kasi Pemerintahan", "Kasubag Umum"),
        needs_soffice=True,
    ),
    Case(
        "09-pdf-from-excel-codes",
        _pdf(_xlsx(ml.excel_codes, _longer_annual, "codes-long.xlsx")),
        _longer_annual,
        annual=True,
        budgets=True,
        codes=True,
        stray=(*SIGNATURE_DINAS, "=JUMLAH"),
        needs_soffice=True,
    ),
    Case(
        "10-pdf-from-word-broken-rows",
        _pdf(_docx(ml.word_broken_rows, _long, "broken-rows.docx")),
        _long,
        annual=True,
        budgets=True,
        stray=SIGNATURE_DINAS,
        needs_soffice=True,
    ),
    Case(
        "11-word-stacked",
        _docx(ml.word_stacked, lambda: ml.stacked_truth(_kecamatan()), "stacked.docx"),
        lambda: ml.stacked_truth(_kecamatan()),
        budgets=True,
        stray=SIGNATURE,
    ),
    Case(
        "11b-word-stacked-blank",
        lambda d: ml.write_docx(
            ml.word_stacked(ml.stacked_truth(_kecamatan()), missing=""), d / "stacked-blank.docx"
        ),
        lambda: ml.stacked_truth(_kecamatan()),
        budgets=True,
        stray=SIGNATURE,
    ),
    Case(
        "11c-pdf-from-word-stacked",
        _pdf(_docx(ml.word_stacked, lambda: ml.stacked_truth(_kecamatan()), "stacked.docx")),
        lambda: ml.stacked_truth(_kecamatan()),
        budgets=True,
        stray=SIGNATURE,
        needs_soffice=True,
    ),
    Case(
        "12-html-from-excel-codes",
        _html(_programs, "codes.htm"),
        _programs_annual,
        annual=True,
        budgets=True,
        codes=True,
        stray=(*SIGNATURE, "=JUMLAH"),
    ),
]


def _params(test: str, only: Callable[[Case], bool] = lambda c: True):
    return [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=case.xfail[test])]
            if test in case.xfail
            else [],
        )
        for case in CASES
        if only(case)
    ]


_BUILT: dict[str, tuple[Path, Plan, Plan]] = {}


@pytest.fixture
def built(tmp_path_factory) -> Callable[[Case], tuple[Path, Plan, Plan]]:
    """The case's document, built and read once per session: (path, plan read, truth)."""

    def get(case: Case) -> tuple[Path, Plan, Plan]:
        if case.needs_soffice and ol.soffice() is None:
            pytest.skip("LibreOffice (soffice) is not installed: no PDF of the file")
        if case.id not in _BUILT:
            path = case.build(tmp_path_factory.mktemp(case.id))
            _BUILT[case.id] = path, read_plan(path), case.truth()
        return _BUILT[case.id]

    return get


def _report(title: str, lines: list[str], limit: int = 40) -> str:
    shown = lines[:limit]
    more = [f"… and {len(lines) - limit} more"] if len(lines) > limit else []
    return "\n".join([f"{title} ({len(lines)}):", *shown, *more])


@pytest.mark.parametrize("case", _params("unit"))
def test_unit_year_and_periods(case: Case, built) -> None:
    _path, plan, truth = built(case)
    assert ml.unit_matches(plan.unit, truth.unit or ""), (plan.unit, truth.unit)
    assert (plan.year, plan.periods) == (truth.year, truth.periods)


@pytest.mark.parametrize("case", _params("tree"))
def test_tree(case: Case, built) -> None:
    _path, plan, truth = built(case)
    diff = ol.tree_diff(plan, truth)
    assert not diff, _report("nodes that differ (~ level or parent, - not read, + stray)", diff)


@pytest.mark.parametrize("case", _params("indicators"))
def test_indicators(case: Case, built) -> None:
    _path, plan, truth = built(case)
    diff = ol.indicator_diff(plan, truth, objectives=False, units=True)
    assert not diff, _report("indicators that differ", diff)


def _has_fields(case: Case) -> bool:
    return case.annual or case.actuals or case.budgets or case.codes


@pytest.mark.parametrize("case", _params("fields", _has_fields))
def test_annual_realisasi_budgets_codes(case: Case, built) -> None:
    _path, plan, truth = built(case)
    diff = ml.field_diff(
        plan,
        truth,
        annual=case.annual,
        actuals=case.actuals,
        budgets=case.budgets,
        codes=case.codes,
    )
    assert not diff, _report("fields that differ", diff)


@pytest.mark.parametrize("case", _params("stray", lambda c: bool(c.stray)))
def test_nothing_stray(case: Case, built) -> None:
    _path, plan, _truth = built(case)
    found = ml.stray_texts(plan, case.stray)
    assert not found, _report("texts read as part of the plan", found)


# Findings that say the reading went wrong (not the plan): the truths are whole and consistent,
# so a document of them gives none.
READING_PROBLEMS = frozenset(
    {
        "conflicting-target",
        "indicator-without-node",
        "stray-value",
        "extra-text",
        "extra-value",
        "value-without-indicator",
        "missing-indicator",
        "stray-number",
    }
)


@pytest.mark.parametrize("case", _params("findings"))
def test_no_reading_problem(case: Case, built) -> None:
    _path, plan, _truth = built(case)
    found = [
        f"line {f.line}: {f.severity} [{f.code}] {f.message}"
        for f in plan.findings
        if f.code in READING_PROBLEMS
    ]
    assert not found, _report("findings of a reading gone wrong", found)


# -- the builders: the documents hold what they claim -----------------------------------------


def _case(case_id: str) -> Case:
    return next(c for c in CASES if c.id == case_id)


def test_band_builds_groups_and_column_numbers() -> None:
    rows, merges = ml.band(["NO", ("TARGET", ["TW I", "TW II"]), ("PAGU", 2)], numbers=True)
    assert [[c.value for c in r] for r in rows] == [
        ["NO", "TARGET", None, "PAGU", None],
        [None, "TW I", "TW II", None, None],
        ["1", "2", "3", "4", None],
    ]
    assert sorted(merges) == [(0, 0, 2, 1), (0, 1, 1, 2), (0, 3, 2, 2), (2, 3, 1, 2)]


def test_the_truths_are_whole_plans() -> None:
    kec = ml.kecamatan_plan()
    assert [kec.count(level) for level in ("sasaran", "program", "kegiatan", "subkegiatan")] == [
        2,
        3,
        6,
        10,
    ]
    # Budgets add up: each program's is the sum of its kegiatan's, theirs of their sub kegiatan.
    for n, _parent in kec.walk():
        if n.children and n.level in ("program", "kegiatan"):
            assert n.budget == sum(c.budget for c in n.children)
    long = ml.coded_plan(programs=8)
    assert long.count("program") == 8 and long.count("subkegiatan") >= 12
    assert all(n.code for n, _parent in long.walk())
    pk = ml.pk_truth(kec)
    assert [n.level for n in pk.nodes] == ["sasaran"] * 2 + ["program"] * 3


def test_outline_document_grid(built) -> None:
    """The outline layout as the Word reader gives it: one header band with TARGET TRIWULAN
    over the roman numerals, a row of column numbers, the prefixed names."""
    path, _plan, _truth = built(_case("01a-word-outline-prefixed"))
    rows = [r.cells for r in read_grid(path).rows if r.ref == "table 1"]
    assert rows[0] == ["NO", "URAIAN", "INDIKATOR KINERJA", "SATUAN", "TARGET TRIWULAN", "", "",
                       "", "KET"]  # fmt: skip
    assert rows[1] == ["", "", "", "", "I", "II", "III", "IV", ""]
    assert rows[2] == [str(i) for i in range(1, 10)]
    assert rows[3][:2] == ["1", "Tujuan : Meningkatnya Kualitas Pelayanan Masyarakat (IKM)"]


def test_excel_codes_document(built) -> None:
    from openpyxl import load_workbook

    path, _plan, _truth = built(_case("03-excel-codes"))
    ws = load_workbook(path).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A5:A6", "B5:B6", "C5:E5", "F5:F6"} <= merged
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_row=8)]
    assert values[0] == ["KODE", "PROGRAM/KEGIATAN/SUB KEGIATAN", "KINERJA", None, None,
                         "PAGU (Rp)"]  # fmt: skip
    assert values[1][2:5] == ["INDIKATOR", "SATUAN", "TARGET"]
    assert values[3][0] == "7.01.02" and ws.cell(8, 6).number_format == "#,##0"


def test_excel_html_is_excel_markup(built) -> None:
    path, _plan, _truth = built(_case("12-html-from-excel-codes"))
    text = path.read_text(encoding="cp1252")
    assert "<!--[if gte mso 9]><xml>" in text and "<x:ExcelWorkbook>" in text
    assert 'x:num="' in text and 'x:str="\'7.01.02"' in text
    assert "<col width=" in text and "<![if supportMisc]>" in text
    assert "rowspan=2" in text and "colspan=3" in text


@pytest.mark.skipif(ol.soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("case_id", ["09-pdf-from-excel-codes", "10-pdf-from-word-broken-rows"])
def test_pdf_repeats_its_header_on_every_page(case_id: str, built) -> None:
    path, _plan, _truth = built(_case(case_id))
    grid = read_grid(path)
    # The pages with table rows (the last may hold only the signature).
    pages = {r.ref for r in grid.rows if r.ref and r.ref.startswith("page") and len(r.cells) > 2}
    assert len(pages) >= (3 if case_id.startswith("09") else 2)
    caption = "KODE" if case_id.startswith("09") else "NO"
    headers = {r.ref for r in grid.rows if r.cells and r.cells[0] == caption}
    assert headers == pages


@pytest.mark.skipif(ol.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_word_rows_break_across_pages(built) -> None:
    """At least one row of the Word table runs over a page end: the first body row of a later
    page has no number and holds the rest of the texts of the row above."""
    path, _plan, _truth = built(_case("10-pdf-from-word-broken-rows"))
    rows = read_grid(path).rows
    continued = []
    for k, row in enumerate(rows):
        if row.cells[:3] == ["1", "2", "3"] and row.ref != "page 1" and k + 1 < len(rows):
            first = rows[k + 1]
            if first.cells[0] == "" and any(first.cells[1:3]):
                continued.append(first.line)
    assert continued, "no row is broken over a page end"


def test_stacked_cells_are_paragraphs(built) -> None:
    from docx import Document

    path, _plan, truth = built(_case("11-word-stacked"))
    table = Document(str(path)).tables[0]
    first = truth.nodes[0]
    cell = table.rows[3].cells[2]
    assert [p.text for p in cell.paragraphs] == [
        f"{k}. {i.name}" for k, i in enumerate(first.indicators, start=1)
    ]
    assert [p.text for p in table.rows[3].cells[4].paragraphs] == ["80", "100", "95"]
