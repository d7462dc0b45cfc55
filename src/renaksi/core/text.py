"""Text that enters Renaksi and leaves it: control characters and length limits.

Every text of a plan comes from somewhere a person does not fully control: a document, a form, a
plan JSON file. What a plan may hold is decided here, once, for the importer, the web forms, the
services and the renderers alike (docs/security.md, "Text limits and control characters"):

- **Control characters**: NUL and the other C0 controls (except tab, line feed and carriage
  return), DEL, the C1 controls, lone surrogates and the non-characters U+FFFE/U+FFFF mean
  nothing in a plan and cannot be written in an .xlsx or .docx (XML 1.0 forbids most of them)
  nor stored in PostgreSQL (NUL). ``strip_controls`` removes them; the ones that separate words
  (vertical tab, form feed, the information separators, NEL) become a space.
- **Lengths**: ``LIMITS`` gives the most characters each text may hold. The importer cuts a
  longer text and says so (a ``text-cut`` finding); a form or a service refuses it.

Pure Python: no Django, no I/O.
"""

from __future__ import annotations

import re

# The most characters each kind of text may hold, about ten times what real plans use. Names,
# indicators and result statements are sentences: the longest of the test corpus and the sample
# (tests/corpus) are a name of 148 characters, an indicator of 162, a result statement of 107.
# Units ("%", "Dokumen", "Orang/Hari") and text targets ("WTP", "Tersedia") are words (the
# longest unit: 11). Narratives (kendala, faktor pendukung, tindak lanjut, notes) are paragraphs.
# Code, number, text value and the unit named in the title are the stored columns' sizes.
NAME_LENGTH = 2000  # a node's name (sasaran, program, kegiatan, sub kegiatan)
INDICATOR_LENGTH = 2000  # an indicator's name
OBJECTIVE_LENGTH = 2000  # an indicator's result statement (sasaran)
UNIT_LENGTH = 100  # unit of measure (satuan)
CODE_LENGTH = 40  # nomenclature code
NUMBER_LENGTH = 20  # numbering as the document gives it ("1.2", "A")
VALUE_LENGTH = 100  # a target or realisasi that is text ("WTP")
DOCUMENT_UNIT_LENGTH = 200  # the unit the document names in its title
PERSON_IN_CHARGE_LENGTH = 200  # penanggung jawab: a position or a name ("Kasi Pemerintahan")
NOTE_LENGTH = 5000  # kendala, faktor pendukung, tindak lanjut, a reviewer's note, a reason

LIMITS: dict[str, int] = {
    "name": NAME_LENGTH,
    "indicator": INDICATOR_LENGTH,
    "objective": OBJECTIVE_LENGTH,
    "unit": UNIT_LENGTH,
    "code": CODE_LENGTH,
    "number": NUMBER_LENGTH,
    "value": VALUE_LENGTH,
    "document-unit": DOCUMENT_UNIT_LENGTH,
    "note": NOTE_LENGTH,
}

# Removed: C0 controls but tab, LF, CR and the word separators below; DEL and C1 but NEL; lone
# surrogates; U+FFFE, U+FFFF.
_REMOVED = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# Controls that separate words (str.split() splits on them): a space.
_SEPARATORS = re.compile("[\x0b\x0c\x1c-\x1f\x85]")


def strip_controls(text: str) -> str:
    """``text`` without control characters: NUL, C0 (but tab, LF, CR), DEL, C1, surrogates and
    U+FFFE/U+FFFF removed; vertical tab, form feed, the information separators and NEL, which
    separate words, each turned into a space."""
    if text.isprintable():  # the common case, fast: no control at all (tab and LF are not)
        return text
    return _SEPARATORS.sub(" ", _REMOVED.sub("", text))


def has_controls(text: str) -> bool:
    """Does ``text`` hold a character ``strip_controls`` would remove or replace?"""
    return strip_controls(text) != text


def has_nul(text: str) -> bool:
    return "\x00" in text


def cut(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``: the first ones, without trailing spaces."""
    return text if len(text) <= limit else text[:limit].rstrip()


def shorten(text: str, limit: int) -> str:
    """``text`` shown in at most ``limit`` characters, "…" ending one that was longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


__all__ = [
    "CODE_LENGTH",
    "DOCUMENT_UNIT_LENGTH",
    "INDICATOR_LENGTH",
    "LIMITS",
    "NAME_LENGTH",
    "NOTE_LENGTH",
    "NUMBER_LENGTH",
    "OBJECTIVE_LENGTH",
    "UNIT_LENGTH",
    "VALUE_LENGTH",
    "cut",
    "has_controls",
    "has_nul",
    "shorten",
    "strip_controls",
]
