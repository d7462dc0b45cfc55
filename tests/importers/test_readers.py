"""The format readers: each file in, the exact grid out (cells, lines, refs), or one clear error.

Every document is built here, in tmp_path, by ``tests/builders.py``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from renaksi.importers import UnreadableDocument, read_grid
from renaksi.importers.csv import read_csv
from renaksi.importers.docx import read_docx
from renaksi.importers.grid import Grid
from renaksi.importers.html import read_html
from renaksi.importers.pdf import read_pdf
from renaksi.importers.xlsx import read_xlsx
from tests.builders import (
    Table,
    build_csv,
    build_document,
    build_docx,
    build_html,
    build_image_pdf,
    build_pdf,
    build_text_pdf,
    build_xlsx,
)

TITLE = "RENCANA AKSI TAHUN 2022\nKECAMATAN KALIGONDANG"

# A small plan table: a two-row header whose first row has merged cells (SASARAN over two
# columns, TARGET over two), a sasaran name merged over four rows, quarters and targets.
PLAN = [
    ["SASARAN", "", "TARGET", ""],
    ["URAIAN", "INDIKATOR KINERJA", "TW", "NILAI"],
    ["1. Program Penunjang", "1. Nilai SAKIP", "TW I", "25%"],
    ["", "", "TW II", "50%"],
    ["", "", "TW III", "75%"],
    ["", "", "TW IV", "100%"],
]
PLAN_MERGES = [(0, 0, 1, 2), (0, 2, 1, 2), (2, 0, 4, 1), (2, 1, 4, 1)]
SECOND = [["NO", "KEGIATAN"], ["1", "Rapat koordinasi"]]


def rows(grid: Grid) -> list[tuple[int, list[str], str | None]]:
    return [(row.line, row.cells, row.ref) for row in grid.rows]


def cells(grid: Grid) -> list[list[str]]:
    return [row.cells for row in grid.rows]


def unreadable(read, path: Path) -> str:
    with pytest.raises(UnreadableDocument) as info:
        read(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(path.name + ":") or message.startswith(str(path))
    return message


# -- xlsx --------------------------------------------------------------------------------------


def test_xlsx_merges_numbers_and_sheets(tmp_path):
    table = [
        ["SASARAN", "", "TARGET", ""],
        ["1. Program Penunjang\nUrusan", "TW I", 0.25, 0.9],
        ["", "TW II", 0.5, 25.0],
        ["Tanggal", dt.datetime(2022, 3, 31), True, 1234567.5],
    ]
    path = build_xlsx(
        tmp_path / "plan.xlsx",
        table,
        merges=[(0, 0, 1, 2), (0, 2, 1, 2), (1, 0, 2, 1)],
        title=TITLE,
        number_formats={(1, 2): "0%", (2, 2): "0.0%"},
        more_sheets={"Lampiran": [["NO", "KEGIATAN"], [1, "Rapat"]]},
        hidden_sheets={"Data": [["tersembunyi"]]},
    )
    expected = [
        (1, ["RENCANA AKSI TAHUN 2022"], "Rencana Aksi"),
        (2, ["KECAMATAN KALIGONDANG"], "Rencana Aksi"),
        (3, [""], "Rencana Aksi"),
        # the merged ranges' covered cells are "" (trailing ones dropped)
        (4, ["SASARAN", "", "TARGET"], "Rencana Aksi"),
        (5, ["1. Program Penunjang Urusan", "TW I", "25%", "0,9"], "Rencana Aksi"),
        (6, ["", "TW II", "50%", "25"], "Rencana Aksi"),
        (7, ["Tanggal", "2022-03-31", "TRUE", "1234567,5"], "Rencana Aksi"),
        (8, [""], "Rencana Aksi"),  # between sheets
        (1, ["NO", "KEGIATAN"], "Lampiran"),
        (2, ["1", "Rapat"], "Lampiran"),
    ]
    assert rows(read_xlsx(path)) == expected
    assert rows(read_grid(path)) == expected


def test_xlsx_blanks_values_left_in_merged_cells(tmp_path):
    # LibreOffice ("keep the contents of hidden cells") and some generators leave values in the
    # cells a merge covers; Excel does not show them, nor should the grid.
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in (["SASARAN", "old", "x"], ["stale", "also", "y"]):
        ws.append(row)
    ws.merged_cells.add("A1:B2")  # adds the range without emptying the cells, unlike merge_cells
    wb.save(tmp_path / "stale.xlsx")
    assert cells(read_xlsx(tmp_path / "stale.xlsx")) == [["SASARAN", "", "x"], ["", "", "y"]]


def test_xlsx_number_formats(tmp_path):
    values = [
        (0.07, "0%", "7%"),  # 7.000000000000001 after * 100: shown as Excel shows it
        (1, "0%", "100%"),
        (0.125, "0.00%", "12,5%"),
        (25, '0"%"', "25"),  # a literal percent sign: no scaling
        (25, "0\\%", "25"),
        (0.1 + 0.2, "General", "0,3"),
        (1e-5, "General", "0,00001"),
        (-0.0, "General", "0"),
        (3, "#,##0", "3"),
        (1234567, "#,##0", "1234567"),  # no thousands separator
        (dt.date(2022, 12, 31), "yyyy-mm-dd", "2022-12-31"),
        (dt.datetime(2022, 1, 2, 10, 30), "yyyy-mm-dd hh:mm", "2022-01-02 10:30"),
        (False, "General", "FALSE"),
        ("  teks  ", "@", "teks"),
    ]
    path = build_xlsx(
        tmp_path / "n.xlsx",
        [[value, "|"] for value, _, _ in values],
        number_formats={(i, 0): fmt for i, (_, fmt, _) in enumerate(values)},
    )
    assert [row.cells[0] for row in read_xlsx(path).rows] == [text for _, _, text in values]


def test_xlsx_empty_rows_collapse_and_lines_are_row_numbers(tmp_path):
    path = tmp_path / "gaps.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["B3"] = "URAIAN"
    ws["C3"] = "TARGET"
    ws["B7"] = "Kegiatan"
    ws["C7"] = "25%"
    ws["A9000"].number_format = "0%"  # a formatted but empty cell far below
    wb.save(path)
    assert rows(read_xlsx(path)) == [
        (3, ["", "URAIAN", "TARGET"], "Sheet"),
        (4, [""], "Sheet"),  # rows 4-6, as one blank row
        (7, ["", "Kegiatan", "25%"], "Sheet"),
    ]


def test_xlsx_without_values(tmp_path):
    path = build_xlsx(tmp_path / "empty.xlsx", [])
    assert unreadable(read_xlsx, path) == "empty.xlsx: no table found"


def test_xlsx_corrupt(tmp_path):
    whole = build_xlsx(tmp_path / "plan.xlsx", PLAN).read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(whole[: len(whole) // 2])
    message = "truncated.xlsx: corrupt or truncated Excel file (not a complete zip archive)"
    assert unreadable(read_xlsx, truncated) == message
    assert unreadable(read_grid, truncated) == message

    noise = tmp_path / "noise.xlsx"
    noise.write_bytes(os.urandom(2000))
    assert "corrupt" in unreadable(read_xlsx, noise)
    assert "corrupt" in unreadable(read_grid, noise)

    damaged = tmp_path / "damaged.xlsx"
    data = bytearray(whole)
    data[len(data) // 3 : len(data) // 3 + 100] = bytes(100)
    damaged.write_bytes(bytes(data))
    assert "corrupt or unreadable Excel file" in unreadable(read_xlsx, damaged)


def test_xlsx_encrypted(tmp_path):
    # Excel saves a password-protected workbook as an OLE compound file.
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(1000))
    assert "password-protected" in unreadable(read_grid, path)
    assert "password-protected" in unreadable(read_xlsx, path)


def test_xlsx_that_is_a_word_file(tmp_path):
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(build_docx(tmp_path / "plan.docx", PLAN).read_bytes())
    assert "corrupt or unreadable Excel file" in unreadable(read_xlsx, path)


# -- docx --------------------------------------------------------------------------------------


def test_docx_title_merges_and_two_tables(tmp_path):
    path = build_docx(
        tmp_path / "plan.docx",
        PLAN,
        merges=PLAN_MERGES,
        title=TITLE,
        more_tables=[Table(SECOND)],
        between="Tabel 2",
    )
    expected = [
        (1, ["RENCANA AKSI TAHUN 2022"], None),
        (2, ["KECAMATAN KALIGONDANG"], None),
        (3, [""], None),
        (4, ["SASARAN", "", "TARGET", ""], "table 1"),
        (5, ["URAIAN", "INDIKATOR KINERJA", "TW", "NILAI"], "table 1"),
        (6, ["1. Program Penunjang", "1. Nilai SAKIP", "TW I", "25%"], "table 1"),
        (7, ["", "", "TW II", "50%"], "table 1"),
        (8, ["", "", "TW III", "75%"], "table 1"),
        (9, ["", "", "TW IV", "100%"], "table 1"),
        (10, [""], None),
        (11, ["Tabel 2"], None),
        (12, [""], None),
        (13, ["NO", "KEGIATAN"], "table 2"),
        (14, ["1", "Rapat koordinasi"], "table 2"),
    ]
    assert rows(read_docx(path)) == expected
    assert rows(read_grid(path)) == expected


def test_docx_merges_are_in_the_xml(tmp_path):
    # Guard against the builder silently not merging: the reader's "" must come from a merge.
    from docx import Document

    path = build_docx(tmp_path / "plan.docx", PLAN, merges=PLAN_MERGES)
    xml = Document(str(path)).tables[0]._tbl.xml
    assert 'w:gridSpan w:val="2"' in xml
    assert 'w:vMerge w:val="restart"' in xml
    assert "<w:vMerge/>" in xml


def test_docx_cell_text(tmp_path):
    # Paragraphs and line breaks in a cell become spaces; tracked insertions count, tracked
    # deletions do not; consecutive tables with only an empty paragraph between are separated.
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    path = build_docx(
        tmp_path / "cells.docx", [["a", "b"]], more_tables=[Table([["c", "d"], ["", ""]])]
    )
    doc = Document(str(path))
    first = doc.tables[0].cell(0, 0)
    first.text = "Program\nPenunjang"  # a line break within the paragraph
    first.add_paragraph("Urusan")
    p = doc.tables[0].cell(0, 1).paragraphs[0]._p
    p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="x"><w:r><w:t> baru</w:t></w:r></w:ins>'
        )
    )
    p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="x"><w:r><w:delText> lama</w:delText></w:r></w:del>'
        )
    )
    doc.save(path)
    assert rows(read_docx(path)) == [
        (1, ["Program Penunjang Urusan", "b baru"], "table 1"),
        (2, [""], None),
        (3, ["c", "d"], "table 2"),  # its empty row is left out
    ]


def test_docx_row_starting_late(tmp_path):
    # w:gridBefore: the row's first cell sits in a later grid column.
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    path = build_docx(tmp_path / "late.docx", [["a", "b", "c"], ["d", "e", ""]])
    doc = Document(str(path))
    tr = doc.tables[0].rows[1]._tr
    tr.remove(tr.tc_lst[-1])
    tr.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="1"/></w:trPr>'))
    doc.save(path)
    assert cells(read_docx(path)) == [["a", "b", "c"], ["", "d", "e"]]


def test_docx_without_table(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("RENCANA AKSI TAHUN 2022")
    doc.save(tmp_path / "text.docx")
    assert unreadable(read_docx, tmp_path / "text.docx") == "text.docx: no table found"


def test_docx_corrupt(tmp_path):
    whole = build_docx(tmp_path / "plan.docx", PLAN).read_bytes()
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(whole[: len(whole) - 100])
    message = "truncated.docx: corrupt or truncated Word file (not a complete zip archive)"
    assert unreadable(read_docx, truncated) == message
    assert unreadable(read_grid, truncated) == message

    renamed = tmp_path / "renamed.docx"
    renamed.write_bytes(build_xlsx(tmp_path / "plan.xlsx", PLAN).read_bytes())
    message = unreadable(read_docx, renamed)
    assert "corrupt or unreadable Word file" in message
    assert str(tmp_path) not in message  # the name, not the whole path


# -- html --------------------------------------------------------------------------------------


def test_html_spans_entities_and_two_tables(tmp_path):
    table = [row[:] for row in PLAN]
    table[3][3] = "<script>alert(1)</script>"
    path = build_html(
        tmp_path / "plan.html",
        table,
        merges=PLAN_MERGES,
        title=TITLE,
        header_rows=2,
        more_tables=[Table(SECOND)],
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in path.read_text()
    expected = [
        (1, ["RENCANA AKSI TAHUN 2022"], None),
        (2, ["KECAMATAN KALIGONDANG"], None),
        (3, [""], None),
        (4, ["SASARAN", "", "TARGET", ""], "table 1"),
        (5, ["URAIAN", "INDIKATOR KINERJA", "TW", "NILAI"], "table 1"),
        (6, ["1. Program Penunjang", "1. Nilai SAKIP", "TW I", "25%"], "table 1"),
        (7, ["", "", "TW II", "<script>alert(1)</script>"], "table 1"),
        (8, ["", "", "TW III", "75%"], "table 1"),
        (9, ["", "", "TW IV", "100%"], "table 1"),
        (10, [""], None),
        (11, ["NO", "KEGIATAN"], "table 2"),
        (12, ["1", "Rapat koordinasi"], "table 2"),
    ]
    assert rows(read_html(path)) == expected
    assert rows(read_grid(path)) == expected


def test_html_markup_as_found_in_the_wild(tmp_path):
    page = """<html><head><title>ignored</title><style>td { color: red }</style>
    <script>document.write("<table><tr><td>no</td></tr></table>")</script></head>
    <body><h2>Rencana Aksi<br>Kecamatan &amp; Desa</h2>
    <table border=1><caption>Tabel 1</caption>
      <tr><th rowspan=2>URAIAN<th colspan="2">TARGET
      <tr><td>TW&nbsp;I<td><b>25</b>%
      <tr><td>Program<br/>Penunjang</td><td><p>TW II</p></td><td>50%</td></tr>
      <tr><td colspan="0">broken span</td><td rowspan="x">y</td></tr>
    </table>
    <p>Catatan: &lt;b&gt; bukan tag</p>
    </body></html>"""
    path = tmp_path / "wild.htm"
    path.write_text(page, encoding="utf-8")
    assert rows(read_html(path)) == [
        (1, ["Rencana Aksi"], None),
        (2, ["Kecamatan & Desa"], None),
        (3, ["Tabel 1"], None),
        (4, [""], None),
        (5, ["URAIAN", "TARGET", ""], "table 1"),
        (6, ["", "TW I", "25%"], "table 1"),  # unclosed td/tr; "25" in <b> then "%"
        (7, ["Program Penunjang", "TW II", "50%"], "table 1"),
        (8, ["broken span", "y", ""], "table 1"),
        (9, [""], None),
        (10, ["Catatan: <b> bukan tag"], None),
    ]


def test_html_nested_table_and_layout_table(tmp_path):
    page = """<table><tr><td>
      <table><tr><th>NO</th><th>URAIAN</th></tr><tr><td>1</td><td>Rapat</td></tr></table>
    </td></tr></table>"""
    path = tmp_path / "layout.html"
    path.write_text(page)
    # The outer layout table holds no text of its own and vanishes.
    assert rows(read_html(path)) == [
        (1, ["NO", "URAIAN"], "table 2"),
        (2, ["1", "Rapat"], "table 2"),
    ]


def test_html_windows_1252(tmp_path):
    path = tmp_path / "word.htm"
    path.write_bytes("<table><tr><td>Café</td><td>25%</td></tr></table>".encode("cp1252"))
    assert cells(read_html(path)) == [["Café", "25%"]]


def test_html_without_table(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><h1>RENCANA AKSI</h1><p>Belum ada tabel.</p></body></html>")
    assert unreadable(read_html, path) == "page.html: no table found"
    assert unreadable(read_grid, path) == "page.html: no table found"


# -- csv ---------------------------------------------------------------------------------------


def test_csv_semicolons_and_multiline_cell(tmp_path):
    table = [
        ["URAIAN", "INDIKATOR", "TW", "TARGET"],
        ["1. Program Penunjang\nUrusan Pemerintah", "Nilai; SAKIP", "TW I", "0,25"],
        ["", "", "TW II", "0,5"],
    ]
    path = build_csv(tmp_path / "plan.csv", table, title="RENCANA AKSI", delimiter=";")
    assert path.read_bytes().startswith(b"RENCANA AKSI\r\n\r\nURAIAN;INDIKATOR;TW;TARGET\r\n")
    expected = [
        (1, ["RENCANA AKSI"], None),
        (2, [""], None),
        (3, ["URAIAN", "INDIKATOR", "TW", "TARGET"], None),
        (4, ["1. Program Penunjang Urusan Pemerintah", "Nilai; SAKIP", "TW I", "0,25"], None),
        (6, ["", "", "TW II", "0,5"], None),  # the record above took lines 4 and 5
    ]
    assert rows(read_csv(path)) == expected
    assert rows(read_grid(path)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a,b,c\n1,2,3\n", [["a", "b", "c"], ["1", "2", "3"]]),
        ('a,b\n"x, y",2\n', [["a", "b"], ["x, y", "2"]]),
        ("a\tb\n0,5\t1\n", [["a", "b"], ["0,5", "1"]]),
        # every row has as many commas (decimals) as it has semicolons minus some: ";" wins
        (
            "A;B;C;D\nx;0,25;1,5;y\nz;0,5;2,5;w\n",
            [["A", "B", "C", "D"], ["x", "0,25", "1,5", "y"], ["z", "0,5", "2,5", "w"]],
        ),
        ("sep=;\na,b;c\n", [["a,b", "c"]]),
        ("satu kolom\nbaris dua\n", [["satu kolom"], ["baris dua"]]),
    ],
)
def test_csv_delimiter(tmp_path, text, expected):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8", newline="")
    assert cells(read_csv(path)) == expected


def test_csv_sep_line_keeps_line_numbers(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text("sep=;\nURAIAN;TARGET\nRapat;25%\n", newline="")
    assert rows(read_csv(path)) == [(2, ["URAIAN", "TARGET"], None), (3, ["Rapat", "25%"], None)]


def test_csv_encodings(tmp_path):
    table = [["URAIAN", "KET"], ["Café dinas", "é"]]
    cp1252 = build_csv(tmp_path / "cp1252.csv", table, encoding="cp1252")
    bom = build_csv(tmp_path / "bom.csv", table, encoding="utf-8-sig")
    assert b"Caf\xe9" in cp1252.read_bytes()
    assert cells(read_csv(cp1252)) == table
    assert cells(read_csv(bom)) == table


def test_csv_unreadable(tmp_path):
    blank = tmp_path / "blank.csv"
    blank.write_text("\n;;\n\n")
    assert unreadable(read_csv, blank) == "blank.csv: no table found"
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\x00\x01" + os.urandom(100))
    assert "binary data" in unreadable(read_csv, binary)


# -- pdf ---------------------------------------------------------------------------------------


def test_pdf_title_and_table(tmp_path):
    path = build_pdf(tmp_path / "plan.pdf", PLAN, merges=PLAN_MERGES, title=TITLE)
    expected = [
        (1, ["RENCANA AKSI TAHUN 2022"], "page 1"),
        (2, ["KECAMATAN KALIGONDANG"], "page 1"),
        (3, [""], None),
        (4, ["SASARAN", "", "TARGET", ""], "page 1"),
        (5, ["URAIAN", "INDIKATOR KINERJA", "TW", "NILAI"], "page 1"),
        (6, ["1. Program Penunjang", "1. Nilai SAKIP", "TW I", "25%"], "page 1"),
        (7, ["", "", "TW II", "50%"], "page 1"),
        (8, ["", "", "TW III", "75%"], "page 1"),
        (9, ["", "", "TW IV", "100%"], "page 1"),
    ]
    assert rows(read_pdf(path)) == expected
    assert rows(read_grid(path)) == expected


def test_pdf_wrapped_cell_text(tmp_path):
    long = "Program Penunjang Urusan Pemerintah Daerah Kabupaten/Kota " * 4
    path = build_pdf(tmp_path / "wrap.pdf", [["URAIAN", "TARGET"], [long, "25%"]])
    assert cells(read_pdf(path)) == [["URAIAN", "TARGET"], [long.strip(), "25%"]]


def test_pdf_table_over_two_pages_with_repeated_header(tmp_path):
    header = ["NO", "URAIAN", "TW", "TARGET"]
    body = [[str(n), f"Kegiatan {n}", "TW I", "25%"] for n in range(1, 61)]
    path = build_pdf(tmp_path / "long.pdf", [header, *body], title="RENCANA AKSI")
    got = rows(read_pdf(path))
    assert got[:3] == [(1, ["RENCANA AKSI"], "page 1"), (2, [""], None), (3, header, "page 1")]
    # Each page's part of the table is a table: a blank row, then the repeated header.
    breaks = [i for i, (_, row, _) in enumerate(got) if row == [""]][1:]
    assert breaks
    for i in breaks:
        assert got[i + 1][1] == header
        assert got[i + 1][2] == f"page {int(got[i - 1][2].split()[1]) + 1}"
    data = [row for _, row, _ in got if row not in ([""], header)][1:]
    assert data == body
    assert [line for line, _, _ in got] == list(range(1, len(got) + 1))
    assert got[-1][2] != "page 1"


def test_pdf_without_ruling_lines_uses_text_alignment(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "plain.pdf"
    c = canvas.Canvas(str(path))
    for i, row in enumerate(
        [["NO", "URAIAN", "TARGET"], ["1", "Rapat", "25%"], ["2", "Laporan", "50%"]]
    ):
        for x, text in zip((72, 150, 350), row, strict=True):
            c.drawString(x, 740 - 20 * i, text)
    c.save()
    got = read_pdf(path)
    assert {row.ref for row in got.rows} == {"page 1"}
    assert [[c for c in row if c] for row in cells(got)] == [
        ["NO", "URAIAN", "TARGET"],
        ["1", "Rapat", "25%"],
        ["2", "Laporan", "50%"],
    ]


def test_pdf_with_text_but_no_table(tmp_path):
    path = build_text_pdf(tmp_path / "letter.pdf", ["RENCANA AKSI TAHUN 2022"])
    assert unreadable(read_pdf, path) == "letter.pdf: no table found"


def test_pdf_password(tmp_path):
    path = build_pdf(tmp_path / "locked.pdf", PLAN, password="secret")
    message = "locked.pdf: the PDF is password-protected; save or print it again as a PDF without a password"
    assert unreadable(read_pdf, path) == message
    assert unreadable(read_grid, path) == message


def test_pdf_scanned(tmp_path):
    path = build_image_pdf(tmp_path / "scan.pdf")
    message = unreadable(read_pdf, path)
    assert "no text layer" in message
    assert "OCR" in message


def test_pdf_corrupt(tmp_path):
    whole = build_pdf(tmp_path / "plan.pdf", PLAN).read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(whole[: len(whole) // 2])
    assert unreadable(read_pdf, truncated).startswith("truncated.pdf: corrupt or unreadable PDF (")
    assert unreadable(read_grid, truncated).startswith("truncated.pdf: corrupt or unreadable PDF (")
    header_only = tmp_path / "header.pdf"
    header_only.write_bytes(b"%PDF-1.4\n" + os.urandom(500))
    assert "corrupt or unreadable PDF" in unreadable(read_pdf, header_only)


# -- every format ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".docx", ".html", ".pdf"])
def test_same_table_same_cells_in_every_format(tmp_path, suffix):
    path = build_document(
        tmp_path / f"plan{suffix}",
        PLAN,
        merges=PLAN_MERGES,
        title=TITLE,
        more_tables=[Table(SECOND)],
    )
    expected = [
        ["RENCANA AKSI TAHUN 2022"],
        ["KECAMATAN KALIGONDANG"],
        [""],
        *PLAN,
        [""],
        *SECOND,
    ]
    got = cells(read_grid(path))
    if suffix == ".xlsx":  # trailing empty cells are dropped
        got[3] += [""]
    assert got == expected


@pytest.mark.parametrize("suffix", [".csv", ".txt"])
def test_same_table_same_cells_in_text_formats(tmp_path, suffix):
    path = build_document(
        tmp_path / f"plan{suffix}", PLAN, title=TITLE, more_tables=[Table(SECOND)]
    )
    expected = [["RENCANA AKSI TAHUN 2022"], ["KECAMATAN KALIGONDANG"], [""], *PLAN, [""], *SECOND]
    assert cells(read_grid(path)) == expected
