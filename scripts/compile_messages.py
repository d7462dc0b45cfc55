#!/usr/bin/env python3
"""Compile the translation catalogues (.po → .mo) with polib, so no gettext tools are needed.

Usage: python scripts/compile_messages.py        (prints each .mo it wrote)

Every ``*.po`` under ``src/renaksi/web/locale`` is compiled next to itself. Fuzzy and untranslated
entries are left out of the .mo, as msgfmt does. The .mo files are build output (not committed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parents[1] / "src" / "renaksi" / "web" / "locale"


def compile_messages(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Compile every .po under ``locale_dir``; return the .mo files written."""
    written = []
    for po_path in sorted(Path(locale_dir).rglob("*.po")):
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def main() -> int:
    written = compile_messages()
    for path in written:
        print(path)
    if not written:
        print(f"no .po files under {LOCALE_DIR}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
