"""PDF documents with a text layer (printed or exported from Word/Excel) → Grid.

Contract: page by page, the lines of text above the page's first table (the title, a repeated
heading) are single-cell rows, then each table's rows; every row's ``ref`` is "page N" and
``line`` is the running number of the row in the grid. A blank row separates tables and text
blocks (see ``common.py``), so a table continued on the next page comes out as a second table,
usually starting with the repeated header row. Text below or between tables (page numbers,
signatures) is left out; a page without a table gives all its lines. A merged cell's text is in
its top-left position, "" in the positions it covers. Tables are found from their ruling lines;
on a page without any, from the alignment of the text. Encrypted, corrupt, truncated and scanned
(image-only) PDFs, and PDFs of more than ``common.MAX_PAGES`` pages, raise UnreadableDocument.

Text a reader does not see is not read: invisible text (render mode 3, or clipping only), fully
transparent text, and white text on a white page (white text on a dark fill or an image is
seen). Invisible text lying on an image is kept: it is the text layer OCR puts over a scanned
page, which is what the reader sees there.

Styles: a cell is bold when its first character's font is (the font's bold flag, "Bold" in its
name, or the character drawn twice, slightly offset, as some programs make bold); positions a
merged cell covers are "right" in its first row, "down" below (see ``common.py``).

Read with PyMuPDF (MuPDF): its ``find_tables`` finds the tables as pdfplumber does (the same
algorithm, ported), two to three times faster. The characters are taken from MuPDF's text
extraction once per page and assigned to the cells here (a character belongs to the cell holding
its centre; lines and words as pdfplumber's extract_text makes them), with hidden text filtered
out first. MuPDF keeps state for the whole process, so one PDF is read at a time (a lock), and
its messages are kept off stdout and stderr (see ``_configure``).
"""

from __future__ import annotations

import inspect
import logging
import threading
import zlib
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from . import common
from .common import COVERED_DOWN, COVERED_RIGHT, DocumentRows, reason
from .grid import PLAIN, CellStyle, Grid, UnreadableDocument

_X_TOLERANCE = 3  # a gap wider than this between two characters separates words (pdfplumber's)
_Y_TOLERANCE = 3  # characters whose tops differ by less are on one line
# MuPDF's character flags: bold (also text drawn twice, slightly offset: MuPDF keeps one copy
# and marks it bold), drawn filled, drawn stroked.
_BOLD, _FILLED, _STROKED = 8, 16, 32
_WHITE = 0xF0  # each of red, green, blue at least this: white on a white page
_CONFIGURED = False
_LOCK = threading.Lock()
_FIND_OPTIONS: dict = {}  # find_tables' options this version of PyMuPDF has (see _configure)


@dataclass(slots=True)
class _Char:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    bold: bool
    h_mid: float = 0.0  # the centre, by which a character belongs to a cell
    v_mid: float = 0.0

    def __post_init__(self) -> None:
        self.h_mid = (self.x0 + self.x1) / 2
        self.v_mid = (self.top + self.bottom) / 2


def read_pdf(path: Path) -> Grid:
    import pymupdf

    with _LOCK:  # MuPDF's state is shared by the whole process: one document at a time
        _configure(pymupdf)
        pymupdf.TOOLS.reset_mupdf_warnings()
        try:
            document = pymupdf.open(path, filetype="pdf")
        except Exception as exc:  # FileDataError, RuntimeError...: not a PDF MuPDF can open
            raise _corrupt(path, exc) from exc
        with document:
            return _read_document(pymupdf, document, path)


def _read_document(pymupdf, document, path: Path) -> Grid:
    """The grid of an opened document (see the module docstring)."""
    if document.needs_pass:
        raise UnreadableDocument(
            f"{path.name}: the PDF is password-protected; "
            "save or print it again as a PDF without a password"
        )
    if document.is_repaired and _is_truncated(path):
        # MuPDF rebuilds what it can of a cut-off file: pages would be missing unnoticed.
        raise _corrupt(path, "the file is truncated: no end-of-file marker")
    if document.page_count > common.MAX_PAGES:
        raise UnreadableDocument(
            f"{path.name}: more than {common.MAX_PAGES:,} pages; "
            "split the PDF or keep the pages of the plan"
        )
    if _inflates_beyond(document, common.MAX_INFLATED):
        raise UnreadableDocument(
            f"{path.name}: the PDF's pages inflate to more than "
            f"{common.MAX_INFLATED // (1024 * 1024)} MB; it is not a plan document (or it is "
            "damaged)"
        )
    out = DocumentRows(path.name)
    has_text = False
    try:
        for number, page in enumerate(document, start=1):
            has_text = _read_page(pymupdf, page, f"page {number}", out) or has_text
    except UnreadableDocument:
        raise
    except Exception as exc:
        raise _corrupt(path, exc) from exc
    if not has_text:
        if document.is_repaired:
            raise _corrupt(path, _last_warning(pymupdf) or "damaged cross-reference table")
        raise UnreadableDocument(
            f"{path.name}: the PDF has no text layer (a scanned image?); "
            "OCR is needed, or use the original Word/Excel document"
        )
    return out.finish()


def _inflates_beyond(document, limit: int) -> bool:
    """Whether the document's compressed streams other than images (page contents, forms,
    fonts) inflate to more than ``limit`` bytes in all. A megabyte of Flate data can hold a
    gigabyte of page content, which MuPDF would parse for a minute; this inflates each stream
    at most to what is left of the limit, so a bomb is told in a fraction of a second and never
    held in memory (a megabyte at a time). Images are left out: text extraction does not decode them. Streams under
    other filters are left to the reader's time limit (importers/isolated.py)."""
    left = limit
    for xref in range(1, document.xref_length()):
        if not document.xref_is_stream(xref):
            continue
        if document.xref_get_key(xref, "Subtype")[1] == "/Image":
            continue
        if document.xref_get_key(xref, "Filter")[1] != "/FlateDecode":
            continue
        inflater, data = zlib.decompressobj(), document.xref_stream_raw(xref)
        try:
            while data and left >= 0:  # a megabyte at a time, each dropped once counted
                left -= len(inflater.decompress(data, 1024 * 1024))
                data = inflater.unconsumed_tail
            if left >= 0:
                # What the inflater still holds (flush would inflate all input left, too).
                left -= len(inflater.flush(left + 1))
        except zlib.error:
            continue  # damaged: MuPDF reads what it can, or says so
        if left < 0:
            return True
    return False


def _configure(pymupdf) -> None:
    """Set PyMuPDF up for this reader, once per process.

    MuPDF reports every oddity of a producer's PDF, and PyMuPDF prints its own messages (a
    suggestion to install another package, find_tables' errors) to stdout, where they would
    corrupt ``renaksi parse --json``. Its messages go to the "pymupdf" logger at DEBUG level;
    what matters to the person importing is one UnreadableDocument line. find_tables' options
    and its header guess: see below.
    """
    global _CONFIGURED, _FIND_OPTIONS
    if _CONFIGURED:
        return
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    if hasattr(pymupdf, "no_recommend_layout"):  # PyMuPDF 1.27 and later
        pymupdf.no_recommend_layout()
    pymupdf.set_messages(pylogging_name="pymupdf", pylogging_level=logging.DEBUG)
    # Since PyMuPDF 1.27, find_tables first asks a layout model (when one is installed) where
    # tables are; the result would then depend on what else is installed.
    import pymupdf.table

    parameters = inspect.signature(pymupdf.table.find_tables).parameters
    _FIND_OPTIONS = {"use_layout": False} if "use_layout" in parameters else {}
    # Each table find_tables makes guesses its own header row at once (a PyMuPDF extension that
    # extracts the whole table's text again and renders the area above it as an image): a
    # third of the time of a page, for a guess Renaksi never reads (the interpreter finds the
    # header band itself). Renaksi is PyMuPDF's only user in its process, so the guess is
    # switched off for the process: Table.header is then None.
    if hasattr(pymupdf.table.Table, "_get_header"):
        pymupdf.table.Table._get_header = _no_header
    _CONFIGURED = True


def _no_header(table, *args, **kwargs) -> None:
    return None


def _corrupt(path: Path, exc: BaseException | str) -> UnreadableDocument:
    text = reason(exc, path) if isinstance(exc, BaseException) else exc
    return UnreadableDocument(f"{path.name}: corrupt or unreadable PDF ({text})")


def _last_warning(pymupdf) -> str:
    lines = [line for line in pymupdf.TOOLS.mupdf_warnings().splitlines() if line.strip()]
    return lines[0] if lines else ""


def _is_truncated(path: Path) -> bool:
    """No %%EOF near the end: the file was cut off (a download or copy that did not finish)."""
    with path.open("rb") as fh:
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - 2048))
        return b"%%EOF" not in fh.read()


# -- one page ---------------------------------------------------------------------------------


def _read_page(pymupdf, page, ref: str, out: DocumentRows) -> bool:
    """Add the page's title lines and tables; False if the page has no visible text."""
    if page.rotation:
        # A page shown turned (/Rotate, as some programs print landscape tables): its content
        # turned once, in memory, so that everything below works in the coordinates shown.
        # find_tables would do it for itself, but then its characters would not be ours.
        from pymupdf.table import page_rotation_set0

        page = page_rotation_set0(page)[0]
    drawings = page.get_drawings()  # ruling lines for the tables, fills behind white text
    finder = page.find_tables(paths=drawings, **_FIND_OPTIONS)
    if finder is not None and not finder.tables:  # no ruled table: text alignment
        finder = page.find_tables(strategy="text", paths=drawings, **_FIND_OPTIONS)
    tables = list(finder.tables) if finder is not None else []  # None: MuPDF failed (logged)
    # The characters find_tables extracted (PyMuPDF 1.27 and later keep them): no second pass.
    textpage = getattr(finder, "textpage", None)
    try:  # its parent is a weak reference to the page it was made from
        if textpage is not None and textpage.parent != page:
            textpage = None
    except ReferenceError:
        textpage = None
    chars = _visible_chars(pymupdf, page, textpage, drawings)
    if not chars:
        return False
    tables.sort(key=lambda table: (table.bbox[1], table.bbox[0]))  # reading order
    first_top = tables[0].bbox[1] if tables else page.rect.y1
    # Only characters wholly above the table: not the tops of its first row's letters.
    above = [c for c in chars if c.bottom <= first_top]
    out.text("\n".join(_lines(above)), ref)
    by_middle = sorted(chars, key=lambda c: c.v_mid)
    middles = [c.v_mid for c in by_middle]
    for table in tables:
        out.table(_table_rows(table, by_middle, middles), ref)
    return True


def _visible_chars(pymupdf, page, textpage, drawings) -> list[_Char]:
    """The page's characters a reader sees, without duplicates drawn for a bold effect."""
    # Character boxes as find_tables measures them: glyph heights, not the font's line height.
    small = bool(pymupdf.TOOLS.set_small_glyph_heights())
    pymupdf.TOOLS.set_small_glyph_heights(True)
    try:
        if textpage is None:
            flags = pymupdf.TEXTFLAGS_TEXT | pymupdf.TEXT_COLLECT_STYLES
            textpage = page.get_textpage(flags=flags | pymupdf.TEXT_MEDIABOX_CLIP)
        blocks = page.get_text("rawdict", textpage=textpage)["blocks"]
    finally:
        pymupdf.TOOLS.set_small_glyph_heights(small)
    chars: list[_Char] = []
    doubtful: list[tuple[_Char, str]] = []  # white or invisible: depends on what lies below
    for block in blocks:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                kind = _visibility(span)
                if kind == "hidden":
                    continue
                bold = (
                    bool(span["flags"] & pymupdf.TEXT_FONT_BOLD)
                    or bool(span.get("char_flags", 0) & _BOLD)  # MuPDF saw a fake bold
                    or "bold" in (span.get("font") or "").lower()
                )
                for raw in span["chars"]:
                    x0, top, x1, bottom = raw["bbox"]
                    char = _Char(x0, top, x1, bottom, raw["c"], bold)
                    if kind == "shown":
                        chars.append(char)
                    elif not raw["c"].isspace():
                        doubtful.append((char, kind))
    if doubtful:
        chars += _seen_on_background(page, doubtful, drawings)
    return _dedupe(chars)


def _visibility(span) -> str:
    """How a span is seen: "shown", "hidden", "white" (seen only on a dark fill or an image)
    or "invisible" (seen only on an image: the text layer OCR lays over a scan)."""
    flags = span.get("char_flags")
    if flags is not None and not flags & (_FILLED | _STROKED):
        return "invisible"  # render mode 3 (or 7, clipping only); MuPDF gives it alpha 0
    if span.get("alpha", 255) == 0:
        return "hidden"  # drawn fully transparent
    if flags is not None and flags & _STROKED:
        return "shown"  # outlined: the outline's colour is not known here
    color = span.get("color", 0)
    if all(channel >= _WHITE for channel in (color >> 16 & 255, color >> 8 & 255, color & 255)):
        return "white"
    return "shown"


def _seen_on_background(page, doubtful: list[tuple[_Char, str]], drawings) -> list[_Char]:
    """The white characters that lie on a dark fill or an image, the invisible ones on an image."""
    images = [info["bbox"] for info in page.get_image_info()]
    fills = [
        drawing["rect"]
        for drawing in drawings
        if drawing.get("fill") is not None
        and drawing.get("fill_opacity", 1) > 0
        and not all(channel >= _WHITE / 255 for channel in drawing["fill"][:3])
    ]
    seen = []
    for char, kind in doubtful:
        x, y = char.h_mid, char.v_mid
        on_image = any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in images)
        on_fill = any(r.x0 <= x <= r.x1 and r.y0 <= y <= r.y1 for r in fills)
        if on_image or (kind == "white" and on_fill):
            seen.append(char)
    return seen


def _dedupe(chars: list[_Char]) -> list[_Char]:
    """Drop a character drawn again within 1 pt of itself (a "bold" made by overprinting:
    "RReennccaannaa" otherwise), and mark the one kept bold."""
    # Characters by text and 2-pt square: a twin within 1 pt lies in the same square or in the
    # neighbouring one on the side the character is nearer to, on each axis.
    kept: dict[tuple[str, int, int], list[_Char]] = {}
    out = []
    for char in chars:
        text = char.text
        if text.isspace():
            out.append(char)
            continue
        x, y = char.x0, char.top
        cx, cy = int(x // 2), int(y // 2)
        nx = cx - 1 if x - 2 * cx < 1 else cx + 1
        ny = cy - 1 if y - 2 * cy < 1 else cy + 1
        twin = None
        for key in ((text, cx, cy), (text, nx, cy), (text, cx, ny), (text, nx, ny)):
            for other in kept.get(key, ()):
                if abs(other.x0 - x) <= 1 and abs(other.top - y) <= 1:
                    twin = other
                    break
            if twin is not None:
                break
        if twin is not None:
            twin.bold = True
            continue
        kept.setdefault((text, cx, cy), []).append(char)
        out.append(char)
    return out


# -- text from characters ---------------------------------------------------------------------


# A glyph this narrow takes no place of its own: the second half of a ligature ("fi" drawn as one
# glyph, the "i" given at the next letter's position with no width).
_ZERO_WIDTH = 0.01


def _in_reading_order(line: list[_Char]) -> list[_Char]:
    """A line's characters left to right; a zero-width character stays right after the one
    drawn before it (content order), never after the letter whose position it shares."""
    keyed = []
    position = 0.0
    for order, char in enumerate(line):  # content order
        if char.x1 - char.x0 >= _ZERO_WIDTH:
            position = char.x0
        keyed.append((position, order, char))
    return [char for _position, _order, char in sorted(keyed, key=lambda k: (k[0], k[1]))]


def _lines(chars: list[_Char]) -> list[str]:
    """Characters as lines of words, top to bottom: tops within ``_Y_TOLERANCE`` make a line,
    a blank or a gap wider than ``_X_TOLERANCE`` ends a word (as pdfplumber's extract_text)."""
    lines: list[list[_Char]] = []
    last_top = None
    for char in sorted(chars, key=lambda c: c.top):
        if last_top is None or char.top > last_top + _Y_TOLERANCE:
            lines.append([])
        lines[-1].append(char)
        last_top = char.top
    out = []
    for line in lines:
        words, word, previous = [], "", None
        for char in _in_reading_order(line):
            if char.text.isspace():
                if word:
                    words.append(word)
                word, previous = "", None
                continue
            if char.x1 - char.x0 < _ZERO_WIDTH and previous is not None:
                word += char.text  # the second glyph of a ligature ("fi"): after the first
                continue
            if previous is not None and char.x0 > previous.x1 + _X_TOLERANCE and word:
                words.append(word)
                word = ""
            word += char.text
            previous = char
        if word:
            words.append(word)
        if words:
            out.append(" ".join(words))
    return out


def _table_rows(table, by_middle: list[_Char], middles: list[float]):
    """The table's rows as (cells, styles); a character belongs to the cell holding its centre."""
    lefts = sorted({cell[0] for cell in table.cells})  # the columns' left edges
    for cells in [row.cells for row in table.rows]:
        texts: list[str] = []
        styles: list[CellStyle] = []
        for column, bbox in enumerate(cells):
            if bbox is None:  # covered by a merged cell: from the left, or from above
                texts.append("")
                left = next((b for b in reversed(cells[:column]) if b is not None), None)
                across = left is not None and left[2] > lefts[column] + 1
                styles.append(COVERED_RIGHT if across else COVERED_DOWN)
                continue
            x0, top, x1, bottom = bbox
            inside = [
                c
                for c in by_middle[bisect_left(middles, top) : bisect_left(middles, bottom)]
                if x0 <= c.h_mid < x1
            ]
            texts.append("\n".join(_lines(inside)))
            first = _first_char(inside)
            styles.append(CellStyle(bold=True) if first is not None and first.bold else PLAIN)
        yield texts, styles


def _first_char(chars: list[_Char]) -> _Char | None:
    visible = [c for c in chars if not c.text.isspace()]
    if not visible:
        return None
    top = min(c.top for c in visible)
    return min((c for c in visible if c.top <= top + _Y_TOLERANCE), key=lambda c: c.x0)
