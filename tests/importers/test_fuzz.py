"""Property tests: whatever the input, the importer gives a plan or one clear refusal.

(a) Any text given to ``read_plan_text`` either returns a Plan or raises UnreadableDocument, never
    another exception; the plan's JSON round-trips and is standard JSON; every finding has a known
    severity, a kebab-case code and a line inside the document.
(b) Any bytes in a file of any supported suffix: ``read_plan`` returns a Plan or raises
    UnreadableDocument.

Texts come from plain ``st.text`` and from grids built of the words plan documents are made of
(header words, numbered names, nomenclature codes, period labels, values, junk), which reach the
interpreter's rules far more often than random characters do.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from renaksi.core.plan import SEVERITIES, Plan
from renaksi.importers import UnreadableDocument, read_plan, read_plan_text

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# RENAKSI_FUZZ_EXAMPLES=5000 for a long hunt; the default keeps the suite fast.
FUZZ = settings(
    max_examples=int(os.environ.get("RENAKSI_FUZZ_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# -- the vocabulary of plan documents ---------------------------------------------------------

HEADER_WORDS = [
    "TUJUAN",
    "SASARAN",
    "SASARAN STRATEGIS",
    "PROGRAM",
    "KEGIATAN",
    "SUB KEGIATAN",
    "PROGRAM/KEGIATAN/SUB KEGIATAN",
    "URAIAN",
    "INDIKATOR KINERJA",
    "INDIKATOR",
    "SASARAN PROGRAM",
    "TARGET",
    "TARGET TAHUNAN",
    "Target 2025",
    "SATUAN",
    "NO",
    "No.",
    "KODE",
    "ANGGARAN",
    "Pagu (Rp)",
    "REALISASI",
    "CAPAIAN",
    "%",
    "KETERANGAN",
    "PENANGGUNG JAWAB",
    "TRIWULAN",
    "Target per Triwulan",
    "BULAN",
    "TW I",
    "TW II",
    "TW III",
    "TW IV",
    "I",
    "II",
    "III",
    "IV",
    "Januari",
    "2025",
    "2026",
    "1",
    "2",
    "3",
    "(4)",
    "5 = 3 x 4",
]
LEVEL_WORDS = ["Program", "Kegiatan", "Sub Kegiatan", "Sasaran", "Tujuan", ""]
NAME_WORDS = [
    "Meningkatnya",
    "Tersedianya",
    "Terlaksananya",
    "Jumlah",
    "Persentase",
    "Nilai",
    "Dokumen",
    "Laporan",
    "Penyediaan",
    "Perencanaan",
    "Kinerja",
    "Perangkat",
    "Daerah",
    "Kecamatan",
    "dan",
    "di",
    "yang",
    "Administrasi",
    "Keuangan",
    "Penunjang",
    "Urusan",
    "Pemerintahan",
]
NUMBERING = ["", "1. ", "2 ", "3) ", "(4) ", "A. ", "b. ", "1.2. ", "IV. ", "12 ", "99. "]
CODES = ["", "7.01.01 ", "X.XX.01 ", "7.01.01.2.01 ", "7.01.01.2.01.0001 ", "1.02.03.4.05.0006 "]
PERIOD_LABELS = [
    "TW I",
    "TW II",
    "TW III",
    "TW IV",
    "TW 1",
    "Triwulan II",
    "TW. III",
    "Q4",
    "TRW-I",
    "Januari",
    "Pebruari",
    "Des",
    "TW I 25%",
    "TW II: 50 %",
    "Triwulan 3 75%",
    "TW IV 100",
    "TW I -",
]
VALUES = [
    "25%",
    "50 %",
    "100%",
    "0,9",
    "1.250",
    "12.75",
    "1,250,000",
    "Rp1.000",
    "Rp 125.000.000,00",
    "Rp5.294.655.000,00",
    "100",
    "0",
    "-5",
    "-",
    "–",
    "n/a",
    "x",
    "WTP",
    "Tersedia",
    "12 Dokumen",
    "100,00 Persen",
    "0,9 Angka",
    "3 Orang/Hari",
    "1.2.3",
    "1,2,3",
    "99999999999999999999999",
    "0,000000001",
    "%",
    "Rp",
]
JUNK = ["", "", "", " ", "**", "\u00a0", "—", "?", "3.", "A.", "(2)", "…", "TW", "TW V", "Rp-"]


@st.composite
def names(draw) -> str:
    words = draw(st.lists(st.sampled_from(NAME_WORDS), min_size=0, max_size=8))
    return (
        draw(st.sampled_from(NUMBERING))
        + draw(st.sampled_from(CODES))
        + " ".join([draw(st.sampled_from(LEVEL_WORDS)), *words]).strip()
    )


cells = st.one_of(
    st.sampled_from(HEADER_WORDS),
    names(),
    st.sampled_from(PERIOD_LABELS),
    st.sampled_from(VALUES),
    st.sampled_from(JUNK),
    st.text(max_size=12),
)
header_rows = st.lists(
    st.lists(st.sampled_from([*HEADER_WORDS, "", "", ""]), min_size=1, max_size=12),
    min_size=0,
    max_size=4,
)
body_rows = st.lists(st.lists(cells, min_size=0, max_size=14), min_size=0, max_size=30)


@st.composite
def grids(draw) -> str:
    """Tab-separated text: a title, zero or more tables (header band, then rows), blank lines."""
    lines: list[list[str]] = []
    if draw(st.booleans()):
        lines.append([draw(st.sampled_from(["RENCANA AKSI TAHUN 2022", "KECAMATAN X", "x"]))])
    for _ in range(draw(st.integers(0, 3))):
        lines.extend(draw(header_rows))
        lines.extend(draw(body_rows))
        if draw(st.booleans()):
            lines.append([""])
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join("\t".join(row) for row in lines)


# -- properties ------------------------------------------------------------------------------


def check_plan(plan: Plan, n_lines: int) -> None:
    """What every plan the importer returns satisfies."""
    assert isinstance(plan, Plan)
    data = plan.to_dict()
    text = plan.to_json()
    assert Plan.from_json(text).to_dict() == data
    assert json.loads(text)["format"] == "renaksi-plan"
    json.dumps(data, allow_nan=False)  # standard JSON: no NaN or Infinity
    for finding in plan.findings:
        assert finding.severity in SEVERITIES, finding
        assert KEBAB.match(finding.code), finding
        assert finding.message.strip(), finding
        assert finding.line is None or 1 <= finding.line <= max(n_lines, 1), finding
        assert finding.params, finding  # the values of its message, for other languages


def check_refusal(exc: UnreadableDocument) -> None:
    message = str(exc)
    assert message.strip()
    assert "\n" not in message


def read_text_checked(text: str) -> Plan | None:
    try:
        plan = read_plan_text(text, "fuzz.txt")
    except UnreadableDocument as exc:
        check_refusal(exc)
        return None
    check_plan(plan, len(text.splitlines()))
    return plan


@FUZZ
@given(st.text())
@example("")
@example("\t\t\t")
@example("URAIAN\tINDIKATOR KINERJA\tTARGET")
@example("URAIAN\tINDIKATOR KINERJA\tTARGET\n1. Program A B C\t1. Jumlah Dokumen\tTW I\t25%")
def test_any_text_gives_a_plan_or_a_refusal(text: str) -> None:
    read_text_checked(text)


@FUZZ
@given(grids())
def test_any_grid_gives_a_plan_or_a_refusal(text: str) -> None:
    read_text_checked(text)


SMALL_PLAN = (
    "SASARAN\t\t\t\tPROGRAM\n"
    "URAIAN\tINDIKATOR KINERJA\tTARGET\t\tURAIAN\tSASARAN\tINDIKATOR KINERJA\tTARGET\n"
)


@FUZZ
@given(body_rows)
def test_rows_under_a_real_header_give_a_plan_or_a_refusal(rows: list[list[str]]) -> None:
    read_text_checked(SMALL_PLAN + "\n".join("\t".join(row) for row in rows))


def test_huge_number_gives_standard_json() -> None:
    """A 400-digit target must not become float('inf'): 'Infinity' is not JSON."""
    plan = read_plan_text(SMALL_PLAN + "1. Meningkatnya A B\t1. Nilai X Y\tTW I\t" + "9" * 400)
    json.dumps(plan.to_dict(), allow_nan=False)
    values = [v for _n, i in plan.indicators() for v in i.targets.values()]
    assert all(not (isinstance(v, float) and not math.isfinite(v)) for v in values)


SIX_BLOCKS = "TUJUAN\tSASARAN\tPROGRAM\tKEGIATAN\tSUB KEGIATAN\tTUJUAN"


@pytest.mark.parametrize(
    "text",
    [
        # Found by the fuzzer: a header naming more blocks than there are levels of the cascade
        # crashed choose_levels (no candidate levels; `assert best is not None`).
        "TUJUAN\tTUJUAN\tTUJUAN\tTUJUAN\tTUJUAN\tTUJUAN",
        SIX_BLOCKS + "\n1. Meningkatnya A B\t1. Meningkatnya C D\t1. Program E F\tx\ty\tz",
        "\t".join(["URAIAN", "INDIKATOR KINERJA", "TARGET", ""] * 7)
        + "\n1. Program A B\tJumlah X\tTW I\t25%",
        "PROGRAM\t" * 9 + "\n" + "1. Program A B C\t" * 9,
    ],
    ids=["six-level-words", "six-blocks-with-a-row", "seven-uraian-blocks", "nine-programs"],
)
def test_more_blocks_than_levels(text: str) -> None:
    read_text_checked(text)


# -- (b) bytes in files ------------------------------------------------------------------------

SUFFIXES = [".txt", ".tsv", ".csv", ".xlsx", ".xlsm", ".docx", ".pdf", ".html", ".htm", ".json"]
MAGIC = [
    b"",
    b"",
    b"PK\x03\x04",
    b"%PDF-1.4\n",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\xef\xbb\xbf",
]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


junk_xml = st.one_of(
    st.binary(max_size=200),
    st.sampled_from(
        [
            b"",
            b"<?xml version='1.0'?>",
            b"<w:document/>",
            b"<workbook><sheets/></workbook>",
            b"<a><b>",
            b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]><x>&a;</x>",
        ]
    ),
)
office_zips = st.builds(
    lambda kind, a, b: _zip(
        {"word/document.xml": a, "[Content_Types].xml": b}
        if kind == "docx"
        else {"xl/workbook.xml": a, "xl/worksheets/sheet1.xml": b, "[Content_Types].xml": b""}
        if kind == "xlsx"
        else {"other.txt": a}
    ),
    st.sampled_from(["docx", "xlsx", "other"]),
    junk_xml,
    junk_xml,
)
file_bytes = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda m, b: m + b, st.sampled_from(MAGIC), st.binary(max_size=500)),
    office_zips,
    st.builds(lambda t: t.encode("utf-8", "surrogatepass"), grids()),
    st.sampled_from(
        [
            b"{}",
            b"[]",
            b"null",
            b'{"format": "renaksi-plan"}',
            b'{"format": "renaksi-plan", "version": 1, "nodes": [{}]}',
            b'{"format": "renaksi-plan", "version": 1, "nodes": [{"level": "x", "name": "a"}]}',
            b'{"format": "renaksi-plan", "version": 1, "nodes": 5}',
            b'{"format": "renaksi-plan", "version": 1, "findings": [{"severity": "fatal"}]}',
            b'{"format": "renaksi-plan", "version": 1, "periods": "TW1", "nodes": []}',
            b"<html><table><tr><td>URAIAN</td></tr></table></html>",
        ]
    ),
)


def read_file_checked(path: Path) -> None:
    try:
        plan = read_plan(path)
    except UnreadableDocument as exc:
        check_refusal(exc)
        return
    assert isinstance(plan, Plan)
    assert Plan.from_json(plan.to_json()).to_dict() == plan.to_dict()


@FUZZ
@given(data=file_bytes, suffix=st.sampled_from(SUFFIXES))
def test_any_file_gives_a_plan_or_a_refusal(data: bytes, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    read_file_checked(path)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_json_plans_of_any_shape_are_refused_cleanly(suffix: str, tmp_path: Path) -> None:
    """JSON that is not a plan, in a file of each suffix: refused or read, never a traceback."""
    for data in (b'{"format": "renaksi-plan", "version": 1, "nodes": [1, 2]}', b"\x00" * 64):
        path = tmp_path / f"plan{suffix}"
        path.write_bytes(data)
        read_file_checked(path)
