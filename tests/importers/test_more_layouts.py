"""More layouts offices use, each built as a real file, read back to the plan it was built from.

tests/importers/more_layouts.py builds each document from a core Plan (the truth) and says how
(see its docstring). For each layout five tests: the unit, year and periods; the tree (levels,
parents, names); the indicators (name, unit, period targets); the fields the layout carries
besides (annual target, realisasi, budgets, codes); and nothing stray read as part of the plan
(signature lines, notes, KENDALA, schedule marks, totals). A failure prints one line per node,
indicator or field that differs.

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
    # Why a test fails today, by test: "unit", "tree", "indicators", "fields", "stray".
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


def _long_annual() -> Plan:
    return ml.annual_only(_long())


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
    "JUMLAH",
)
MONEV_TEXTS = tuple(t for pair in ml.MONEV_NOTES for t in pair if t != "-")


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
        "03-excel-codes",
        _xlsx(ml.excel_codes, _programs, "codes.xlsx"),
        _programs_annual,
        annual=True,
        budgets=True,
        codes=True,
        stray=(*SIGNATURE, "JUMLAH"),
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
        "06-excel-monitoring",
        _xlsx(ml.excel_monitoring, _kecamatan, "monitoring.xlsx"),
        lambda: ml.monitoring_truth(_kecamatan()),
        annual=True,
        actuals=True,
        stray=(*SIGNATURE, *MONEV_TEXTS),
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
        "09-pdf-from-excel-codes",
        _pdf(_xlsx(ml.excel_codes, _long, "codes-long.xlsx")),
        _long_annual,
        annual=True,
        budgets=True,
        codes=True,
        stray=(*SIGNATURE_DINAS, "JUMLAH"),
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
        "12-html-from-excel-codes",
        _html(_programs, "codes.htm"),
        _programs_annual,
        annual=True,
        budgets=True,
        codes=True,
        stray=(*SIGNATURE, "JUMLAH"),
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
    assert long.count("program") == 8 and long.count("subkegiatan") >= 20
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
    assert "x:num=\"" in text and "x:str=\"'7.01.02\"" in text
    assert "<col width=" in text and "<![if supportMisc]>" in text
    assert "rowspan=2" in text and "colspan=3" in text


@pytest.mark.skipif(ol.soffice() is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("case_id", ["09-pdf-from-excel-codes", "10-pdf-from-word-broken-rows"])
def test_pdf_repeats_its_header_on_every_page(case_id: str, built) -> None:
    path, _plan, _truth = built(_case(case_id))
    grid = read_grid(path)
    pages = {r.ref for r in grid.rows if r.ref and r.ref.startswith("page")}
    assert len(pages) >= 2
    caption = "KODE" if case_id.startswith("09") else "NO"
    headers = {r.ref for r in grid.rows if r.cells and r.cells[0] == caption}
    assert headers == pages


@pytest.mark.skipif(ol.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_word_rows_break_across_pages(built) -> None:
    """At least one row of the Word table runs over a page end: a name begun at the foot of a
    page ends at the top of the next."""
    import pymupdf

    path, _plan, truth = built(_case("10-pdf-from-word-broken-rows"))
    with pymupdf.open(path) as pdf:
        pages = [" ".join(page.get_text().split()) for page in pdf]
    names = [ol.normal(n.name) or "" for n, _parent in truth.walk()]
    broken = [
        name
        for name in names
        if not any(name in page for page in pages)
        and any(page.endswith(name.split()[0]) or name.split()[0] in page for page in pages)
    ]
    assert broken, "no name is cut by a page break"


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
