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
from .mapping import Mapping, MappingError, Reading

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Interpretation",
    "Mapping",
    "MappingError",
    "Reading",
    "UnreadableDocument",
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
    ".docx",
    ".html",
    ".htm",
    ".pdf",
    ".json",
)

# Encrypted Office files (password-protected .xlsx/.docx) are OLE compound files, not zip archives.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _sniff(path: Path, head: bytes) -> str:
    """The reader to use: by content where it is unambiguous, else by extension."""
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        if suffix in (".xlsx", ".xlsm", ".docx"):
            raise UnreadableDocument(
                f"{path.name}: the file is password-protected (encrypted); save it without a password"
            )
        raise UnreadableDocument(
            f"{path.name}: old binary Office format (.xls/.doc); save it as .xlsx or .docx"
        )
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


def read_grid(path: Path) -> Grid:
    """The file as a grid of cells. Raises UnreadableDocument."""
    path = Path(path)
    kind = _kind(path)
    if kind == "json":
        raise UnreadableDocument(f"{path.name}: a plan JSON file has no grid")
    return _reader(kind)(path)


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
    "docx": ("docx", "read_docx"),
    "html": ("html", "read_html"),
    "pdf": ("pdf", "read_pdf"),
}


def _reader(kind: str):
    # Imported on demand: a text import should not pay for loading openpyxl or pdfminer.
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
        return Plan.from_dict(data)
    except ValueError as exc:
        raise UnreadableDocument(f"{path.name}: {exc}") from exc
