"""The national nomenclature of programs, kegiatan and sub kegiatan, and matching names against it.

A Rencana Aksi names its programs, kegiatan and sub kegiatan after the national classification
(Permendagri 90/2019 and its yearly Kepmendagri updates), usually without codes and with the
spelling a person typed: "Fasilitas Kunjungan Tamu" for "Fasilitasi Kunjungan Tamu", "Barang Miik
Daerah", "Kegiatan Administrasi Keuangan Perangkat Daerah", "Kabupaten/ Kota", names cut short at a
page break. This module finds the official item such a name means.

Versions (packaged data, ``renaksi/data/nomenclature/``, see SOURCE.md there):

- ``"2022"``: the list one kabupaten used for its 2022 plans (kabupaten/kota items only).
- ``"sipd"``: the national SIPD master list, kabupaten/kota ("KABKOT") and province ("PROV") items.
- ``"combined"`` (the default): both; wherever both know a code or a name, the 2022 entry comes
  first, then SIPD kabupaten/kota, then SIPD province. A 2022 sub kegiatan without a standard
  kinerja/indikator/satuan takes them from the SIPD entry of the same code and name.

Matching never changes a name: official spellings ("Efektifitas", "Pemerintah" beside
"Pemerintahan") are kept as they are and match themselves exactly; a document's spelling is only
*tolerated*. How a document name is compared with the official names of a level:

1. **exact**: the same ``normalise_name`` form: Unicode NFKC, casefold, leading numbering ("1.",
   "A.", "2 ", "(3)", "IV.") or a code removed, a leading level word ("Program", "Kegiatan",
   "Sub Kegiatan", "Keg.", and typos of "Program"/"Kegiatan") removed, "&" read as "dan", other
   punctuation a space, "/ " and " /" → "/", whitespace collapsed.
2. **prefix**: the name has at least ``MIN_PREFIX_WORDS`` words and they begin an official name
   (the last may be cut: "… Masyarakat di Wil" for "… Masyarakat di Wilayah Kecamatan").
3. **fuzzy**: the words are aligned (difflib on word sequences). Equal words count fully; a run of
   differing words counts with its character similarity when that is at least ``WORD_THRESHOLD``
   (a typo or a split/merged word: "miik"/"milik" 0.89, "fasilitas"/"fasilitasi" 0.95,
   "pemerintah"/"pemerintahan" 0.91); other words count nothing. The score is the
   character-weighted share of both names that aligns. A match needs a score of at least
   ``FUZZY_THRESHOLD``, at most ``MAX_OTHER_WORDS`` words that are neither equal nor a typo (one
   missing or extra word is tolerated, a word replaced by another word — "Desa" for "Kelurahan",
   "Provinsi" for "Kab/Kota" — names another item and is not), and the same first word (typos
   that keep its first letter allowed): official names start with their action ("Penyediaan",
   "Koordinasi"), and the rule keeps indicators and result statements ("Jumlah Laporan …",
   "Terlaksananya …") from matching the item they talk about. A name of ``MIN_PREFIX_WORDS`` words
   or more is also compared with the start of each longer official name: a name cut short *and*
   mistyped is a "prefix" match with a score below 1.

Best match: exact, then exact prefix, then the higher score, then the larger share of the official
name covered. Entries with the same name (a Program Penunjang item exists under every bidang) are
ordered by ``prefer`` (a code prefix such as the parent's code or "7.01"), then by list order.

The thresholds were chosen on the 2022 list (tests/core/test_nomenclature.py pins them): with a
random one-letter typo in one or two words, 99 % of the names match their own entry and none
matches another (the misses change the first letter); a name with one word dropped matches in
92 % of cases; names of the sample document match as expected, and no indicator or result
statement of the sample matches anything.

Speed: normal forms and word, first-word, prefix and deletion indexes are built once per version
(about 0.5 s for the combined list; ``load`` caches it per process). An exact lookup is one
dictionary access (about 20 µs per call including normalisation); a fuzzy one shortlists names that
start with (a typo of) the first word and share one of the rarest other words, pre-scores them on
shared words, and aligns at most ``_SHORTLIST`` of them (about 0.2 ms). Results are cached per
normal form.

Pure Python, no Django; the only I/O is reading the packaged lists through importlib.resources.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources

NOMENCLATURE_LEVELS: tuple[str, ...] = ("program", "kegiatan", "subkegiatan")
VERSIONS: tuple[str, ...] = ("2022", "sipd")
COMBINED = "combined"
DEFAULT_VERSION = COMBINED
JENIS: tuple[str, ...] = ("KABKOT", "PROV")
KINDS: tuple[str, ...] = ("code", "exact", "prefix", "fuzzy")

# A fuzzy match needs this share of both names to align (see the module docstring and the tests).
FUZZY_THRESHOLD = 0.85
# Two differing words (or runs of words) count as one word mistyped from this character similarity.
WORD_THRESHOLD = 0.75
# A fuzzy match tolerates any number of mistyped words but at most this many words missing or added;
# a word replaced by another word names another item ("Desa"/"Kelurahan", "Provinsi"/"Kab/Kota").
MAX_OTHER_WORDS = 1
# A cut-short name must keep this many words to match the official name it starts.
MIN_PREFIX_WORDS = 4

_SHORTLIST = 8  # candidates scored in full per fuzzy lookup
_PRE_SCORE_SPAN = 0.25  # candidates pre-scoring this far below the best one are not scored
_RARE_WORDS = 4  # how many of a name's rarest known words shortlist candidates
_CACHE_LIMIT = 100_000

# ---------------------------------------------------------------------------------------------
# Names and codes


_CODE_AT_START = re.compile(r"^[0-9x]\.[0-9x]{1,2}(?:\.\d{1,4}){1,4}\.?(?:\s+|$)", re.IGNORECASE)
_NUMBERING = re.compile(
    r"^(?:\(\s*(?:\d{1,3}|[a-z])\s*\)|(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivx]{1,4})[.)]|\d{1,3}(?=\s))\s*",
    re.IGNORECASE,
)
_LEVEL_WORD = re.compile(
    r"^(?:sub[\s\-]*kegiatan|kegiatan|keg\.|program|prog\.)(?:\s*[:.\-])?(?:\s+|$)", re.IGNORECASE
)
_LEVEL_TYPOS = ("program", "kegiatan")
_NOT_WORD = re.compile(r"[^\w/]+")
_SLASH = re.compile(r"\s*/[\s/]*")
_SPLIT = re.compile(r"[ /]+")


def strip_numbering(text: str) -> str:
    """The text without a leading numbering ("1.", "A.", "2 ", "(3)", "IV.") or nomenclature code.

    >>> strip_numbering("1. Program Penunjang")
    'Program Penunjang'
    >>> strip_numbering("7.01.01.2.01.0001 Penyusunan Dokumen")
    'Penyusunan Dokumen'
    """
    s = text.strip()
    for _ in range(2):
        m = _CODE_AT_START.match(s) or _NUMBERING.match(s)
        if not m or m.end() >= len(s):
            break
        s = s[m.end() :].lstrip(" -:")
    return s


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """The form two names are compared in; ``""`` for a name with no letters or digits.

    Casefold, numbering/code and a leading level word removed, punctuation to spaces, "/" kept
    without spaces around it, whitespace collapsed. The result is only a key: never show it.

    >>> normalise_name("A. Program Penunjang Urusan Pemerintah Daerah Kabupaten/ Kota")
    'penunjang urusan pemerintah daerah kabupaten/kota'
    >>> normalise_name("2. Kegiatan Administrasi Keuangan Perangkat Daerah")
    'administrasi keuangan perangkat daerah'
    """
    s = unicodedata.normalize("NFKC", name)
    s = strip_numbering(s).casefold()
    m = _LEVEL_WORD.match(s)
    if m and m.end() < len(s):
        s = s[m.end() :]
    else:
        first, _, rest = s.partition(" ")
        if rest and len(first) >= 6 and any(_char_ratio(first, w) >= 0.85 for w in _LEVEL_TYPOS):
            s = rest  # "Progam Penunjang …", "Kegiatn …"
    s = s.replace("&", " dan ")
    s = _NOT_WORD.sub(" ", s).replace("_", " ")
    s = _SLASH.sub("/", s)
    return " ".join(s.split()).strip("/ ")


def name_words(normal: str) -> tuple[str, ...]:
    """The words of a normalised name; "/" separates words too ("kabupaten/kota" → 2 words)."""
    return tuple(w for w in _SPLIT.split(normal) if w)


_CODE_SHAPE = re.compile(r"^[0-9X](?:\.[0-9X]{1,2})(?:\.\d{1,4}){1,4}$")
_SEGMENT_WIDTHS = (1, 2, 2, 1, 2, 4)
_LEVEL_BY_SEGMENTS = {3: "program", 5: "kegiatan", 6: "subkegiatan"}


def normalise_code(code: str | None) -> str | None:
    """A nomenclature code in its standard form, or None when ``code`` is not one.

    Segments are padded to ``U.BB.PP.K.GG.SSSS``: "7.1.1.2.1.1" → "7.01.01.2.01.0001"; spaces and a
    trailing dot are ignored; "x.xx.01" → "X.XX.01". Only program (3 segments), kegiatan (5) and sub
    kegiatan (6) codes are accepted.
    """
    if not code:
        return None
    s = re.sub(r"\s+", "", code).rstrip(".").upper()
    if not _CODE_SHAPE.match(s):
        return None
    parts = s.split(".")
    if len(parts) not in _LEVEL_BY_SEGMENTS:
        return None
    out = []
    for part, width in zip(parts, _SEGMENT_WIDTHS, strict=False):
        if "X" in part:
            if part != "X" * len(part):
                return None
            part = "X" * width
        elif len(part) > width:
            return None
        out.append(part.zfill(width))
    return ".".join(out)


def code_level(code: str | None) -> str | None:
    """ "program", "kegiatan" or "subkegiatan" for a code, by its number of segments."""
    normal = normalise_code(code)
    return _LEVEL_BY_SEGMENTS[normal.count(".") + 1] if normal else None


def code_bidang(code: str | None) -> str | None:
    """The urusan and bidang of a code ("7.01"), or None for a code valid in every bidang (X.XX)."""
    normal = normalise_code(code)
    if not normal or normal.startswith("X"):
        return None
    return normal[:4]


def concrete_code(code: str, bidang: str | None) -> str:
    """The code as a unit of ``bidang`` writes it: "X.XX.01.2.01.0001" in "7.01" → "7.01.01.2.01.0001".

    Codes that do not start with X.XX, or no bidang, give the code unchanged.
    """
    if bidang and code.startswith("X.XX.") and re.fullmatch(r"\d\.\d{2}", bidang):
        return bidang + code[4:]
    return code


def _shared_segments(a: str, b: str) -> int:
    """How many leading code segments agree; "X"/"XX" agrees with any urusan/bidang."""
    n = 0
    for x, y in zip(a.split("."), b.split("."), strict=False):
        if x == y or (n < 2 and ("X" in x or "X" in y)):
            n += 1
        else:
            break
    return n


# ---------------------------------------------------------------------------------------------
# Entries and matches


@dataclass(frozen=True, slots=True)
class Entry:
    """One official item: its level, code and name as the list writes them.

    ``kinerja`` (the standard output statement), ``indikator`` and ``satuan`` are given for sub
    kegiatan when the list has them, else None. ``version`` is the list it comes from ("2022" or
    "sipd"); ``jenis`` whether it is a kabupaten/kota ("KABKOT") or province ("PROV") item.
    """

    level: str
    code: str
    name: str
    version: str
    jenis: str = "KABKOT"
    kinerja: str | None = None
    indikator: str | None = None
    satuan: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """What a document name was matched to.

    ``kind``: "code" (the document's code names this entry and its name agrees), "exact" (same
    normal form), "prefix" (the document name is the official name cut short, possibly with a
    typo), "fuzzy" (a typo'd or slightly reworded name). ``score`` in [0, 1]: 1.0 for exact and
    exact-prefix matches, the similarity otherwise. ``alternatives``: other entries the name fits
    equally well (the same name under other codes — e.g. a Program Penunjang item exists under
    every bidang — or, for an ambiguous prefix, other names), best first.
    """

    entry: Entry
    kind: str
    score: float
    alternatives: tuple[Entry, ...] = ()

    @property
    def level(self) -> str:
        return self.entry.level

    @property
    def is_exact(self) -> bool:
        """True for "code" and "exact" matches: the document name is the official name."""
        return self.kind in ("code", "exact") and self.score >= 1.0


@dataclass(slots=True)
class _Name:
    normal: str
    words: tuple[str, ...]
    cum: tuple[int, ...]  # cum[k] = number of characters of the first k words
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    word_set: frozenset[str] = frozenset()
    heads: frozenset[str] = frozenset()  # the first three letters of each word
    tails: frozenset[str] = frozenset()  # the last three letters of each word

    def __post_init__(self) -> None:
        self.word_set = frozenset(self.words)
        self.heads = frozenset(w[:3] for w in self.words)
        self.tails = frozenset(w[-3:] for w in self.words)

    @property
    def chars(self) -> int:
        return self.cum[-1]


@dataclass(frozen=True, slots=True)
class _Hit:
    name: int  # index into Nomenclature._names
    kind: str
    score: float
    coverage: float  # share of the official name the document name covers


def _source_rank(entry: Entry) -> int:
    """0 for the 2022 list, 1 for SIPD kabupaten/kota, 2 for SIPD province."""
    return 0 if entry.version == "2022" else 1 + JENIS.index(entry.jenis)


def _hit_order(hit: _Hit) -> tuple[bool, bool, float, float, bool]:
    """Exact, then exact prefix, then the higher similarity, the larger share of the official
    name covered, and a whole-name fuzzy match over a fuzzy prefix."""
    return (
        hit.kind == "exact",
        hit.kind == "prefix" and hit.score >= 1.0,
        round(hit.score, 6),
        round(hit.coverage, 6),
        hit.kind == "fuzzy",
    )


# ---------------------------------------------------------------------------------------------
# Similarity


@lru_cache(maxsize=131072)
def _char_ratio(a: str, b: str) -> float:
    """difflib's ratio for two short strings, 0 when their lengths alone rule out a typo."""
    la, lb = len(a), len(b)
    if 2 * min(la, lb) / (la + lb) < WORD_THRESHOLD:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.quick_ratio() < WORD_THRESHOLD:
        return 0.0
    return matcher.ratio()


def word_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Similarity of two word sequences in [0, 1] (see the module docstring).

    >>> round(word_similarity(("fasilitas", "kunjungan", "tamu"), ("fasilitasi", "kunjungan", "tamu")), 3)
    0.978
    """
    return _align(a, b)[0]


def _align(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[float, int]:
    """(similarity, number of words that are neither equal nor a typo of a word of the other).

    Words are aligned with difflib on the word sequences. Equal words count with their length
    on both sides; a run of differing words counts with its character similarity when that is at
    least WORD_THRESHOLD (a typo, a split or merged word: "perizinannon" / "perizinan non"), else
    its words are *other words*; missing and added words are other words too.
    """
    total = sum(map(len, a)) + sum(map(len, b))
    if not total:
        return 0.0, 0
    # Equal words at both ends first (cheap); difflib only for what differs in the middle.
    start, stop_a, stop_b = 0, len(a), len(b)
    while start < stop_a and start < stop_b and a[start] == b[start]:
        start += 1
    while stop_a > start and stop_b > start and a[stop_a - 1] == b[stop_b - 1]:
        stop_a -= 1
        stop_b -= 1
    matched = 2.0 * (sum(map(len, a[:start])) + sum(map(len, a[stop_a:])))
    mid_a, mid_b = a[start:stop_a], b[start:stop_b]
    if len(mid_a) <= 1 and len(mid_b) <= 1:
        blocks = [(mid_a, mid_b)] if mid_a or mid_b else []
    else:
        blocks = []
        matcher = difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                matched += 2 * sum(map(len, mid_a[i1:i2]))
            else:
                blocks.append((mid_a[i1:i2], mid_b[j1:j2]))
    other = 0
    for wa, wb in blocks:
        if wa and wb:
            sa, sb = "".join(wa), "".join(wb)
            ratio = _char_ratio(sa, sb)
            if ratio >= WORD_THRESHOLD:
                matched += ratio * (len(sa) + len(sb))
                continue
        other += len(wa) + len(wb)
    return matched / total, other


def _fuzzy_score(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """The similarity when it makes a fuzzy match (FUZZY_THRESHOLD, MAX_OTHER_WORDS), else 0."""
    score, other = _align(a, b)
    return score if score >= FUZZY_THRESHOLD and other <= MAX_OTHER_WORDS else 0.0


def _length_allows(a: int, b: int) -> bool:
    """Whether names of ``a`` and ``b`` characters can still be FUZZY_THRESHOLD alike."""
    return a + b > 0 and 2 * min(a, b) / (a + b) >= FUZZY_THRESHOLD


def _deletions(word: str) -> set[str]:
    """The word and every string one letter shorter."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _same_first_word(a: str, b: str) -> bool:
    """The anchor of a fuzzy match: equal first words, or a typo that keeps the first letter
    ("Fasilitas"/"Fasilitasi"; not "Terpeliharaan"/"Pemeliharaan")."""
    return a == b or (a[:1] == b[:1] and _char_ratio(a, b) >= WORD_THRESHOLD)


# ---------------------------------------------------------------------------------------------
# The master list


class Nomenclature:
    """A versioned master list with indexes for matching names and codes.

    Build one with ``load(version)`` (cached); instances are read-only and safe to share.
    """

    def __init__(self, entries: Iterable[Entry], version: str) -> None:
        self.version = version
        self.entries: tuple[Entry, ...] = tuple(entries)
        self._rank = {id(e): i for i, e in enumerate(self.entries)}
        self._by_code: dict[str, list[Entry]] = {}
        self._names: list[_Name] = []
        self._exact: dict[str, int] = {}
        for entry in self.entries:
            self._by_code.setdefault(entry.code, []).append(entry)
            normal = normalise_name(entry.name)
            index = self._exact.get(normal)
            if index is None:
                words = name_words(normal)
                cum = [0]
                for w in words:
                    cum.append(cum[-1] + len(w))
                index = self._exact[normal] = len(self._names)
                self._names.append(_Name(normal, words, tuple(cum)))
            self._names[index].entries.setdefault(entry.level, []).append(entry)
        self._prefix: dict[tuple[str, ...], list[int]] = {}
        self._postings: dict[str, list[int]] = {}
        self._first: dict[str, list[int]] = {}
        self._pairs: dict[tuple[str, str], list[int]] = {}  # (first word, other word) → names
        for index, name in enumerate(self._names):
            words = name.words
            if not words:
                continue
            for k in range(MIN_PREFIX_WORDS, len(words)):
                self._prefix.setdefault(words[:k], []).append(index)
            for w in set(words):
                self._postings.setdefault(w, []).append(index)
                if w != words[0]:
                    self._pairs.setdefault((words[0], w), []).append(index)
            self._first.setdefault(words[0], []).append(index)
        # First words by their one-letter deletions: finds a mistyped first word's candidates
        # (one letter changed, added, dropped or two swapped) without scanning every first word.
        self._first_near: dict[str, list[str]] = {}
        for w in self._first:
            for variant in _deletions(w):
                self._first_near.setdefault(variant, []).append(w)
        self._cache: dict[str, tuple[_Hit, ...]] = {}

    def __repr__(self) -> str:
        return f"<Nomenclature {self.version}: {len(self.entries)} entries>"

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    # -- codes ---------------------------------------------------------------------------------

    def entries_for_code(self, code: str | None) -> tuple[Entry, ...]:
        """Every entry with this code, best first; a code not in the list falls back to X.XX.

        A unit's Program Penunjang items carry its own bidang ("7.01.01.2.01.0001"), the SIPD
        list writes them once as "X.XX.01.2.01.0001": a concrete code finds the X.XX entry.
        """
        normal = normalise_code(code)
        if normal is None:
            return ()
        found = self._by_code.get(normal)
        if not found and not normal.startswith("X"):
            found = self._by_code.get("X.XX" + normal[4:])
        return tuple(found or ())

    def by_code(self, code: str | None) -> Entry | None:
        """The entry a code names (the 2022 list first, then SIPD kabupaten/kota, then
        province), or None when the code is unknown or not a code."""
        found = self.entries_for_code(code)
        return found[0] if found else None

    # -- names ---------------------------------------------------------------------------------

    def match(
        self,
        level: str,
        name: str | None,
        code: str | None = None,
        prefer: str | None = None,
    ) -> Match | None:
        """The official ``level`` item that ``name`` (and ``code``) means, or None.

        - With a ``code`` that names an entry of ``level`` whose name agrees with ``name``
          (exact, prefix or fuzzy as for names, or ``name`` empty) → kind "code"; its score is
          1.0 only when the names are the same (normalised), else the whole-name similarity.
        - Otherwise the code is ignored and the name decides: exact, else prefix, else fuzzy
          (see the module docstring); None when nothing reaches the thresholds. Use ``by_code``
          to tell a code that disagrees with its name.
        - ``prefer``: a code or code prefix ("7.01", the parent kegiatan's code) that picks among
          entries fitting equally well, e.g. which bidang's Program Penunjang.

        ``level`` must be one of NOMENCLATURE_LEVELS (ValueError otherwise).
        """
        if level not in NOMENCLATURE_LEVELS:
            raise ValueError(f"not a nomenclature level: {level!r}")
        normal = normalise_name(name) if name else ""
        prefer = prefer or normalise_code(code)
        if code:
            candidates = [e for e in self.entries_for_code(code) if e.level == level]
            if candidates:
                candidates = self._order(candidates, prefer)
                if not normal:
                    return Match(candidates[0], "code", 1.0, tuple(candidates[1:]))
                score = self._agreement(normal, candidates[0].name)
                if score is not None:
                    return Match(candidates[0], "code", score, tuple(candidates[1:]))
        if not normal:
            return None
        hits = [h for h in self._lookup(normal) if level in self._names[h.name].entries]
        if not hits:
            hits = [h for h in self._fuzzy(normal, level) if level in self._names[h.name].entries]
        return self._to_match(hits, level, prefer)

    def match_levels(self, name: str | None, prefer: str | None = None) -> dict[str, Match]:
        """The best match of ``name`` at each level where there is one (exact and prefix at
        every level; fuzzy only when no level has an exact or prefix match)."""
        normal = normalise_name(name) if name else ""
        if not normal:
            return {}
        hits = list(self._lookup(normal)) or list(self._fuzzy(normal, None))
        out: dict[str, Match] = {}
        for level in NOMENCLATURE_LEVELS:
            found = self._to_match(
                [h for h in hits if level in self._names[h.name].entries], level, prefer
            )
            if found is not None:
                out[level] = found
        return out

    def guess_level(self, name: str | None) -> tuple[str, Entry] | None:
        """The level ``name`` matches best, with the entry, or None when it matches nothing.

        Best = exact over prefix over fuzzy, then the higher score; a name official at two levels
        (82 such names exist) goes to the better list (2022, then SIPD kabupaten/kota, then
        province), then to the deeper level. Fast: one dictionary access for a known name, cached results for repeats.
        """
        found = self.match_levels(name)
        if not found:
            return None
        depth = {level: i for i, level in enumerate(NOMENCLATURE_LEVELS)}
        best = max(
            found.values(),
            key=lambda m: (
                m.kind in ("code", "exact"),
                m.kind == "prefix" and m.score >= 1.0,
                round(m.score, 6),
                -_source_rank(m.entry),
                depth[m.level],
            ),
        )
        return best.level, best.entry

    def similarity(self, a: str, b: str) -> float:
        """How alike two names are in [0, 1] (1.0 when their normal forms are equal)."""
        na, nb = normalise_name(a), normalise_name(b)
        if na == nb:
            return 1.0 if na else 0.0
        return word_similarity(name_words(na), name_words(nb))

    # -- internals -----------------------------------------------------------------------------

    def _order(self, entries: Iterable[Entry], prefer: str | None) -> list[Entry]:
        if prefer:
            return sorted(
                entries, key=lambda e: (-_shared_segments(prefer, e.code), self._rank[id(e)])
            )
        return sorted(entries, key=lambda e: self._rank[id(e)])

    def _to_match(self, hits: list[_Hit], level: str, prefer: str | None) -> Match | None:
        """The best hit's entry (``prefer`` picking among its codes); alternatives are the
        other entries of that name, then those of other names that are as good a match."""
        if not hits:
            return None
        ranked = sorted(hits, key=_hit_order, reverse=True)
        best = ranked[0]
        entries = self._order(self._names[best.name].entries[level], prefer)
        tier = _hit_order(best)[:3]
        for h in ranked[1:]:
            if _hit_order(h)[:3] == tier:
                entries.extend(self._order(self._names[h.name].entries[level], prefer))
        return Match(entries[0], best.kind, best.score, tuple(entries[1:]))

    def _agreement(self, normal: str, official: str) -> float | None:
        """Whether a document name agrees with one official name (exact, prefix or fuzzy as in
        matching), and then how alike the whole names are: 1.0 only for the same normal form."""
        other = normalise_name(official)
        if normal == other:
            return 1.0
        a, b = name_words(normal), name_words(other)
        whole = _align(a, b)[0]
        if MIN_PREFIX_WORDS <= len(a) < len(b):
            n = len(a)
            if b[:n] == a or (b[: n - 1] == a[:-1] and b[n - 1].startswith(a[-1])):
                return min(whole, 0.999)
            if _fuzzy_score(a, b[:n]):
                return min(whole, 0.999)
        return whole if _fuzzy_score(a, b) else None

    def _remember(self, key: str, hits: tuple[_Hit, ...]) -> tuple[_Hit, ...]:
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = hits
        return hits

    def _lookup(self, normal: str) -> tuple[_Hit, ...]:
        """Exact and prefix hits at every level (cached)."""
        cached = self._cache.get(normal)
        if cached is not None:
            return cached
        hits: list[_Hit] = []
        index = self._exact.get(normal)
        if index is not None:
            hits.append(_Hit(index, "exact", 1.0, 1.0))
        words = name_words(normal)
        if len(words) >= MIN_PREFIX_WORDS:
            chars = sum(map(len, words))
            for i in self._prefix.get(words, ()):
                hits.append(_Hit(i, "prefix", 1.0, chars / self._names[i].chars))
            if len(words) > MIN_PREFIX_WORDS:
                last, k = words[-1], len(words) - 1
                for i in self._prefix.get(words[:-1], ()):
                    official = self._names[i].words[k]
                    if official != last and official.startswith(last):
                        hits.append(_Hit(i, "prefix", 1.0, chars / self._names[i].chars))
        return self._remember(normal, tuple(hits))

    @lru_cache(maxsize=4096)  # noqa: B019 -- instances live for the process (load() caches them)
    def _close_first_words(self, word: str) -> tuple[str, ...]:
        near: set[str] = set()
        for variant in _deletions(word):
            near.update(self._first_near.get(variant, ()))
        close = sorted(w for w in near if w != word and _same_first_word(word, w))
        return (word, *close) if word in self._first else tuple(close)

    def _fuzzy(self, normal: str, level: str | None) -> tuple[_Hit, ...]:
        """Fuzzy and fuzzy-prefix hits (cached per level)."""
        key = f"{level or '*'}\x00{normal}"
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        words = name_words(normal)
        if not words:
            return self._remember(key, ())
        firsts = self._close_first_words(words[0])
        if not firsts:
            return self._remember(key, ())
        # Candidates: names that start with (a typo of) the first word and share one of the
        # rarest other words; names of one known word: every name with that first word.
        known = sorted((len(self._postings[w]), w) for w in set(words[1:]) if w in self._postings)
        candidates: set[int] = set()
        if known:
            for _df, w in known[:_RARE_WORDS]:
                for f in firsts:
                    candidates.update(self._pairs.get((f, w), ()))
        else:
            for f in firsts:
                candidates.update(self._first[f])
        chars = sum(map(len, words))
        n = len(words)
        word_set = set(words)
        # Cheap pre-score: the characters of shared words, against the lengths compared.
        ranked: list[tuple[float, int, bool]] = []
        for i in candidates:
            name = self._names[i]
            if level is not None and level not in name.entries:
                continue
            truncate = n >= MIN_PREFIX_WORDS and len(name.words) > n
            whole = _length_allows(chars, name.chars)
            if not (whole or (truncate and _length_allows(chars, name.cum[n]))):
                continue
            # Shared words count fully; a word sharing only its first or last three letters with
            # a word of the name (a likely typo: "perlatan"/"peralatan") counts half.
            shared = 0.0
            for w in word_set:
                if w in name.word_set:
                    shared += 2 * len(w)
                elif w[:3] in name.heads or w[-3:] in name.tails:
                    shared += len(w)
            other = name.cum[n] if truncate else name.chars
            pre = shared / (chars + other)
            ranked.append((pre, not truncate, -abs(chars - other), i, truncate))
        ranked.sort(reverse=True)
        hits: list[_Hit] = []
        floor = ranked[0][0] - _PRE_SCORE_SPAN if ranked else 0.0
        for pre, _whole, _diff, i, truncate in ranked[:_SHORTLIST]:
            if pre < floor:
                break
            name = self._names[i]
            score = _fuzzy_score(words, name.words)
            kind = "fuzzy"
            if truncate:
                cut = _fuzzy_score(words, name.words[:n])
                if cut > score:
                    score, kind = cut, "prefix"
            if score:
                hits.append(_Hit(i, kind, score, min(1.0, chars / name.chars)))
        return self._remember(key, tuple(hits))


# ---------------------------------------------------------------------------------------------
# Loading


def _read(filename: str) -> str:
    return (
        resources.files("renaksi")
        .joinpath("data", "nomenclature", filename)
        .read_text(encoding="utf-8")
    )


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text or None


def _load_2022() -> list[Entry]:
    entries: list[Entry] = []
    for level in NOMENCLATURE_LEVELS:
        text = _read(f"nomenklatur-2022-{level}.tsv")
        for row in csv.reader(text.splitlines(keepends=True), delimiter="\t"):
            if len(row) < 2 or not row[0].strip():
                continue
            code = normalise_code(row[0])
            name = _clean(row[1])
            if code is None or name is None:
                raise ValueError(f"nomenklatur-2022-{level}.tsv: bad row {row[:2]!r}")
            extra: dict[str, str | None] = {}
            if level == "subkegiatan":
                cells = [*row[2:5], None, None, None][:3]
                extra = dict(
                    zip(("kinerja", "indikator", "satuan"), map(_clean, cells), strict=True)
                )
            entries.append(Entry(level, code, name, "2022", "KABKOT", **extra))
    return entries


def _load_sipd() -> list[Entry]:
    entries: list[Entry] = []
    for level in NOMENCLATURE_LEVELS:
        for line in _read(f"sipd-{level}.tsv").splitlines():
            if not line.strip():
                continue
            cells = line.split("\t")
            code, name, jenis = normalise_code(cells[0]), _clean(cells[1]), cells[-1]
            if code is None or name is None or jenis not in JENIS:
                raise ValueError(f"sipd-{level}.tsv: bad line {line[:80]!r}")
            extra: dict[str, str | None] = {}
            if level == "subkegiatan":
                extra = dict(
                    zip(("kinerja", "indikator", "satuan"), map(_clean, cells[2:5]), strict=True)
                )
            entries.append(Entry(level, code, name, "sipd", jenis, **extra))
    # Kabupaten/kota items before province items: a plan is far more often a kabupaten unit's.
    entries.sort(key=lambda e: JENIS.index(e.jenis))
    return entries


def _with_standards(entries: Iterable[Entry], sipd: Iterable[Entry]) -> list[Entry]:
    """The 2022 entries, then SIPD's; a 2022 sub kegiatan without kinerja/indikator/satuan takes
    them from the SIPD entry of the same code (or its X.XX form) and the same name."""
    sipd = list(sipd)
    standards: dict[tuple[str, str], Entry] = {}
    for other in sipd:
        if other.level == "subkegiatan" and other.kinerja:
            standards.setdefault((other.code, normalise_name(other.name)), other)
    out: list[Entry] = []
    for entry in entries:
        if entry.level == "subkegiatan" and entry.kinerja is None:
            normal = normalise_name(entry.name)
            other = standards.get((entry.code, normal)) or standards.get(
                ("X.XX" + entry.code[4:], normal)
            )
            if other is not None:
                entry = replace(
                    entry, kinerja=other.kinerja, indikator=other.indikator, satuan=other.satuan
                )
        out.append(entry)
    return [*out, *sipd]


def load(version: str = DEFAULT_VERSION) -> Nomenclature:
    """The master list of ``version`` ("2022", "sipd" or "combined"), built once per process.

    Raises ValueError for an unknown version.
    """
    return _load(version)


@cache
def _load(version: str) -> Nomenclature:
    if version == COMBINED:
        return Nomenclature(_with_standards(_entries("2022"), _entries("sipd")), COMBINED)
    return Nomenclature(_entries(version), version)


@cache
def _entries(version: str) -> tuple[Entry, ...]:
    """The entries of one packaged list, read once (no indexes: ``load`` builds those)."""
    if version == "2022":
        return tuple(_load_2022())
    if version == "sipd":
        return tuple(_load_sipd())
    raise ValueError(f"unknown nomenclature version {version!r}; known: {(*VERSIONS, COMBINED)}")


def match(
    level: str, name: str | None, code: str | None = None, prefer: str | None = None
) -> Match | None:
    """``load().match(...)``: match against the default (combined) list."""
    return load().match(level, name, code, prefer)


def by_code(code: str | None) -> Entry | None:
    """``load().by_code(code)``: the entry a code names in the default (combined) list."""
    return load().by_code(code)


def guess_level(name: str | None) -> tuple[str, Entry] | None:
    """``load().guess_level(name)``: which level of the default list a name matches best."""
    return load().guess_level(name)
