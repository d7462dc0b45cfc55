"""Column roles: what a header caption says a column holds, and the levels a caption names.

Roles: number, code, level, achievement, actual, indicator, unit, budget, annual, target,
objective (a result statement), name, owner, note, value, quarter_group. A column under period
labels ("TW I", "Triwulan II", "2025", roman numerals under TRIWULAN) is a period column: target,
realisasi (under REALISASI) or ignored (under CAPAIAN, ANGGARAN …).
"""

from __future__ import annotations

import re

from ..core.periods import parse_period
from .layout import Column

# Column roles a header cell may name. Order matters: the first pattern that matches wins.
_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern, re.IGNORECASE))
    for role, pattern in (
        # What kind of item or spending a row is ("Jenis Kegiatan": Baru/Lanjutan, "Klasifikasi").
        ("note", r"^jenis\s+keg|^klasifikasi\b|^sifat\b"),
        ("number", r"^(no|nomor|no\s*urut)\.?$"),
        ("code", r"^kode\b"),
        # A column that says each row's level ("Program", "Sub Kegiatan") in a one-column cascade.
        ("level", r"^(tingkat(an)?|level|jenjang)$"),
        ("achievement", r"\bcapaian\b|^%$|^persentase\s+capaian|^tingkat\s+realisasi"),
        ("actual", r"\brealisasi\b"),
        ("indicator", r"\bindikator\b|\bik[u]?\b|^tolok\s+ukur"),
        ("unit", r"^satuan\b"),
        (
            "budget",
            r"\banggaran\b|\bpagu\b|\balokasi\b|^dana\b|^\(?rp\.?\)?$|^biaya\b|^jumlah\s*\(rp"
            r"|^apb[dn]\b|^sumber\s+lain|^total\b|^kebutuh-?an\s+dana",
        ),
        ("annual", r"^target\s+(tahunan|akhir|tahun\s+\d{4}|\d{4})$"),
        ("target", r"^target\b|^rencana\s+(target|capaian)"),
        ("objective", r"^sasaran\s+(program|kegiatan|sub\s*kegiatan)$"),
        ("name", r"^uraian\b|^nama\b|^jenis\b|^urusan\b"),
        (
            "owner",
            r"penanggung\s*jawab|penang\s*gung|^pj$|^pelaksana$|^pic$|^unit\s+kerja"
            r"|^(opd|skpd)(\s+pelaksana)?$",
        ),
        (
            "note",
            r"^ket(erangan)?\.?$|bukti|kendala|hambatan|tindak\s+lanjut|faktor|^catatan"
            r"|^rencana\s+aksi$|^langkah|^lokasi\b|^sumber\s+dana\b|^kondisi\b"
            # How an indicator is measured (an IKU table): formula, definition, data source.
            r"|^formula|^rumus|^penjelasan|^definisi|^cara\s+(pengukuran|perhitungan|menghitung)"
            r"|^sumber\s+data|^alasan|^metode",
        ),
        # A schedule (JADWAL over month or quarter columns): the periods there are not targets.
        ("schedule", r"^jadwal\b|^waktu\s+pelaksanaan\b|^bulan\s+pelaksanaan\b"),
        ("value", r"^k$|^kinerja$|^vol(ume)?\.?$"),
        ("quarter_group", r"^(target\s+)?(per\s+)?(triwulan|tw|bulan|kuartal)(an)?$"),
    )
)


_LEVEL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("subkegiatan", re.compile(r"\bsub[\s-]*kegiatan\b", re.IGNORECASE)),
    ("kegiatan", re.compile(r"(?<!sub )(?<!sub)\bkegiatan\b", re.IGNORECASE)),
    ("program", re.compile(r"\bprogram\b", re.IGNORECASE)),
    ("sasaran", re.compile(r"\bsasaran\b", re.IGNORECASE)),
    ("tujuan", re.compile(r"\btujuan\b", re.IGNORECASE)),
)


_ROMAN_OR_DIGIT = re.compile(r"^(iv|iii|ii|i|[1-9]|1[0-2])$", re.IGNORECASE)


def levels_named(text: str) -> list[str]:
    """Levels of the cascade a header cell names, in cascade order ("PROGRAM/KEGIATAN" → 2)."""
    found = []
    for level, pattern in _LEVEL_PATTERNS:
        if pattern.search(text):
            found.append(level)
    # "Sub Kegiatan" alone also matches the plain "kegiatan" pattern only through "sub".
    if (
        "subkegiatan" in found
        and "kegiatan" in found
        and not re.search(r"(?<!sub )(?<!sub)(?<!sub-)\bkegiatan\b", text, re.IGNORECASE)
    ):
        found.remove("kegiatan")
    order = ("tujuan", "sasaran", "program", "kegiatan", "subkegiatan")
    return sorted(found, key=order.index)


def role_of(text: str) -> str | None:
    """The column role a header cell names, or None."""
    s = " ".join(text.split())
    for role, pattern in _ROLE_PATTERNS:
        if pattern.search(s):
            return role
    return None


_YEAR_IN_CAPTION = re.compile(r"(?<![\d/-])((?:19|20)\d\d)(?![\d/-])")
_MONEY = re.compile(r"\b(anggaran|keuangan|dana|biaya|pagu)\b|\(rp\.?\)|\brp\b", re.IGNORECASE)
# Amounts stated in thousands or millions of rupiah: "PAGU (Ribuan Rp)", "Anggaran (dalam juta)".
_SCALES = (
    (re.compile(r"\bribu(an)?\b", re.IGNORECASE), 1_000),
    (re.compile(r"\bjuta(an)?\b", re.IGNORECASE), 1_000_000),
    (re.compile(r"\b(miliar|milyar)\b", re.IGNORECASE), 1_000_000_000),
)
_ABBREVIATED = {"t": "target", "tgt": "target", "trgt": "target", "r": "actual", "real": "actual"}
_KIND_ROLES = ("actual", "target", "annual", "achievement", "note", "budget", "schedule", "owner")
# Years written relative to the plan year: "(n-2)", "tahun n-1", "Tahun-3", "n+1".
_RELATIVE_YEAR = re.compile(
    r"(?:\(\s*|\btahun\s*|\bth\.?\s*|\b)n\s*([-+])\s*(\d)\b|\btahun\s*-\s*(\d)\b",
    re.IGNORECASE,
)
# A value up to a point ("realisasi s/d tahun lalu", "sampai dengan 2015"): cumulative over years,
# not the value of one period.
_UP_TO = re.compile(r"\bs\s*[/.]\s*d\b\.?|\bsampai\s+dengan\b", re.IGNORECASE)


def relative_year(text: str, year: int | None) -> str | None:
    """The year a caption names relative to the plan year ("(n-2)" in a 2016 plan → "2016")."""
    if year is None:
        return None
    m = _RELATIVE_YEAR.search(text)
    if not m:
        return None
    if m.group(3):
        return str(year - int(m.group(3)))
    offset = int(m.group(2))
    return str(year - offset if m.group(1) == "-" else year + offset)


def caption_period(text: str, year: int | None = None) -> str | None:
    """The period a caption names: a label ("TW I", "2025"), a year in a longer caption
    ("Target Renja tahun 2016"), or a year relative to the plan year ("(n-1)")."""
    period = parse_period(text, allow_year=True)
    if period:
        return period
    relative = relative_year(text, year)
    if relative:
        return relative
    years = _YEAR_IN_CAPTION.findall(text)
    if len(years) == 1 and role_of(text) in ("target", "actual"):
        return years[0]  # "Target Renja SKPD Tahun 2014", "Realisasi (2014)"
    return None


def column_from_labels(col: int, stack: list[str], year: int | None = None) -> Column:
    """A column's role from the labels stacked above it, most specific (lowest) last.

    ``year`` is the plan's year, when the document's title gave it: captions naming years
    relative to it ("Target Renja tahun (n-2)") then name real years.
    """
    column = Column(col=col, labels=stack)
    roles = [role_of(s) for s in stack]
    period = None
    for i, text in enumerate(stack):
        p = caption_period(text, year)
        if p is None and _ROMAN_OR_DIGIT.match(text.strip()) and i > 0:
            parent = " ".join(stack[:i]).lower()
            if re.search(r"triwulan|\btw\b|kuartal", parent):
                p = parse_period("TW " + text.strip())
            elif "bulan" in parent:
                p = f"M{int(text):02d}" if text.strip().isdigit() else None
        if p:
            period = p
    cumulative = any(_UP_TO.search(text) for text in stack)
    if period and cumulative and period[0].isdigit():
        period = None  # "realisasi s/d 2015": years added up, no one year's value
    if period:
        column.period = period
        # The lowest caption that says what the values are decides ("Target dan Realisasi" over
        # "Target Renja tahun (n-2)": targets; "Realisasi" over "TW I": realisasi).
        # Abbreviations under a period ("TRIWULAN I" over "T | R | %"): T target, R realisasi.
        roles = [
            _ABBREVIATED.get(text.strip().lower().rstrip(".:"), r)
            for text, r in zip(stack, roles, strict=True)
        ]
        kinds = [r for r in roles if r in _KIND_ROLES]
        kind = kinds[-1] if kinds else "target"
        if kind in ("achievement", "note", "budget", "schedule", "owner"):
            column.kind = "ignore"
        elif kind == "actual":
            column.kind = "actual"
        if period[0].isdigit() and column.kind == "target" and "annual" in roles:
            column.period, column.role = None, "annual"
        return column
    for role in reversed(roles):
        if role:
            column.role = role
            break
    if column.role == "budget":
        column.scale = next(
            (scale for pattern, scale in _SCALES if any(pattern.search(t) for t in stack)), 1
        )
    if column.role == "actual" and any(_MONEY.search(text) for text in stack):
        column.role = "ignore"  # "Realisasi Anggaran": money spent, not the indicator's realisasi
    if column.role == "schedule":
        column.role = "ignore"
    if cumulative and column.role in ("actual", "target", "annual"):
        column.role = "ignore"
    if column.role in ("actual", "achievement") and "budget" in roles:
        column.role = "ignore"
    return column


# ---------------------------------------------------------------------------------------------
# Roles from content: where a caption says nothing (or too little), the cells below it tell.

# Roles whose texts are not names, result statements or indicators.
NOT_TEXT_ROLES = frozenset(
    {"unit", "note", "owner", "ignore", "achievement", "budget", "code", "number", "level",
     "schedule", "value", "quarter_group"}
)  # fmt: skip
_BULLETS = frozenset({"-", "–", "—", "•", "*", "·", "o", ">"})
_UNIT_WORD = re.compile(r"^[%A-Za-z][A-Za-z0-9²³%./ ()-]{0,24}$")


def is_unit_like(text: str) -> bool:
    """A short word naming a unit of measure ("%", "Koperasi", "orang", "unit", "Dok.")."""
    s = text.strip()
    return bool(_UNIT_WORD.match(s)) and len(s.split()) <= 2 and s not in _BULLETS


def refine_with_content(layout, body) -> None:
    """Correct a layout's columns by what their cells hold (``body``: the token rows).

    - A name or indicator column holding only bullets ("-", "•") gives its place to the column
      on its right (the caption spans both; the texts stand in the second).
    - A column under the same target, realisasi or period caption as the values on its left,
      whose cells are all unit words ("%", "orang"), is the unit of those values ("85 | %").
    - A column without any caption whose cells are unit words is a unit column.
    - A column whose caption no vocabulary knows is read by its cells: unit words beside values
      are a unit; values, where no other column holds targets, the annual target; texts of a
      few words, right of its block's name where the block has no indicator column, the
      indicator.
    """
    cells: dict[int, list] = {}
    for tokens in body:
        for token in tokens:
            cells.setdefault(token.col, []).append(token)

    def texts(col: int) -> list[str]:
        return [t.text for t in cells.get(col, [])]

    def only_bullets(col: int) -> bool:
        found = texts(col)
        return bool(found) and all(t.strip() in _BULLETS for t in found)

    def all_units(col: int) -> bool:
        found = [t for t in cells.get(col, []) if t.text.strip() not in _BULLETS]
        return bool(found) and all(t.kind == "text" and is_unit_like(t.text) for t in found)

    def has_values(col: int) -> bool:
        return any(t.kind == "value" and t.value is not None for t in cells.get(col, []))

    for block in layout.blocks:
        for slot, col in list(block.slot_cols.items()):
            nxt = col + 1
            if (
                only_bullets(col)
                and block.contains(nxt)
                and texts(nxt)
                and nxt not in block.slot_cols.values()
            ):
                block.slot_cols[slot] = nxt
                column = layout.columns.get(col)
                if column is not None:
                    column.role = "ignore"
    for col, column in sorted(layout.columns.items()):
        if col == 0 or not all_units(col) or not has_values(col - 1):
            continue
        left = layout.columns.get(col - 1)
        valued = left is not None and (left.period or left.role in ("target", "annual", "actual"))
        # Under the same caption as the values beside it (a merged cell over "85 | %"): a
        # column of its own (TW IV beside TW III) holding text targets ("WTP") is not a unit.
        same_caption = left is not None and left.labels == column.labels
        if valued and same_caption:
            column.period, column.role, column.kind = None, "unit", "target"
    for col, column in sorted(layout.columns.items()):
        if column.labels or column.role or column.period:
            continue
        if all_units(col) and col > 0 and has_values(col - 1):
            column.role = "unit"
    # Captions no vocabulary knows ("UKURAN", "VOLUME"): the cells tell.
    valued_elsewhere = any(
        c.period or c.role in ("annual", "target") for c in layout.columns.values()
    )
    for col, column in sorted(layout.columns.items()):
        if not column.labels or column.role not in (None, "value") or column.period:
            continue
        found = cells.get(col, [])
        if not found:
            continue
        if all_units(col) and col > 0 and has_values(col - 1):
            column.role = "unit"
            continue
        values = [t for t in found if t.kind == "value"]
        long_texts = [t for t in found if t.kind == "text" and len(t.text.split()) >= 3]
        if len(values) * 2 > len(found) and not valued_elsewhere:
            column.role = "annual"
            valued_elsewhere = True
        elif len(long_texts) * 2 > len(found):
            index = layout.block_at(col)
            block = layout.blocks[index]
            name_col = block.slot_cols.get("name", -1)
            if "indicator" not in block.slot_cols and col > name_col:
                block.slot_cols["indicator"] = col


def infer_roles(body) -> dict:
    """Column roles for a table without a header, from its cells alone (``body``: token rows).

    Numbering columns hold bare numbers ("1", "1.", "a."); text columns hold texts of a few words:
    the first is the name, the last the indicator, one between them a result statement; value
    columns hold values: four of them are the quarters' targets, one the annual target, amounts of
    money (Rp, or a million and more) the budget; unit words beside values are their unit.
    """
    from .mapping import ColumnRole

    kinds: dict[int, list[str]] = {}
    for tokens in body:
        for token in tokens:
            if token.kind == "value" and (
                token.unit == "Rp"
                or (isinstance(token.value, int | float) and token.value >= 1_000_000)
            ):
                kind = "money"
            elif token.kind == "text" and is_unit_like(token.text) and len(token.text) <= 12:
                kind = "unit"
            elif token.kind == "text":
                kind = "text"
            else:
                kind = {"value": "value", "number": "number", "period": "value"}[token.kind]
            kinds.setdefault(token.col, []).append(kind)

    def main(col: int) -> str:
        found = kinds[col]
        return max(set(found), key=found.count)

    cols = sorted(kinds)
    texts = [c for c in cols if main(c) == "text"]
    values = [c for c in cols if main(c) == "value"]
    roles: dict[int, ColumnRole] = {}
    for c in cols:
        kind = main(c)
        if kind == "number" and (not texts or c < texts[0]):
            roles[c] = ColumnRole("number")
        elif kind == "money":
            roles[c] = ColumnRole("budget")
        elif kind == "unit" and (c - 1 in values or c + 1 in values):
            roles[c] = ColumnRole("unit")
    if texts:
        roles[texts[0]] = ColumnRole("name")
        if len(texts) >= 2:
            roles[texts[-1]] = ColumnRole("indicator")
        if len(texts) == 3:
            roles[texts[1]] = ColumnRole("objective")
        for c in texts[1:-1] if len(texts) > 3 else ():
            roles[c] = ColumnRole("note")
    if len(values) == 4:
        for c, period in zip(values, ("TW1", "TW2", "TW3", "TW4"), strict=True):
            roles[c] = ColumnRole("target", period=period)
    elif values:
        roles[values[0]] = ColumnRole("annual")
        for c in values[1:]:
            roles[c] = ColumnRole("ignore")
    return roles
