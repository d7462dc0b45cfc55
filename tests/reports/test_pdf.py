"""The Rencana Aksi report as a PDF: read back with pdfplumber, and pages drawn as PNG to look at.

The sample's report must print landscape, title on page 1, the column headings on every page (the
<thead> repeats), the last rows present (nothing lost at a page break), the signature on the last
page and "Halaman N dari M" on each page. Imported names are text, never markup.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")
pdfplumber = pytest.importorskip("pdfplumber")

from renaksi.core.plan import Indicator, Node, Plan  # noqa: E402
from renaksi.importers import read_plan  # noqa: E402
from renaksi.reports import Signature, rencana_aksi  # noqa: E402
from renaksi.reports import pdf as pdf_renderer  # noqa: E402

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
ARTIFACTS = ROOT / "artifacts/reports"
SIGNATURE = Signature(
    place="Kaligondang",
    date=dt.date(2022, 1, 3),
    position="Camat Kaligondang",
    name="Drs. BUDI SANTOSO, M.Si",
    nip="19700101 199003 1 005",
)
HEADINGS = ["No", "Sasaran", "Indikator Kinerja", "Satuan", "Target", "TW I", "TW IV"]


def _flat(text: str) -> str:
    """Words joined by single spaces: wrapped cells break lines anywhere."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def report():
    return rencana_aksi.build(read_plan(SAMPLE), SIGNATURE)


@pytest.fixture(scope="module")
def pdf_bytes(report) -> bytes:
    return pdf_renderer.render(report)


@pytest.fixture(scope="module")
def pages(pdf_bytes) -> list[tuple[float, float, str]]:
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as doc:
        return [(p.width, p.height, p.extract_text() or "") for p in doc.pages]


def test_is_a_pdf_of_several_landscape_pages(pdf_bytes, pages) -> None:
    assert pdf_bytes.startswith(b"%PDF-")
    assert len(pages) >= 2, "the sample fills more than one page"
    for width, height, _text in pages:
        assert width > height
        assert round(width) == 842 and round(height) == 595  # A4 in points


def test_title_on_first_page(pages) -> None:
    first = pages[0][2]
    assert "RENCANA AKSI TAHUN 2022" in first
    assert "KECAMATAN KALIGONDANG" in first
    assert all("RENCANA AKSI TAHUN" not in text for _w, _h, text in pages[1:])


def test_header_repeats_on_every_page(pages) -> None:
    for number, (_w, _h, text) in enumerate(pages, start=1):
        for heading in HEADINGS:
            assert heading in text, f"page {number} lacks the heading {heading!r}"


def test_nothing_lost_first_and_last_rows_present(report, pages) -> None:
    text = _flat(" ".join(t for _w, _h, t in pages))
    first_names = [c.text for c in report.body[0] if c is not None and c.text]
    last_names = [c.text for c in report.body[-1] if c is not None and c.text]
    for name in first_names[:2] + last_names[:4]:
        # Compare word by word: a wrapped cell's words are in order, though lines interleave.
        words = _flat(name).split()
        assert words[0] in text and words[-1] in text, name
    last = report.body[-1]
    assert _flat(last[2].text).split()[0] in _flat(pages[-1][2])  # the last row's name


def test_signature_on_last_page_only(pages) -> None:
    last = _flat(pages[-1][2])
    for line in ("Kaligondang, 3 Januari 2022", "Camat Kaligondang", SIGNATURE.name):
        assert line in last
    assert f"NIP. {SIGNATURE.nip}" in last
    assert all(SIGNATURE.name not in text for _w, _h, text in pages[:-1])


@pytest.mark.parametrize("programs", [23, 24, 25, 29])
def test_signature_never_alone_on_a_page(programs: int) -> None:
    """With 23 programs the table ends near the foot of page 1: from 24 on, the signature would
    go alone to page 2, which officials do not sign. The last rows go with it instead."""
    nodes = [
        Node(
            "program",
            f"Program Nomor {i}",
            number=str(i),
            indicators=[
                Indicator(
                    f"Indikator {i}",
                    objective="Tersedianya Layanan",
                    unit="%",
                    targets={"TW1": 1, "TW2": 2, "TW3": 3, "TW4": 4},
                )
            ],
        )
        for i in range(1, programs + 1)
    ]
    plan = Plan(
        unit="Kecamatan Contoh", year=2024, periods=["TW1", "TW2", "TW3", "TW4"], nodes=nodes
    )
    data = pdf_renderer.render(rencana_aksi.build(plan, SIGNATURE))
    with pdfplumber.open(io.BytesIO(data)) as doc:
        texts = [_flat(page.extract_text() or "") for page in doc.pages]
    assert len(texts) == (1 if programs == 23 else 2)
    assert SIGNATURE.name in texts[-1]
    assert f"Program Nomor {programs}" in texts[-1]
    for heading in HEADINGS:
        assert heading in texts[-1]


def test_page_numbers(pages) -> None:
    total = len(pages)
    for number, (_w, _h, text) in enumerate(pages, start=1):
        assert f"Halaman {number} dari {total}" in text


def test_every_cell_is_inside_the_page(pdf_bytes) -> None:
    """Nothing cut off: every character lies within the page, none beyond the right margin."""
    with pdfplumber.open(io.BytesIO(pdf_bytes)) as doc:
        for page in doc.pages:
            assert page.chars
            assert max(c["x1"] for c in page.chars) <= page.width - 10
            assert min(c["x0"] for c in page.chars) >= 10
            assert max(c["bottom"] for c in page.chars) <= page.height


def test_f4_paper_is_longer() -> None:
    plan = _plan("Kegiatan Biasa", "Indikator Biasa")
    with pdfplumber.open(io.BytesIO(pdf_renderer.render(rencana_aksi.build(plan), "F4"))) as doc:
        page = doc.pages[0]
        assert round(page.width) == round(330 / 25.4 * 72)
        assert round(page.height) == round(215 / 25.4 * 72)
    with pytest.raises(ValueError, match="unknown paper"):
        pdf_renderer.render(rencana_aksi.build(plan), "Letter")


def _plan(name: str, indicator: str) -> Plan:
    node = Node(
        "kegiatan",
        name,
        number="1",
        indicators=[
            Indicator(
                indicator,
                objective="Sasaran & <i>x</i>",
                unit="%",
                annual_target=100,
                targets={"TW1": 25, "TW2": 50, "TW3": 75, "TW4": 100},
            )
        ],
    )
    return Plan(
        unit="Kecamatan <i>Uji</i> & Co",
        year=2024,
        periods=["TW1", "TW2", "TW3", "TW4"],
        nodes=[node],
    )


def test_imported_names_are_text_not_markup() -> None:
    # Short names, so that each fits on one line of its cell and reads back whole.
    plan = _plan("<b>Sarana</b> & Co", "<script>x()</script>")
    plan.nodes[0].indicators[0].unit = "&amp;"
    signature = Signature(place="Kota <b>", position="Camat & Staf", name="<u>Nama</u>")
    report = rencana_aksi.build(plan, signature)
    markup = pdf_renderer.to_html(report)
    assert "<script>" not in markup and "<b>Sarana" not in markup and "<u>Nama" not in markup
    assert "&lt;script&gt;x()&lt;/script&gt;" in markup and "&amp;amp;" in markup
    with pdfplumber.open(io.BytesIO(pdf_renderer.render(report))) as doc:
        text = " ".join(p.extract_text() or "" for p in doc.pages)
    assert "Kegiatan <b>Sarana</b> & Co" in text
    assert "<script>x()</script>" in text
    assert "&amp;" in text  # printed as the plan spells it, not decoded
    assert "KECAMATAN <I>UJI</I> & CO" in text
    assert "Sasaran & <i>x</i>" in text
    assert "<u>Nama</u>" in text and "Camat & Staf" in text and "Kota <b>" in text


def test_several_tables_render_one_table_each() -> None:
    """A report holding several tables (``report.tables()``) prints each under its heading."""

    class Table:
        def __init__(self, heading, header, body, widths):
            self.heading, self.header, self.body, self.widths = heading, header, body, widths

        def check(self) -> None:
            pass

    report = rencana_aksi.build(read_plan(SAMPLE), SIGNATURE)
    parts = [
        Table("A. Bagian <Satu>", report.header, report.body[:3], report.widths),
        Table("B. Bagian Dua", report.header, report.body[3:6], report.widths),
    ]
    report.tables = lambda: parts
    markup = pdf_renderer.to_html(report)
    assert markup.count("<table>") == 2 and markup.count("<thead>") == 2
    assert "A. Bagian &lt;Satu&gt;" in markup and "B. Bagian Dua" in markup
    with pdfplumber.open(io.BytesIO(pdf_renderer.render(report))) as doc:
        text = " ".join(p.extract_text() or "" for p in doc.pages)
    assert "A. Bagian <Satu>" in text and "B. Bagian Dua" in text


# -- pages drawn, to look at ---------------------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None,
    reason="pdftoppm (Debian's poppler-utils) is not installed: pages are not drawn as PNG",
)
def test_pages_drawn_as_png(pdf_bytes) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / "rencana-aksi-kaligondang.pdf"
    source.write_bytes(pdf_bytes)
    prefix = ARTIFACTS / "rencana-aksi-kaligondang-page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(source), str(prefix)],
        check=True,
        timeout=60,
    )
    drawn = sorted(ARTIFACTS.glob("rencana-aksi-kaligondang-page-*.png"))
    assert [re.search(r"-(\d+)\.png$", p.name).group(1).lstrip("0") for p in drawn][:2] == [
        "1",
        "2",
    ]
    for png in drawn:
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG")
        width = int.from_bytes(data[16:20], "big")
        height = int.from_bytes(data[20:24], "big")
        assert width > height  # landscape as drawn


# -- every report of the registry ---------------------------------------------------------------


def test_font_size_shrinks_wide_tables_only() -> None:
    assert pdf_renderer.font_size([5, 38, 30, 34, 10, 10, 9, 9, 9, 9], 277) == 8.0
    assert 6.0 < pdf_renderer.font_size([10] * 22, 277) < 8.0
    assert pdf_renderer.font_size([10] * 60, 277) == 6.0
    assert pdf_renderer.font_size([10] * 22, 310) > pdf_renderer.font_size([10] * 22, 277)


def _every_report():
    from renaksi.reports import REPORTS

    from .test_builders import SIGNATURE as SIGNED
    from .test_builders import hand_monitoring

    plan = read_plan(SAMPLE)
    monitoring = hand_monitoring(plan)
    return [
        (key, kind.build(plan, monitoring, period="TW2", signature=SIGNED))
        for key, kind in REPORTS.items()
    ]


def _inside(page, box) -> list[str]:
    """Characters of the cell ``box`` (x0, top, x1, bottom) that stray past its right side."""
    x0, top, x1, bottom = box
    return [
        c["text"]
        for c in page.chars
        if x0 <= c["x0"] < x1 and top <= c["top"] < bottom and c["x1"] > x1 + 0.5
    ]


def test_every_report_prints_within_its_cells() -> None:
    """Each report of the registry: its tables' headings and notes present, the signature on the
    last page, and no character past the right side of its cell (numbers of wide tables fit)."""
    for key, report in _every_report():
        with pdfplumber.open(io.BytesIO(pdf_renderer.render(report))) as doc:
            text = " ".join(p.extract_text() or "" for p in doc.pages)
            for table in report.tables():
                if table.heading:
                    assert _flat(table.heading) in _flat(text), (key, table.heading)
            for note in report.notes:
                assert _flat(note)[:40] in _flat(text), (key, note)
            assert "BUDI" in (doc.pages[-1].extract_text() or ""), key
            for page in doc.pages:
                assert (page.width > page.height) == report.landscape, key
                for table in page.find_tables():
                    for row in table.rows:
                        for box in row.cells:
                            if box is not None:
                                assert not _inside(page, box), (key, page.page_number, box)


def test_empty_plans_and_reports_render() -> None:
    from renaksi.reports import REPORTS, Report
    from renaksi.reports.data import Monitoring

    empty = Plan(periods=["TW1", "TW2", "TW3", "TW4"])
    for key, kind in REPORTS.items():
        data = pdf_renderer.render(kind.build(empty, Monitoring(), period="TW1"))
        with pdfplumber.open(io.BytesIO(data)) as doc:
            assert len(doc.pages) == 1, key
            assert "Halaman 1 dari 1" in (doc.pages[0].extract_text() or ""), key
    bare = Report(name="kosong", title=[], header=[], body=[], widths=[])
    assert pdf_renderer.render(bare).startswith(b"%PDF-")
