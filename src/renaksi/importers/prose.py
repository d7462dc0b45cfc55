"""What is not a plan row: signature blocks, "Nama : …" lines, dates, prose, decree pages.

Documents put more than their plan table on the page: rows adding up the rows above ("Jumlah",
"Total"), the agreement text of a Perjanjian Kinerja,
the "Nama : … / Jabatan : …" lines of its parties, the place and date, the signer's position, name,
rank and NIP under the table, a decree's considerations. ``not_plan_reason`` tells such a row by
its form — the conventions of Indonesian official documents, not the words of one document — and
says why, for the preview to show; None for a row that may belong to the plan.
"""

from __future__ import annotations

import re

from .grid import Row

# "Nama : …", "NIP. 1970…", "Jabatan : …", "Pangkat/Gol : …": a party's particulars.
_PARTICULARS = re.compile(
    r"^(nama|jabatan|pangkat(\s*/\s*gol(ongan)?)?|gol(ongan)?|nip|nrp|alamat|instansi|unit\s+kerja)"
    r"\s*[.:]",
    re.IGNORECASE,
)
_NIP = re.compile(r"^nip\.?\s*[:.]?\s*\d[\d\s]{7,}", re.IGNORECASE)
# "Kaligondang, 3 Januari 2022", "Bandung, 2017", "Purbalingga,     Januari 2023" (a cell of a
# signature table may go on with the position and name).
_PLACE_DATE = re.compile(
    r"^[A-Z][\w .'-]{1,40},\s*(\d{1,2}\s+)?(januari|februari|pebruari|maret|april|mei|juni|juli|"
    r"agustus|september|oktober|nopember|november|desember)?\s*(19|20)\d\d\b",
    re.IGNORECASE,
)
# A signer's name with academic or professional titles: "dr. H. DODO SUHENDAR, MM.",
# "NAMA LENGKAP, S.Sos", "Drs. Nama, M.Si".
_TITLES = re.compile(
    r",\s*(s\.\s?(sos|e|h|t|kom|ip|pd|si|stp|ag|kep|ked|hut|psi|ap|pt|farm|sn|ars|kom)|"
    r"m\.\s?(si|m|ap|pd|t|h|kes|kom|sc|e|ag|eng|ec|hum|ba)|mm|mba|msc|ph\.?d|ak|cpa|se|sh|st|sp)\b\.?",
    re.IGNORECASE,
)
_HONORIFIC = re.compile(r"^(dr|drs|dra|ir|h|hj|prof)\.\s", re.IGNORECASE)
# Ranks of the civil service (pangkat), alone on a line under a signer's name.
_RANK = re.compile(
    r"^(pembina|penata|pengatur|juru)(\s+(utama|muda|madya|tingkat\s+i|tk\.?\s*i))*"
    r"(\s*\(?\s*[iv]{1,3}\s*/\s*[a-e]\s*\)?)?\.?$",
    re.IGNORECASE,
)
# The signer's position above a signature: "CAMAT KALIGONDANG,", "KEPALA DINAS …,", "PIHAK KESATU,".
_SIGNER = re.compile(
    r"^(pihak\s+(kesatu|pertama|kedua)|mengetahui|menyetujui|disetujui|yang\s+membuat|"
    r"ditetapkan\s+di|pada\s+tanggal|a\.?\s*n\.?\s)",
    re.IGNORECASE,
)
_SENTENCE_WORDS = 20
# A row adding up the ones above: "Jumlah", "TOTAL", "Sub Total", "Count=7", "Jumlah Total".
_TOTAL = re.compile(
    r"^(jumlah|total|sub\s*total|grand\s+total|count)\s*(=\s*\d+|total)?\s*:?$", re.I
)


def not_plan_reason(row: Row) -> str | None:
    """Why a row is not part of the plan, or None when it may be."""
    cells = [c.strip() for c in row.cells if c.strip()]
    if not cells:
        return None
    if _TOTAL.match(cells[0]) or (len(cells) > 1 and _TOTAL.match(cells[1]) and len(cells[0]) <= 3):
        return "total"
    if all(_signature_text(c) for c in cells) or any(_PLACE_DATE.match(c) for c in cells):
        return "signature"
    first = cells[0]
    # "Nama : …" in one cell, or "Nama | : | …" in three.
    if _PARTICULARS.match(first) or (
        len(cells) >= 2 and cells[1] in (":", ".") and _PARTICULARS.match(first + ":")
    ):
        return "particulars"
    if len(cells) == 1 and len(first.split()) >= _SENTENCE_WORDS:
        return "prose"
    return None


def _signature_text(text: str) -> bool:
    """A piece of a signature block: place and date, position line, name with titles, rank, NIP."""
    s = " ".join(text.split())
    if _PLACE_DATE.match(s) or _NIP.match(s) or _RANK.match(s) or _SIGNER.match(s):
        return True
    if _TITLES.search(s) and len(s.split()) <= 8:
        return True
    if _HONORIFIC.match(s) and len(s.split()) <= 6:
        return True
    # A position written in capitals and ending with a comma: "CAMAT KALIGONDANG,".
    return s.endswith(",") and s[:-1].isupper() and len(s.split()) <= 8
