"""Build the packaged SIPD nomenclature from the national SIPD export.

Usage::

    python scripts/build_nomenclature.py /work/shared/reference/nomenklatur-subkegiatan-sipd.csv

Reads the SIPD CSV (one row per sub kegiatan, program and kegiatan repeated on every row, long
multi-line definitions) and writes three compact tab-separated files next to the 2022 list in
``src/renaksi/data/nomenclature/``:

- ``sipd-program.tsv``     ``code<TAB>name<TAB>jenis``
- ``sipd-kegiatan.tsv``    ``code<TAB>name<TAB>jenis``
- ``sipd-subkegiatan.tsv`` ``code<TAB>name<TAB>kinerja<TAB>indikator<TAB>satuan<TAB>jenis``

``jenis`` is the JENIS PEMDA column as the source writes it: ``KABKOT`` (kabupaten/kota list) or
``PROV`` (province list). A code can name different items in the two lists, so (code, jenis) is the
key. One line per item, no header, no quoting; whitespace runs (including newlines inside cells) are
collapsed to one space and cells are trimmed, nothing else is changed: official spellings are kept.
Lines are sorted by jenis, then code, so a new export gives a readable diff.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent.parent / "src" / "renaksi" / "data" / "nomenclature"
JENIS = ("KABKOT", "PROV")
_CODE_RE = {
    "PROGRAM": re.compile(r"^([0-9X]\.[0-9X]{2}\.\d{2})\s+(.+)$", re.S),
    "KEGIATAN": re.compile(r"^([0-9X]\.[0-9X]{2}\.\d{2}\.\d\.\d{2})\s+(.+)$", re.S),
    "SUBKEGIATAN": re.compile(r"^([0-9X]\.[0-9X]{2}\.\d{2}\.\d\.\d{2}\.\d{4})\s+(.+)$", re.S),
}


def clean(text: str) -> str:
    """One line: whitespace runs (tabs and newlines included) become one space, ends trimmed."""
    return " ".join(text.split())


def split_code(column: str, cell: str) -> tuple[str, str]:
    m = _CODE_RE[column].match(cell.strip())
    if not m:
        raise ValueError(f"{column}: cannot read code and name from {cell[:80]!r}")
    return m.group(1), clean(m.group(2))


def build(source: Path, out_dir: Path) -> dict[str, int]:
    """Write the three files; return the number of lines written per file."""
    programs: dict[tuple[str, str], tuple[str, ...]] = {}
    kegiatan: dict[tuple[str, str], tuple[str, ...]] = {}
    subkegiatan: dict[tuple[str, str], tuple[str, ...]] = {}
    with source.open(encoding="utf-8", newline="") as fh:
        for lineno, row in enumerate(csv.DictReader(fh), start=2):
            jenis = row["JENIS PEMDA"].strip()
            if jenis not in JENIS:
                raise ValueError(f"row {lineno}: unknown JENIS PEMDA {jenis!r}")
            for column, table, extra in (
                ("PROGRAM", programs, ()),
                ("KEGIATAN", kegiatan, ()),
                (
                    "SUBKEGIATAN",
                    subkegiatan,
                    (clean(row["KINERJA"]), clean(row["INDIKATOR"]), clean(row["SATUAN"])),
                ),
            ):
                code, name = split_code(column, row[column])
                record = (code, name, *extra, jenis)
                old = table.setdefault((jenis, code), record)
                if old != record:
                    raise ValueError(
                        f"row {lineno}: {jenis} {code} has two versions: {old} {record}"
                    )
    counts = {}
    for stem, table in (
        ("sipd-program", programs),
        ("sipd-kegiatan", kegiatan),
        ("sipd-subkegiatan", subkegiatan),
    ):
        path = out_dir / f"{stem}.tsv"
        lines = ["\t".join(table[key]) for key in sorted(table)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        counts[path.name] = len(lines)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="nomenklatur-subkegiatan-sipd.csv")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output directory")
    args = parser.parse_args(argv)
    try:
        counts = build(args.source, args.out)
    except (OSError, ValueError, KeyError) as exc:
        print(f"build_nomenclature: {exc}", file=sys.stderr)
        return 2
    for name, count in counts.items():
        size = (args.out / name).stat().st_size
        print(f"{name}: {count} lines, {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
