"""Text that enters through the importer: control characters removed from every cell, texts cut
to their limits with a ``text-cut`` finding (importers/limits.py, core/text.py), whatever the
format, a plan JSON file included; a name of a million characters reads in bounded time."""

from __future__ import annotations

import json
import time

import pytest

from renaksi.core import text as T
from renaksi.core.plan import Finding, Indicator, Node, Plan
from renaksi.importers import read_plan
from renaksi.importers.grid import clean_cell
from renaksi.importers.limits import tidy_plan

from ..builders import build_document

CONTROLS = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\x7f"


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param("Program\x00 Penunjang", "Program Penunjang", id="nul"),
        pytest.param("Program\x00Penunjang", "ProgramPenunjang", id="nul-inside-a-word"),
        pytest.param("Rp\x01\x02\x03 1.000", "Rp 1.000", id="c0"),
        pytest.param("\x1b[2JProgram", "[2JProgram", id="escape"),
        pytest.param("a\x0bb", "a b", id="vertical-tab-separates"),
        pytest.param("a\x0cb\x1fc", "a b c", id="form-feed-unit-separator"),
        pytest.param("baris 1\x0b\nbaris 2", "baris 1\nbaris 2", id="line-break-kept"),
        pytest.param("a\x7f\x80\x9fb", "ab", id="del-and-c1"),
        pytest.param("\x00\x01", "", id="only-controls"),
    ],
)
def test_clean_cell_removes_control_characters(text, expected):
    assert clean_cell(text) == expected


# (kind, how to set the text on a fresh plan, how to read it back)
def _set_name(plan, text):
    plan.nodes[0].name = text


def _set_indicator(plan, text):
    plan.nodes[0].indicators[0].name = text


def _set_objective(plan, text):
    plan.nodes[0].indicators[0].objective = text


def _set_unit(plan, text):
    plan.nodes[0].indicators[0].unit = text


def _set_code(plan, text):
    plan.nodes[0].code = text


def _set_number(plan, text):
    plan.nodes[0].number = text


def _set_target(plan, text):
    plan.nodes[0].indicators[0].targets["TW2"] = text


def _set_annual(plan, text):
    plan.nodes[0].indicators[0].annual_target = text


def _set_actual(plan, text):
    plan.nodes[0].indicators[0].actuals = {"TW1": text}


def _set_document_unit(plan, text):
    plan.unit = text


FIELDS = [
    pytest.param("name", _set_name, lambda p: p.nodes[0].name, id="name"),
    pytest.param("indicator", _set_indicator, lambda p: p.nodes[0].indicators[0].name, id="indicator"),
    pytest.param("objective", _set_objective, lambda p: p.nodes[0].indicators[0].objective, id="objective"),
    pytest.param("unit", _set_unit, lambda p: p.nodes[0].indicators[0].unit, id="unit"),
    pytest.param("code", _set_code, lambda p: p.nodes[0].code, id="code"),
    pytest.param("number", _set_number, lambda p: p.nodes[0].number, id="number"),
    pytest.param("value", _set_target, lambda p: p.nodes[0].indicators[0].targets["TW2"], id="target"),
    pytest.param("value", _set_annual, lambda p: p.nodes[0].indicators[0].annual_target, id="annual"),
    pytest.param("value", _set_actual, lambda p: p.nodes[0].indicators[0].actuals["TW1"], id="actual"),
    pytest.param("document-unit", _set_document_unit, lambda p: p.unit, id="document-unit"),
]  # fmt: skip


def _plan() -> Plan:
    return Plan(
        unit="Kecamatan Kaligondang",
        year=2022,
        periods=["TW1", "TW2"],
        nodes=[
            Node(
                "program",
                "Program Penunjang",
                number="1",
                line=7,
                indicators=[Indicator("Persentase laporan", unit="%", targets={"TW1": 50}, line=8)],
            )
        ],
    )


def _text(kind: str, length: int) -> str:
    return ("Penyusunan Dokumen " * (length // 19 + 1))[: length - 1] + "Z"


@pytest.mark.parametrize("kind, put, get", FIELDS)
def test_a_text_at_its_limit_is_kept(kind, put, get):
    plan = _plan()
    text = _text(kind, T.LIMITS[kind])
    put(plan, text)
    assert tidy_plan(plan) == [] and plan.findings == []
    assert get(plan) == text


@pytest.mark.parametrize("kind, put, get", FIELDS)
def test_one_character_more_is_cut_with_a_finding(kind, put, get):
    plan = _plan()
    limit = T.LIMITS[kind]
    text = _text(kind, limit + 1)
    put(plan, text)
    found = tidy_plan(plan)
    assert get(plan) == text[:limit].rstrip()
    assert [(f.severity, f.code) for f in found] == [("warning", "text-cut")]
    assert found[0].params["variant"] == kind
    assert (found[0].params["limit"], found[0].params["length"]) == (limit, limit + 1)
    expected_line = {"document-unit": None, "name": 7, "code": 7, "number": 7}.get(kind, 8)
    assert found[0].line == expected_line
    assert plan.findings == found
    assert tidy_plan(plan) == []  # cut once: the second tidy finds nothing


def test_controls_are_removed_from_every_text_and_finding():
    plan = _plan()
    for _kind, put, _get in (p.values for p in FIELDS):
        put(plan, f"A\x00B{CONTROLS}C")
    # a finding of a plan JSON file, controls in it
    plan.findings = [
        Finding("info", "x\x00", "pesan\x00", 3, params={"name": "a\x01", "texts": ["b\x02"]})
    ]
    assert tidy_plan(plan) == []
    for _kind, _put, get in (p.values for p in FIELDS):
        # removed, but vertical tab, form feed and the separators: a space each
        assert get(plan) == "AB" + " " * 6 + "C"
    finding = plan.findings[0]
    assert (finding.code, finding.message, finding.params) == (
        "x",
        "pesan",
        {"name": "a", "texts": ["b"]},
    )


def test_a_document_with_control_characters_reads_clean(tmp_path):
    """A NUL (after the first 4 KB, where the text readers look for binary data) and other
    controls in a CSV, text and HTML document: none reaches the plan."""
    padding = [[f"Catatan {i}", "", "", ""] for i in range(300)]
    rows = [
        ["No", "Uraian", "Indikator Kinerja", "Satuan", "TW I", "TW II", "TW III", "TW IV"],
        ["1", "Program\x00 Penunjang\x01 Urusan", "Persentase\x1b laporan\x00", "%\x02",
         "25", "50", "75", "100"],
    ]  # fmt: skip
    for suffix in (".csv", ".html"):
        path = build_document(
            tmp_path / f"plan{suffix}", [*padding, [], *rows], title="RENCANA AKSI TAHUN 2022"
        )
        assert b"\x00" in path.read_bytes()[4096:], suffix
        plan = read_plan(path)
        texts = [n.name for n, _ in plan.walk()] + [
            t for _n, i in plan.indicators() for t in (i.name, i.unit)
        ]
        assert "Program Penunjang Urusan" in texts and "Persentase laporan" in texts, suffix
        assert not any(T.has_controls(t or "") for t in texts), suffix


def test_a_plan_json_file_is_held_to_the_limits(tmp_path):
    plan = _plan()
    plan.nodes[0].name = "Program\x00 " + "x" * 3000
    plan.nodes[0].indicators[0].unit = "u" * 101
    plan.findings = []
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan.to_dict()), encoding="utf-8")
    assert "\\u0000" in path.read_text()
    read = read_plan(path)
    assert read.nodes[0].name == ("Program " + "x" * 3000)[:2000]
    assert read.nodes[0].indicators[0].unit == "u" * 100
    cut = [(f.code, f.params["variant"], f.params["length"]) for f in read.findings]
    assert cut == [("text-cut", "name", 3008), ("text-cut", "unit", 101)]


@pytest.mark.parametrize("length", [100_000, 1_000_000])
def test_a_name_of_a_million_characters_reads_in_bounded_time(tmp_path, length):
    """The name index held every word prefix of a name: a 100,000-character name took 700 MB
    and 3 s, a 1,000,000-character one more memory than the machine had. Now: bounded."""
    name = ("Penyusunan dokumen " * (length // 19 + 1))[:length]
    path = tmp_path / "plan.txt"
    path.write_text(
        "RENCANA AKSI TAHUN 2022\n\n"
        "No\tUraian\tIndikator Kinerja\tSatuan\tTW I\tTW II\tTW III\tTW IV\n"
        f"1\tProgram {name}\tPersentase laporan\t%\t25\t50\t75\t100\n",
        encoding="utf-8",
    )
    start = time.perf_counter()
    plan = read_plan(path)
    assert time.perf_counter() - start < 5
    (node, _parent), *_ = plan.walk()
    assert len(node.name) <= T.NAME_LENGTH
    assert [f.params["length"] for f in plan.findings if f.code == "text-cut"] == [
        len(f"Program {name}".strip())
    ]
