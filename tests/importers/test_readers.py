"""The format readers: each file in, the exact grid out (cells, lines, refs), or one clear error.

Every document is built here, in tmp_path, by ``tests/builders.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from renaksi.importers import UnreadableDocument, read_grid
from renaksi.importers.csv import read_csv
from renaksi.importers.doc import soffice
from renaksi.importers.docx import read_docx
from renaksi.importers.grid import PLAIN, CellStyle, Grid
from renaksi.importers.html import read_html
from renaksi.importers.pdf import read_pdf
from renaksi.importers.xls import read_xls
from renaksi.importers.xlsx import read_xlsx
from tests.builders import (
    Table,
    build_csv,
    build_document,
    build_docx,
    build_html,
    build_image_pdf,
    build_ole,
    build_pdf,
    build_text_pdf,
    build_xls,
    build_xlsx,
    convert_with_libreoffice,
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


# -- xlsx and xls ------------------------------------------------------------------------------

# Both workbook formats, built by openpyxl (.xlsx) and xlwt (.xls), read to the same grid.
EXCEL = [
    pytest.param(".xlsx", build_xlsx, read_xlsx, id="xlsx"),
    pytest.param(".xls", build_xls, read_xls, id="xls"),
]


@pytest.mark.parametrize(("suffix", "build", "read"), EXCEL)
def test_excel_merges_numbers_and_sheets(tmp_path, suffix, build, read):
    table = [
        ["SASARAN", "", "TARGET", ""],
        ["1. Program Penunjang\nUrusan", "TW I", 0.25, 0.9],
        ["", "TW II", 0.5, 25.0],
        ["Tanggal", dt.datetime(2022, 3, 31), True, 1234567.5],
    ]
    path = build(
        tmp_path / f"plan{suffix}",
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
        (5, ["1. Program Penunjang\nUrusan", "TW I", "25%", "0,9"], "Rencana Aksi"),
        (6, ["", "TW II", "50%", "25"], "Rencana Aksi"),
        (7, ["Tanggal", "2022-03-31", "TRUE", "1234567,5"], "Rencana Aksi"),
        (8, [""], "Rencana Aksi"),  # between sheets
        (1, ["NO", "KEGIATAN"], "Lampiran"),
        (2, ["1", "Rapat"], "Lampiran"),
    ]
    assert rows(read(path)) == expected
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


@pytest.mark.parametrize(("suffix", "build", "read"), EXCEL)
def test_excel_number_formats(tmp_path, suffix, build, read):
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
        (dt.time(10, 30), "hh:mm", "10:30:00"),
        (False, "General", "FALSE"),
        ("  teks  ", "@", "teks"),
    ]
    path = build(
        tmp_path / f"n{suffix}",
        [[value, "|"] for value, _, _ in values],
        number_formats={(i, 0): fmt for i, (_, fmt, _) in enumerate(values)},
    )
    assert [row.cells[0] for row in read(path).rows] == [text for _, _, text in values]


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
    # Excel saves a password-protected workbook as an OLE compound file holding the encrypted
    # package; the reader alone only sees that it is not a zip archive.
    path = build_ole(
        tmp_path / "locked.xlsx", {"EncryptionInfo": b"\x04\x00", "EncryptedPackage": b"PK"}
    )
    assert unreadable(read_grid, path) == (
        "locked.xlsx: the file is password-protected (encrypted); save it without a password"
    )
    assert "password-protected" in unreadable(read_xlsx, path)


def test_xlsx_that_is_a_word_file(tmp_path):
    path = tmp_path / "renamed.xlsx"
    path.write_bytes(build_docx(tmp_path / "plan.docx", PLAN).read_bytes())
    assert "corrupt or unreadable Excel file" in unreadable(read_xlsx, path)


CORPUS_XLS = (
    Path(__file__).parents[1] / "corpus/docs/jabar-biro-perekonomian-renja-lampiran-2016.xls"
)


def test_xls_real_workbook_of_four_sheets():
    # Written by Excel in 2015: four sheets, merged title rows and header bands.
    grid = read_grid(CORPUS_XLS)
    refs = list(dict.fromkeys(row.ref for row in grid.rows))
    assert refs == ["Sheet", "J-1", "J-2", "J-3"]
    by_line = {(row.ref, row.line): row.cells for row in grid.rows}
    assert by_line["Sheet", 1] == ["Tabel"]  # the title, merged over the table's width
    assert by_line["Sheet", 6] == ["OPD : Biro Perekonomian"]
    assert by_line["Sheet", 8][:3] == ["BL Rutin OPD", "1.20.66", "Wajib"]
    assert ("Sheet", 5) not in by_line  # rows 4-5 are empty: one blank row
    assert by_line["J-2", 7][5:7] == ["2014", "2015"]  # years, written as numbers
    # the header band of J-1: "Kode" merged over five columns, its number row below
    assert by_line["J-1", 8][1:7] == [
        "Kode",
        "",
        "",
        "",
        "",
        "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan",
    ]
    assert by_line["J-1", 10][1:9] == ["1", "", "", "", "", "2", "", "3"]
    # a blank row between sheets, numbered after the sheet's last row
    ends = [i for i, row in enumerate(grid.rows) if i and row.ref != grid.rows[i - 1].ref]
    assert len(ends) == 3
    for i in ends:
        assert grid.rows[i - 1].is_blank()
        assert grid.rows[i - 1].line == grid.rows[i - 2].line + 1


@pytest.mark.parametrize(("suffix", "build", "read"), EXCEL)
def test_excel_styles_bold_indent_merged(tmp_path, suffix, build, read):
    path = build(
        tmp_path / f"styled{suffix}",
        [
            ["SASARAN", "", "TARGET", "KET"],
            ["Program A", "Nilai", "", "x"],
            ["Kegiatan A1", "", "", "y"],
        ],
        merges=[(0, 0, 1, 2), (1, 1, 2, 2)],
        bold=[(0, 0), (0, 2), (1, 0)],
        indents={(2, 0): 2},
    )
    grid = read(path)
    bold, plain = CellStyle(bold=True), CellStyle()
    assert [(row.cells, row.styles) for row in grid.rows] == [
        (["SASARAN", "", "TARGET", "KET"], [bold, CellStyle(covered="right"), bold, plain]),
        (["Program A", "Nilai", "", "x"], [bold, plain, CellStyle(covered="right"), plain]),
        (
            ["Kegiatan A1", "", "", "y"],
            [CellStyle(indent=2), CellStyle(covered="down"), CellStyle(covered="down"), plain],
        ),
    ]


def test_xls_saved_by_libreoffice_reads_as_the_xlsx(tmp_path):
    # LibreOffice writes BIFF8 as Excel does (shared strings, MULRK, merged-cell records),
    # unlike xlwt.
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot convert .xlsx to .xls")
    table = [["SASARAN", "", "TARGET"], ["Program A", "TW I", 0.25], ["", "TW II", 12.5]]
    xlsx = build_xlsx(
        tmp_path / "plan.xlsx",
        table,
        merges=[(0, 0, 1, 2), (1, 0, 2, 1)],
        title=TITLE,
        number_formats={(1, 2): "0%"},
    )
    xls = convert_with_libreoffice(xlsx, "xls", tmp_path / "converted")
    assert xls.read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    assert rows(read_grid(xls)) == rows(read_xlsx(xlsx))


def _xls_with_records(path: Path, *records: tuple[int, bytes]) -> Path:
    """An OLE file whose Workbook stream is a BOF record (BIFF8 globals) and ``records``."""
    import struct

    stream = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 5, 0, 0, 0, 6)
    for code, data in records:
        stream += struct.pack("<HH", code, len(data)) + data
    return build_ole(path, {"Workbook": stream + struct.pack("<HH", 0x000A, 0)})


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "locked.xls",
            lambda p: _xls_with_records(p, (0x002F, bytes(6))),  # FILEPASS: encrypted
            "locked.xls: the workbook is password-protected; save it again without a password "
            "(as .xlsx or .xls)",
        ),
        (
            "slides.xls",
            lambda p: build_ole(p, {"PowerPoint Document": b"x"}),
            "slides.xls: an old binary Office file that is neither an Excel .xls workbook nor a "
            "Word .doc document",
        ),
        (
            "locked.docx",
            lambda p: build_ole(p, {"EncryptionInfo": b"x", "EncryptedPackage": b"y"}),
            "locked.docx: the file is password-protected (encrypted); save it without a password",
        ),
        (
            "noise.xls",
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(3000)),
            "noise.xls: corrupt or truncated Excel .xls file (its directory cannot be read)",
        ),
        (
            "noise.doc",
            lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(3000)),
            "noise.doc: corrupt or truncated Word .doc file (its directory cannot be read)",
        ),
        (
            "garbage.xls",
            lambda p: p.write_bytes(b"\x01\x02 not a workbook" * 10),
            "garbage.xls: not a valid .xls file; corrupt or renamed",
        ),
        (
            "empty.xls",
            lambda p: build_xls(p, []),
            "empty.xls: no table found",
        ),
    ],
    ids=[
        "encrypted-xls",
        "powerpoint",
        "encrypted-docx",
        "noise-xls",
        "noise-doc",
        "garbage",
        "empty",
    ],
)
def test_old_office_files_refused(tmp_path, name, make, message):
    path = tmp_path / name
    make(path)
    assert unreadable(read_grid, path) == message


def test_xls_corrupt(tmp_path):
    whole = build_xls(tmp_path / "plan.xls", PLAN, merges=PLAN_MERGES).read_bytes()
    truncated = tmp_path / "truncated.xls"
    truncated.write_bytes(whole[: len(whole) // 2])
    assert unreadable(read_grid, truncated).startswith("truncated.xls: corrupt or truncated")
    assert unreadable(read_xls, truncated).startswith(
        "truncated.xls: corrupt or unreadable Excel .xls file ("
    )


XLS_ROWS = [["SASARAN", "", "TARGET"], ["URAIAN", "INDIKATOR KINERJA", "TW", "NILAI"]]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        # Recognised by content, whatever the name says.
        ("renamed.xlsx", "xls", XLS_ROWS),
        ("renamed.doc", "xls", XLS_ROWS),
        # What web applications "export to Excel": a page, or tab-separated text.
        (
            "export.xls",
            "<html><body><table><tr><th>URAIAN</th><th>TARGET</th></tr></table></body></html>",
            [["URAIAN", "TARGET"]],
        ),
        (
            "export.doc",
            "\ufeff<table><tr><td>URAIAN</td><td>TARGET</td></tr></table>",
            [["URAIAN", "TARGET"]],
        ),
        ("tab.xls", "URAIAN\tTARGET\nRapat\t25%\n", [["URAIAN", "TARGET"], ["Rapat", "25%"]]),
        ("utf16.xls", "\ufeffURAIAN\tTARGET\n".encode("utf-16-le"), [["URAIAN", "TARGET"]]),
    ],
)
def test_files_named_xls_or_doc_read_by_content(tmp_path, name, content, expected):
    path = tmp_path / name
    if content == "xls":
        path.write_bytes(build_xls(tmp_path / "real.xls", PLAN[:2]).read_bytes())
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert cells(read_grid(path)) == expected


@pytest.mark.parametrize(("suffix", "build", "read"), EXCEL)
def test_excel_with_too_many_rows_is_refused(tmp_path, monkeypatch, suffix, build, read):
    from renaksi.importers import common

    path = build(tmp_path / f"big{suffix}", [["NO", "URAIAN"]] + [[n, "x"] for n in range(5)])
    monkeypatch.setattr(common, "MAX_ROWS", 6)
    assert len(read(path).rows) == 6
    monkeypatch.setattr(common, "MAX_ROWS", 5)
    assert unreadable(read, path) == (
        f"big{suffix}: more than 5 rows with values; split the workbook or remove what is not "
        "the plan"
    )


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


def test_docx_cell_styles(tmp_path):
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm

    table = [
        ["URAIAN", "TARGET", ""],
        ["Program A", "TW I", "25%"],
        ["Kegiatan A1", "", "50%"],
        ["Sub B", "biasa", "tebal"],
    ]
    path = build_docx(tmp_path / "styled.docx", table, merges=[(0, 1, 1, 2), (1, 1, 2, 1)])
    doc = Document(str(path))
    heading = doc.styles.add_style("Kepala Tabel", WD_STYLE_TYPE.PARAGRAPH)
    heading.font.bold = True
    program = doc.styles.add_style("Program", WD_STYLE_TYPE.PARAGRAPH)
    program.base_style = heading  # bold by inheritance
    sub = doc.styles.add_style("Sub", WD_STYLE_TYPE.PARAGRAPH)
    sub.paragraph_format.left_indent = Cm(1.5)  # 850 twips: 3 steps of 0.5 cm
    strong = doc.styles.add_style("Tebal", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True
    cells = doc.tables[0].rows
    for cell in cells[0].cells[:2]:
        cell.paragraphs[0].runs[0].bold = True
    cells[1].cells[0].paragraphs[0].style = program
    cells[1].cells[2].paragraphs[0].style = program
    cells[1].cells[2].paragraphs[0].runs[0].bold = False  # the run's own w:b wins
    cells[2].cells[0].paragraphs[0].paragraph_format.left_indent = Cm(1)  # 567 twips: 2 steps
    cells[3].cells[0].paragraphs[0].style = sub
    cells[3].cells[2].paragraphs[0].runs[0].style = strong
    doc.save(path)
    bold, plain = CellStyle(bold=True), CellStyle()
    right, down = CellStyle(covered="right"), CellStyle(covered="down")
    assert [(row.cells, row.styles) for row in read_docx(path).rows] == [
        (["URAIAN", "TARGET", ""], [bold, bold, right]),
        (["Program A", "TW I", "25%"], [bold, plain, plain]),
        (["Kegiatan A1", "", "50%"], [CellStyle(indent=2), down, plain]),
        (["Sub B", "biasa", "tebal"], [CellStyle(indent=3), plain, bold]),
    ]


def test_docx_cell_text(tmp_path):
    # Paragraphs and line breaks in a cell become lines; tracked insertions count, tracked
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
        (1, ["Program\nPenunjang\nUrusan", "b baru"], "table 1"),
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


# -- doc (through LibreOffice) -----------------------------------------------------------------

needs_soffice = pytest.mark.skipif(
    soffice() is None, reason="LibreOffice (soffice) is not installed: .doc files cannot be made"
)


def _plan_doc(tmp_path: Path, name: str = "plan") -> Path:
    path = build_docx(
        tmp_path / f"{name}.docx",
        PLAN,
        merges=PLAN_MERGES,
        title=TITLE,
        more_tables=[Table(SECOND)],
        between="Tabel 2",
    )
    from docx import Document

    # Word always ends a document with a paragraph; LibreOffice loses a table at the very end.
    doc = Document(str(path))
    doc.add_paragraph("Kaligondang, 3 Januari 2022")
    doc.save(path)
    return convert_with_libreoffice(path, "doc", tmp_path / f"{name}-doc")


@needs_soffice
def test_doc_converted_by_libreoffice(tmp_path):
    import tempfile

    path = _plan_doc(tmp_path)
    temporary = set(Path(tempfile.gettempdir()).glob("renaksi-doc-*"))
    assert path.read_bytes().startswith(b"\xd0\xcf\x11\xe0")  # a real Word 97 file
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
        (15, [""], None),
        (16, ["Kaligondang, 3 Januari 2022"], None),
    ]
    grid = read_grid(path)
    assert rows(grid) == expected
    assert grid.source == "plan.doc"
    # the copy, the profile and the converted file are gone with their temporary directory
    assert set(Path(tempfile.gettempdir()).glob("renaksi-doc-*")) == temporary


@needs_soffice
def test_doc_conversions_at_the_same_time(tmp_path):
    # Each conversion has its own LibreOffice profile: two at once both finish.
    from concurrent.futures import ThreadPoolExecutor

    first, second = _plan_doc(tmp_path, "a"), _plan_doc(tmp_path, "b")
    with ThreadPoolExecutor(2) as pool:
        grids = list(pool.map(read_grid, [first, second]))
    assert [len(grid.rows) for grid in grids] == [16, 16]
    assert [grid.source for grid in grids] == ["a.doc", "b.doc"]


@needs_soffice
def test_rich_text_saved_as_doc(tmp_path):
    path = tmp_path / "rtf.doc"
    path.write_text(
        r"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}RENCANA AKSI\par"
        r"\trowd\cellx2000\cellx4000 URAIAN\cell TARGET\cell\row"
        r"\trowd\cellx2000\cellx4000 Rapat\cell 25%\cell\row\pard\par}",
        encoding="ascii",
    )
    assert cells(read_grid(path)) == [
        ["RENCANA AKSI"],
        [""],
        ["URAIAN", "TARGET"],
        ["Rapat", "25%"],
    ]


def _fake_soffice(tmp_path: Path, monkeypatch, script: str) -> None:
    """Put a program named soffice first on PATH that runs ``script`` (sh)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "soffice"
    program.write_text("#!/bin/sh\n" + script)
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")


def _word_file(path: Path, encrypted: bool = False) -> Path:
    fib = b"\xec\xa5\xc1\x00" + bytes(6) + (b"\x00\x01" if encrypted else b"\x00\x00")
    return build_ole(path, {"WordDocument": fib, "1Table": b""})


def test_doc_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice, no libreoffice
    path = _word_file(tmp_path / "lama.doc")
    assert unreadable(read_grid, path) == (
        "lama.doc: an old Word .doc; open it in Word or LibreOffice and save it as .docx "
        "(or install LibreOffice on the server)"
    )


def test_doc_password_protected(tmp_path, monkeypatch):
    _fake_soffice(tmp_path, monkeypatch, "exit 1\n")
    path = _word_file(tmp_path / "rahasia.doc", encrypted=True)
    assert unreadable(read_grid, path) == (
        "rahasia.doc: the document is password-protected; save it again without a password "
        "(as .docx)"
    )


def test_doc_that_libreoffice_cannot_convert(tmp_path, monkeypatch):
    _fake_soffice(tmp_path, monkeypatch, "exit 1\n")
    path = _word_file(tmp_path / "rusak.doc")
    assert unreadable(read_grid, path) == (
        "rusak.doc: LibreOffice could not convert the .doc (corrupt or not a Word document); "
        "open it in Word and save it as .docx"
    )


def test_doc_conversion_that_hangs_is_killed(tmp_path, monkeypatch):
    from renaksi.importers import doc

    pids = tmp_path / "pids"
    # soffice starts soffice.bin: a child that must be killed with it.
    _fake_soffice(tmp_path, monkeypatch, f"sleep 30 &\necho $! > {pids}\nwait\n")
    monkeypatch.setattr(doc, "TIMEOUT", 1)
    path = _word_file(tmp_path / "lambat.doc")
    assert unreadable(read_grid, path) == (
        "lambat.doc: LibreOffice took longer than 1 s to convert the .doc; open it in Word or "
        "LibreOffice and save it as .docx"
    )
    child = int(pids.read_text())
    for _ in range(50):  # killed: gone, or a zombie until its new parent reaps it
        stat = Path(f"/proc/{child}/stat")
        if not stat.exists() or stat.read_text().split(") ")[1].startswith("Z"):
            break
        time.sleep(0.1)
    else:
        pytest.fail("the converter's child process is still running")


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
        (7, ["Program\nPenunjang", "TW II", "50%"], "table 1"),
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
        (4, ["1. Program Penunjang\nUrusan Pemerintah", "Nilai; SAKIP", "TW I", "0,25"], None),
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
    header, (wrapped, target) = cells(read_pdf(path))
    # The cell's text comes whole, as the lines it wraps onto (the interpreter joins them).
    assert (header, target) == (["URAIAN", "TARGET"], "25%")
    assert "\n" in wrapped and wrapped.replace("\n", " ") == long.strip()


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


def _ruled_pdf(path: Path, draw_more=None) -> Path:
    """A ruled table drawn cell by cell, as a Rencana Aksi printed to PDF, with hidden text.

    Row 0 is a header of white bold text on a dark fill (seen). In the cells and above the
    table: white text on the white page, invisible text (render mode 3) and fully transparent
    text (none of them seen).
    """
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    xs, top, height = [72, 220, 330, 460], 700, 20
    ys = [top - height * i for i in range(4)]
    c.setFillColorRGB(0.1, 0.1, 0.4)
    c.rect(xs[0], ys[1], xs[-1] - xs[0], height, fill=1, stroke=0)
    c.grid(xs, ys)

    def text(x, y, value, font="Helvetica", white=False, mode=0, alpha=1.0):
        c.saveState()
        c.setFillColorRGB(1, 1, 1) if white else c.setFillColorRGB(0, 0, 0)
        c.setFillAlpha(alpha)
        t = c.beginText(x, y)
        t.setFont(font, 9)
        t.setTextRenderMode(mode)
        t.textOut(value)
        c.drawText(t)
        c.restoreState()

    text(72, 750, "RENCANA AKSI TAHUN 2022", font="Helvetica-Bold")
    text(300, 750, "KODE-PUTIH", white=True)  # white on the white page, beside the title
    text(400, 750, "TAK-TERLIHAT", mode=3)  # invisible, beside the title
    text(72, 730, "TRANSPARAN", alpha=0)
    for x, value in zip(xs, ["URAIAN", "TARGET", "KET"], strict=False):
        text(x + 4, ys[0] - 14, value, font="Helvetica-Bold", white=True)
    text(xs[0] + 4, ys[1] - 14, "Program A")
    text(xs[1] + 4, ys[1] - 14, "25%")
    text(xs[1] + 40, ys[1] - 14, "99%", white=True)  # a white value beside the real one
    text(xs[2] + 4, ys[1] - 14, "catatan", mode=3)  # invisible in a cell
    text(xs[0] + 4, ys[2] - 14, "Kegiatan B", font="Helvetica-Bold")
    text(xs[1] + 4, ys[2] - 14, "50%")
    text(xs[2] + 4, ys[2] - 14, "lama", alpha=0)
    if draw_more:
        draw_more(c)
    c.save()
    return path


def test_pdf_hidden_text_is_not_read_and_bold_is(tmp_path):
    grid = read_pdf(_ruled_pdf(tmp_path / "hidden.pdf"))
    bold, plain = CellStyle(bold=True), CellStyle()
    assert [(row.cells, row.styles) for row in grid.rows] == [
        (["RENCANA AKSI TAHUN 2022"], None),  # white, invisible, transparent text left out
        ([""], None),
        (["URAIAN", "TARGET", "KET"], [bold, bold, bold]),  # white on the dark fill: seen
        (["Program A", "25%", ""], [PLAIN] * 3),  # plain: nothing to tell, but seen
        (["Kegiatan B", "50%", ""], [bold, plain, plain]),
    ]


def test_pdf_text_drawn_twice_for_bold(tmp_path):
    # Some programs make bold by printing the text twice, a fraction of a point apart.
    from reportlab.pdfgen import canvas

    path = tmp_path / "overprint.pdf"
    c = canvas.Canvas(str(path))
    c.grid([72, 250, 400], [700, 680, 660])
    for dx in (0, 0.4):
        c.drawString(76 + dx, 686, "URAIAN")
        c.drawString(254 + dx, 686, "TARGET")
    c.drawString(76, 666, "Rapat koordinasi")
    c.drawString(254, 666, "25%")
    c.save()
    grid = read_pdf(path)
    assert [(row.cells, row.styles) for row in grid.rows] == [
        (["URAIAN", "TARGET"], [CellStyle(bold=True), CellStyle(bold=True)]),
        (["Rapat koordinasi", "25%"], [PLAIN] * 2),
    ]


OCR_ROWS = [["NO", "URAIAN", "TARGET"], ["1", "Rapat", "25%"], ["2", "Laporan", "50%"]]


def test_pdf_text_layer_of_a_scan_is_read(tmp_path):
    # OCR puts invisible text over the scanned image: that text is what the page shows.
    from reportlab.pdfgen import canvas

    def scan(path: Path, with_image: bool) -> Path:
        c = canvas.Canvas(str(path))
        if with_image:
            from PIL import Image

            c.drawInlineImage(Image.new("L", (40, 40), 200), 50, 500, width=500, height=300)
        for i, row in enumerate(OCR_ROWS):
            t = c.beginText(72, 560 - 20 * i)
            t.setTextRenderMode(3)
            for x, value in zip((72, 150, 350), row, strict=True):
                t.setTextOrigin(x, 560 - 20 * i)
                t.textOut(value)
            c.drawText(t)
        c.save()
        return path

    got = read_pdf(scan(tmp_path / "ocr.pdf", with_image=True))
    assert [[c for c in row if c] for row in cells(got)] == OCR_ROWS
    assert "no text layer" in unreadable(read_pdf, scan(tmp_path / "none.pdf", with_image=False))


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_pdf_page_shown_turned(tmp_path, rotation):
    # A landscape table printed on a portrait page turned by /Rotate reads as it is shown.
    import pymupdf

    source = pymupdf.open(build_pdf(tmp_path / "plan.pdf", PLAN, merges=PLAN_MERGES))
    width, height = source[0].rect.width, source[0].rect.height
    turned = pymupdf.open()
    size = (width, height) if rotation == 180 else (height, width)
    page = turned.new_page(width=size[0], height=size[1])
    page.show_pdf_page(page.rect, source, 0, rotate=rotation)
    page.set_rotation(rotation)
    turned.save(tmp_path / "turned.pdf")
    assert cells(read_pdf(tmp_path / "turned.pdf")) == PLAN


def test_pdf_with_too_many_pages(tmp_path, monkeypatch):
    from renaksi.importers import common

    header = ["NO", "URAIAN"]
    path = build_pdf(tmp_path / "long.pdf", [header] + [[str(n), "Rapat"] for n in range(80)])
    monkeypatch.setattr(common, "MAX_PAGES", 1)
    assert unreadable(read_pdf, path) == (
        "long.pdf: more than 1 pages; split the PDF or keep the pages of the plan"
    )


# -- every format ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".docx", ".html", ".pdf"])
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
    if suffix in (".xlsx", ".xls"):  # trailing empty cells are dropped
        got[3] += [""]
    assert got == expected


@pytest.mark.parametrize("suffix", [".csv", ".txt"])
def test_same_table_same_cells_in_text_formats(tmp_path, suffix):
    path = build_document(
        tmp_path / f"plan{suffix}", PLAN, title=TITLE, more_tables=[Table(SECOND)]
    )
    expected = [["RENCANA AKSI TAHUN 2022"], ["KECAMATAN KALIGONDANG"], [""], *PLAN, [""], *SECOND]
    assert cells(read_grid(path)) == expected
