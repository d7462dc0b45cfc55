"""Documents → Plan + findings.

``read_plan(path)`` is the one entry point: it picks a reader by the file's content and
extension, turns the file into a Grid, and hands the grid to the interpreter. Every failure to
read raises UnreadableDocument with one clear line.
"""

from __future__ import annotations

import importlib
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..core.plan import Plan
from .grid import Grid, UnreadableDocument
from .limits import tidy_plan
from .mapping import Mapping, MappingError, Reading

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Interpretation",
    "Mapping",
    "MappingError",
    "Reading",
    "UnreadableDocument",
    "document_kind",
    "interpret_grid",
    "plan_from_grid",
    "read_grid",
    "read_plan",
    "read_plan_text",
]

SUPPORTED_SUFFIXES = (
    ".txt",
    ".tsv",
    ".csv",
    ".xlsx",
    ".xlsm",
    ".xls",
    ".docx",
    ".doc",
    ".html",
    ".htm",
    ".pdf",
    ".json",
)

# Old binary .xls/.doc files and encrypted .xlsx/.docx are OLE compound files (see ole.py).
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _sniff(path: Path, head: bytes) -> str:
    """The reader to use: by content where it is unambiguous, else by extension."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        return _sniff_ole(path)
    if head.startswith(b"PK"):
        if suffix in (".xlsx", ".xlsm", ".docx"):
            return suffix.lstrip(".").replace("xlsm", "xlsx")
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as exc:
            raise UnreadableDocument(f"{path.name}: corrupt archive ({exc})") from exc
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise UnreadableDocument(f"{path.name}: a zip archive that is neither .xlsx nor .docx")
    if suffix == ".pdf":
        raise UnreadableDocument(
            f"{path.name}: not a PDF file (no %PDF header); corrupt or renamed"
        )
    if suffix in (".xlsx", ".xlsm", ".docx"):
        raise UnreadableDocument(f"{path.name}: not a valid {suffix} file; corrupt or renamed")
    if suffix in (".xls", ".doc"):
        return _sniff_old_suffix(path, suffix)
    known = {
        ".txt": "text",
        ".tsv": "text",
        ".csv": "csv",
        ".html": "html",
        ".htm": "html",
        ".json": "json",
    }
    if suffix in known:
        return known[suffix]
    raise UnreadableDocument(
        f"{path.name}: unknown format {suffix or '(no extension)'}; "
        f"supported: {', '.join(SUPPORTED_SUFFIXES)}"
    )


_OFFICE_NAMES = {
    ".xls": "Excel .xls",
    ".xlsx": "Excel",
    ".xlsm": "Excel",
    ".doc": "Word .doc",
    ".docx": "Word",
}


def _sniff_ole(path: Path) -> str:
    from .ole import ole_kind

    kind = ole_kind(path)
    if kind in ("xls", "doc"):
        return kind
    if kind == "encrypted":
        raise UnreadableDocument(
            f"{path.name}: the file is password-protected (encrypted); save it without a password"
        )
    if kind == "corrupt":
        name = _OFFICE_NAMES.get(path.suffix.lower(), "Office")
        raise UnreadableDocument(
            f"{path.name}: corrupt or truncated {name} file (its directory cannot be read)"
        )
    raise UnreadableDocument(
        f"{path.name}: an old binary Office file that is neither an Excel .xls workbook nor "
        "a Word .doc document"
    )


def _sniff_old_suffix(path: Path, suffix: str) -> str:
    """A .xls or .doc that is not an OLE file: what programs that "export to Excel/Word" write.

    Many web applications send a web page (an HTML table) named .xls or .doc, or tab-separated
    text named .xls, which Excel and Word open as such; Word saves "Rich Text" as .doc too
    (LibreOffice converts it like a .doc).
    """
    with path.open("rb") as fh:
        start = fh.read(4096)
    text = start.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").replace(b"\x00", b"").lower()
    if text.startswith(b"<") and any(
        tag in text for tag in (b"<html", b"<table", b"<!doctype html", b"<body", b"<meta")
    ):
        return "html"
    if suffix == ".doc" and text.startswith(b"{\\rtf"):
        return "doc"
    # Excel 2.x–4.x worksheets are a bare BIFF stream: a BOF record (xlrd reads them too).
    if suffix == ".xls" and start[:2] in (b"\x09\x00", b"\x09\x02", b"\x09\x04", b"\x09\x08"):
        return "xls"
    # Tab-separated text named .xls, which Excel opens as a sheet (its "Unicode Text" is UTF-16).
    utf16 = start.startswith((b"\xff\xfe", b"\xfe\xff"))
    if suffix == ".xls" and b"\t" in text and (utf16 or b"\x00" not in start):
        return "text"
    raise UnreadableDocument(f"{path.name}: not a valid {suffix} file; corrupt or renamed")


def read_grid(path: Path) -> Grid:
    """The file as a grid of cells. Raises UnreadableDocument."""
    path = Path(path)
    kind = _kind(path)
    if kind == "json":
        raise UnreadableDocument(f"{path.name}: a plan JSON file has no grid")
    return _reader(kind)(path)


def document_kind(path: Path) -> str:
    """What a file is read as ("pdf", "xlsx", "text", "json" …); UnreadableDocument for a file
    of no supported kind (empty, encrypted, unknown). Looks only at its first bytes and name."""
    return _kind(Path(path))


def _kind(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except FileNotFoundError as exc:
        raise UnreadableDocument(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise UnreadableDocument(f"{path}: is a directory, not a file") from exc
    except OSError as exc:
        raise UnreadableDocument(f"{path}: cannot be read ({exc.strerror})") from exc
    if not head:
        raise UnreadableDocument(f"{path.name}: the file is empty")
    return _sniff(path, head)


_READERS = {
    "text": ("text", "read_text"),
    "csv": ("csv", "read_csv"),
    "xlsx": ("xlsx", "read_xlsx"),
    "xls": ("xls", "read_xls"),
    "docx": ("docx", "read_docx"),
    "doc": ("doc", "read_doc"),
    "html": ("html", "read_html"),
    "pdf": ("pdf", "read_pdf"),
}


def _reader(kind: str):
    # Imported on demand: a text import should not pay for loading openpyxl or PyMuPDF.
    module, function = _READERS[kind]
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


def read_plan(path: Path, validate: bool = True, mapping: Mapping | None = None) -> Plan:
    """Read a document of any supported format into a plan with its findings.

    The findings are the interpreter's (what it met reading the document) followed, when
    ``validate``, by the validator's (what is wrong with the plan), in line order. A plan JSON file
    is returned as it is, with the findings it carries. Raises UnreadableDocument when the file
    cannot be read as a plan.
    """
    path = Path(path)
    if _kind(path) == "json":
        return _read_json(path)
    return plan_from_grid(read_grid(path), validate=validate, mapping=mapping)


def read_plan_text(text: str, source: str = "<text>", validate: bool = True) -> Plan:
    """Interpret tab-separated text (as copied out of a document) into a plan."""
    from .text import grid_from_text

    return plan_from_grid(grid_from_text(text, source), validate=validate)


def plan_from_grid(grid: Grid, validate: bool = True, mapping: Mapping | None = None) -> Plan:
    """The interpreter, with the national nomenclature as evidence, then the validator."""
    return interpret_grid(grid, mapping=mapping, validate=validate).plan


@dataclass
class Interpretation:
    """A grid read into a plan, with the reading the preview shows (tables, column roles, levels)."""

    plan: Plan
    reading: Reading


def interpret_grid(
    grid: Grid, mapping: Mapping | None = None, validate: bool = True
) -> Interpretation:
    """Read a grid, applying a person's correction (``mapping``) when given.

    The same grid read with a mapping that changes nothing gives the same plan as without one.
    Raises UnreadableDocument when the grid holds no plan table.
    """
    from ..core import nomenclature, rules
    from .interpret import interpret_with_reading

    master = nomenclature.load()
    plan, reading = interpret_with_reading(grid, master, mapping)
    tidy_plan(plan)  # texts cut to their limits, with a finding each (limits.py)
    if validate:
        found = plan.findings + rules.validate(plan, master)
        plan.findings = sorted(found, key=lambda f: (f.line is None, f.line or 0))
    return Interpretation(plan=plan, reading=reading)


def _read_json(path: Path) -> Plan:
    from .text import decode

    try:
        data = json.loads(decode(path.read_bytes(), path.name))
    except json.JSONDecodeError as exc:
        raise UnreadableDocument(
            f"{path.name}: line {exc.lineno}: invalid JSON ({exc.msg})"
        ) from exc
    try:
        plan = Plan.from_dict(data)
    except ValueError as exc:
        raise UnreadableDocument(f"{path.name}: {exc}") from exc
    tidy_plan(plan)  # a JSON file's texts are held to the same limits as a document's
    return plan
