"""Tab-separated text: tables copied out of Word or PDF (``.txt``, ``.tsv``)."""

from __future__ import annotations

from pathlib import Path

from .grid import Grid, UnreadableDocument

ENCODINGS = ("utf-8-sig", "cp1252")


def decode(data: bytes, name: str) -> str:
    """Decode text as UTF-8, else Windows-1252 (what Word on Windows writes); refuse binary data.

    A UTF-16 byte-order mark is honoured: Excel's "Unicode Text" export is UTF-16 with tabs.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableDocument(f"{name}: broken UTF-16 text ({exc.reason})") from exc
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(f"{name}: binary data, not a text table (wrong file or encoding)")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument(f"{name}: text is neither UTF-8 nor Windows-1252")


def read_text(path: Path) -> Grid:
    return grid_from_text(decode(path.read_bytes(), path.name), path.name)


def grid_from_text(text: str, source: str = "<text>") -> Grid:
    from .common import MAX_ROWS

    grid = Grid(source=source)
    for number, line in enumerate(text.splitlines(), start=1):
        if number > MAX_ROWS:
            raise UnreadableDocument(
                f"{source}: more than {MAX_ROWS:,} lines; remove what is not the plan"
            )
        grid.add(number, line.split("\t"))
    return grid
