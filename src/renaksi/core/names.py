"""Names as documents write them: numbering, codes, level words, normalisation for matching.

"1. Program Penunjang", "A. Program …", "2 Hasil …", "1.2. Kegiatan …", "7.01.01 PROGRAM …":
``split_label`` separates the numbering and the nomenclature code from the name. Names keep their
spelling; ``normalise`` only builds a key for comparing two names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A nomenclature code: U.BB.PP[.K.GG[.SSSS]], urusan may be "X" and bidang "XX" (Program Penunjang).
CODE_RE = re.compile(r"^([0-9X]\.[0-9X]{2}\.\d{2}(?:\.\d\.\d{2}(?:\.\d{4})?)?)(?![\d.]\d)\.?\s*")
# Numbering: "1.", "1", "1)", "(1)", "A.", "a)", "1.2.", "1.2.3", "IV." — followed by a space.
_NUMBERING_RE = re.compile(
    r"^(?:\((\d{1,3}|[A-Za-z])\)|(\d{1,3}(?:\.\d{1,3}){0,4}|[A-Z]|[a-z]|[IVX]{1,4})[.)]?)(?=\s)\s*"
)
_NUMBER_ONLY_RE = re.compile(r"^\(?(\d{1,3}(?:\.\d{1,3}){0,4}|[A-Za-z]|[IVX]{1,4})[.)]$")
_LEVEL_WORDS = (
    ("subkegiatan", re.compile(r"^sub[\s-]*kegiatan\b[\s:.-]*", re.IGNORECASE)),
    ("kegiatan", re.compile(r"^kegiatan\b[\s:.-]*", re.IGNORECASE)),
    ("program", re.compile(r"^program\b[\s:.-]*", re.IGNORECASE)),
    ("sasaran", re.compile(r"^sasaran(\s+strategis)?\b[\s:.-]*", re.IGNORECASE)),
    ("tujuan", re.compile(r"^tujuan\b[\s:.-]*", re.IGNORECASE)),
)
# Words a name cut at a page break typically ends with.
_DANGLING = {
    "di", "ke", "dari", "dan", "atau", "serta", "yang", "pada", "untuk", "dengan", "oleh", "dalam",
    "terhadap", "bagi", "kepada", "tentang", "sebagai", "the", "of", "and",
}  # fmt: skip
_RESULT_WORD_RE = re.compile(r"^(?:\w+nya|meningkat\w*|menurun\w*|terwujud\w*|tercapai\w*)$", re.I)


@dataclass(frozen=True)
class Label:
    """A cell's text split into its numbering, nomenclature code and name."""

    number: str | None
    code: str | None
    name: str


def split_label(text: str) -> Label:
    """ "1. Program Penunjang" → Label("1", None, "Program Penunjang"); codes likewise.

    Numbering is only taken when a name follows it, so "2022 Target" keeps its year only if a
    year could be numbering (it cannot: numbering has at most three digits).
    """
    s = " ".join(text.split())
    number = code = None
    m = CODE_RE.match(s)
    if m and len(s) > m.end():
        return Label(number=None, code=m.group(1), name=s[m.end() :].strip(" -–:"))
    m = _NUMBERING_RE.match(s)
    if m and len(s) > m.end():
        candidate = m.group(1) or m.group(2)
        # A single capital letter or roman numeral without a dot is a word, not numbering
        # ("A Program" is rare; "I Nyoman" is a name).
        raw = s[: m.end()].strip()
        if candidate.isdigit() or raw.endswith((".", ")")) or "." in candidate:
            number = candidate.rstrip(".")
            s = s[m.end() :]
    m = CODE_RE.match(s)
    if m and len(s) > m.end():
        code = m.group(1)
        s = s[m.end() :]
    return Label(number=number, code=code, name=s.strip(" -–:"))


def is_number_only(text: str) -> bool:
    """True for a cell that holds numbering and nothing else ("3.", "A.", "(2)")."""
    return bool(_NUMBER_ONLY_RE.match(text.strip()))


def level_word(name: str) -> str | None:
    """The cascade level a name announces by its first word ("Program …" → "program")."""
    for level, pattern in _LEVEL_WORDS:
        if pattern.match(name):
            return level
    return None


def strip_level_word(name: str) -> str:
    """ "Kegiatan Administrasi Keuangan" → "Administrasi Keuangan"; other names unchanged."""
    for _level, pattern in _LEVEL_WORDS:
        m = pattern.match(name)
        if m and len(name) > m.end():
            return name[m.end() :]
    return name


def normalise(name: str) -> str:
    """A key for comparing names: case, punctuation, spacing and a leading level word ignored."""
    s = strip_level_word(split_label(name).name).casefold()
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


def is_result_statement(name: str) -> bool:
    """A result statement ("Meningkatnya …", "Tersedianya …"), as sasaran are written."""
    words = split_label(name).name.split()
    return bool(words) and bool(_RESULT_WORD_RE.match(words[0]))


def looks_truncated(name: str) -> bool:
    """A name that ends where no name ends: on a preposition, a conjunction, a comma or a dash."""
    s = name.rstrip()
    if not s:
        return False
    if s[-1] in ",-–/(&":
        return True
    last = s.split()[-1].casefold()
    return last in _DANGLING and len(s.split()) > 2


def same_or_truncated(a: str, b: str, min_words: int = 3) -> bool:
    """Two names of one thing: equal when normalised, or one cut short of the other.

    A cut name must keep at least ``min_words`` words, so "Program" never matches every program.
    """
    return same_or_truncated_keys(normalise(a), normalise(b), min_words)


def same_or_truncated_keys(na: str, nb: str, min_words: int = 3) -> bool:
    """``same_or_truncated`` on names already normalised."""
    if na == nb:
        return bool(na)
    short, long = (na, nb) if len(na) < len(nb) else (nb, na)
    return len(short.split()) >= min_words and long.startswith(short + " ")


# -- outline numbers ---------------------------------------------------------------------------
# A table of one Uraian column holding several levels may number each row with its place in the
# tree: "1", "1.1", "1.1.2", "C", "C.1". The number then says the parent too (the row whose
# number is this one's without its last part), which is the only way a single column can show a
# program that hangs under no sasaran.


def outline_of(parent_outline: str | None, number: str | None) -> str | None:
    """A node's outline number: its own number after its parent's outline ("1.1" + "2" → "1.1.2").

    None for a node without a number; a node under an unnumbered parent (or none) starts afresh.
    """
    if not number:
        return None
    return f"{parent_outline}.{number}" if parent_outline else number


def outline_splits(outline: str) -> list[tuple[str, str]]:
    """Every way to read ``outline`` as parent outline + own number, longest parent first.

    "1.2.3" → [("1.2", "3"), ("1", "2.3")]. A node's own number may hold dots ("1.2"), so the
    reader tries each split against the outlines it has met.
    """
    parts = outline.split(".")
    return [(".".join(parts[:i]), ".".join(parts[i:])) for i in range(len(parts) - 1, 0, -1)]


def _within_one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        rest_a, rest_b = a[i + 1 :], b[i + 1 :]
        swapped = (
            i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        )
        return rest_a == rest_b or swapped
    return a[i:] == b[i + 1 :]


_MISSPELT_LEVELS = (("program", "program"), ("kegiatan", "kegiatan"))


def misspelt_level_word(name: str) -> str | None:
    """The level a name announces by a first word one typing slip away from a level word
    ("Proram …", "Prgram …", "Kegiatn …"), for names that ``level_word`` does not recognise."""
    words = split_label(name).name.split()
    if len(words) < 2:
        return None
    first = words[0].lower().strip(".:,")
    if len(first) < 6:
        return None
    for level, word in _MISSPELT_LEVELS:
        if _within_one_edit(first, word):
            return level
    return None
