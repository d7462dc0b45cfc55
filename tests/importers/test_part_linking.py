"""linking.py, table-driven: one node per thing, the first value kept, findings with both lines."""

from __future__ import annotations

import pytest

from renaksi.core.plan import Indicator, Node
from renaksi.importers.linking import FINDINGS, Builder, short


def P(*args, id, bug=None):
    marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
    return pytest.param(*args, id=id, marks=marks)


PROGRAM = "Program Penunjang Urusan Pemerintahan Daerah Kabupaten"


@pytest.mark.parametrize(
    "level, name, found",
    [
        P("program", PROGRAM, True, id="same-name"),
        P("program", PROGRAM.upper(), True, id="case"),
        P(
            "program",
            "Program  Penunjang  Urusan, Pemerintahan Daerah Kabupaten",
            True,
            id="spacing",
        ),
        P("program", "1. " + PROGRAM, True, id="numbering"),
        P("program", "Penunjang Urusan Pemerintahan Daerah Kabupaten", True, id="no-level-word"),
        P("program", "Program Penunjang Urusan Pemerintahan", True, id="cut-short"),
        P("program", PROGRAM + " Purbalingga", True, id="earlier-name-cut-short"),
        P("program", "Program Penunjang Urusan", False, id="two-words-left-too-short"),
        P("program", "Program Penunjang", False, id="too-short"),
        P("program", "Program", False, id="level-word-alone"),
        P("program", "Program Lain", False, id="other-name"),
        P("program", "", False, id="empty"),
        P("kegiatan", PROGRAM, False, id="other-level"),
    ],
)
def test_find(level, name, found):
    b = Builder()
    node = Node("program", PROGRAM)
    b.place(node, None)
    assert (b.find(level, name, None) is node) is found
    if not found:
        assert b.find(level, name, None) is None


SUB = "Penyediaan Gaji dan Tunjangan ASN"


@pytest.mark.parametrize(
    "level, under, found",
    [
        P("subkegiatan", "first", True, id="sub-kegiatan-same-kegiatan"),
        P("subkegiatan", "second", False, id="sub-kegiatan-other-kegiatan"),
        P("subkegiatan", None, False, id="sub-kegiatan-no-kegiatan"),
        P("kegiatan", "second", True, id="kegiatan-merged-plan-wide"),
        P("kegiatan", None, True, id="kegiatan-without-parent"),
    ],
)
def test_find_merges_sub_kegiatan_only_under_the_same_kegiatan(level, under, found):
    b = Builder()
    program = Node("program", PROGRAM)
    b.place(program, None)
    first = Node("kegiatan", "Administrasi Keuangan Perangkat Daerah")
    second = Node("kegiatan", "Administrasi Umum Perangkat Daerah")
    b.place(first, program)
    b.place(second, program)
    node = Node(level, SUB)
    b.place(node, first)
    parent = {"first": first, "second": second, None: None}[under]
    assert (b.find(level, SUB, parent) is node) is found


def test_find_gives_the_earliest_node():
    b = Builder()
    early = Node("kegiatan", "Penyusunan Dokumen Perencanaan Perangkat Daerah")
    late = Node("kegiatan", "Penyusunan Dokumen Perencanaan Lainnya")
    b.place(early, None)
    b.place(late, None)
    assert b.find("kegiatan", "Penyusunan Dokumen Perencanaan", None) is early


def test_remember_keeps_earlier_names_known():
    b = Builder()
    node = Node("program", PROGRAM)
    b.place(node, None)
    node.name = "Program Pelayanan Administrasi Perkantoran"
    b.remember(node)
    assert b.find("program", "Program Pelayanan Administrasi Perkantoran", None) is node
    assert b.find("program", PROGRAM, None) is node


@pytest.mark.parametrize(
    "placed_under, moved",
    [
        P(None, True, id="top-level-moves"),
        P("other", False, id="placed-under-a-parent-stays"),
        P("self", False, id="never-under-itself"),
    ],
)
def test_relink(placed_under, moved):
    b = Builder()
    sasaran = Node("sasaran", "Meningkatnya kualitas pelayanan")
    other = Node("sasaran", "Meningkatnya akuntabilitas")
    b.place(sasaran, None)
    b.place(other, None)
    node = sasaran if placed_under == "self" else Node("program", PROGRAM)
    if placed_under != "self":
        b.place(node, other if placed_under == "other" else None)
    b.relink(node, sasaran)
    assert (node in sasaran.children) is moved
    assert (b.parents[id(node)] is sasaran) is moved
    if moved:
        assert node not in b.nodes


# -- set_value -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "calls, targets, findings",
    [
        # calls: (period, value, line, table)
        P([("TW1", 25, 10, 1)], {"TW1": 25}, [], id="one-value"),
        P(
            [("TW1", 25, 10, 1), ("TW1", 30, 12, 1)],
            {"TW1": 25},
            [("error", "conflicting-target", 12, {"first": 25, "second": 30})],
            id="conflict-keeps-the-first",
        ),
        P(
            [("TW1", 25, 10, 1), ("TW1", 25, 13, 1)],
            {"TW1": 25},
            [("info", "duplicate-target", 13, {"variant": "target"})],
            id="duplicate",
        ),
        P(
            [("TW1", 25, 10, 1), ("TW1", 25, 10, 1)],
            {"TW1": 25},
            [("info", "duplicate-target", 10, {"variant": "target-one-line"})],
            id="duplicate-on-one-line",
        ),
        P(
            [("TW1", 25, 10, 1), ("TW1", 25, 20, 2)],
            {"TW1": 25},
            [],
            id="same-value-in-another-table-is-silent",
        ),
        P(
            [("TW1", 25, 10, 1), ("TW1", 30, 20, 2)],
            {"TW1": 25},
            [("error", "conflicting-target", 20, {"first": 25, "second": 30})],
            id="other-value-in-another-table",
        ),
        P([("TW2", None, 10, 1)], {"TW2": None}, [], id="empty-kept-empty"),
        P(
            [("TW2", None, 10, 1), ("TW2", 5, 11, 1)],
            {"TW2": 5},
            [],
            id="empty-is-no-first-value",
        ),
        P(
            [("TW1", 1, 3, 1), ("TW1", "WTP", 4, 1)],
            {"TW1": 1},
            [("error", "conflicting-target", 4, {"first": 1, "second": "WTP"})],
            id="text-against-number",
        ),
    ],
)
def test_set_value(calls, targets, findings):
    b = Builder()
    indicator = Indicator("Persentase dokumen", line=5)
    for period, value, line, table in calls:
        b.table = table
        b.set_value(indicator, period, value, line)
    assert indicator.targets == targets
    assert indicator.actuals is None
    assert b.periods == {c[0] for c in calls}
    got = [(f.severity, f.code, f.line) for f in b.findings]
    assert got == [(s, c, line) for s, c, line, _params in findings]
    for finding, (*_, params) in zip(b.findings, findings, strict=True):
        assert finding.field == calls[0][0]
        assert finding.subject == 5  # the indicator's own line
        assert finding.params["first_line"] == calls[0][2]
        assert finding.params["second_line"] == finding.line
        assert finding.params.items() >= params.items()


def test_conflict_message_names_both_lines_and_the_kept_value():
    b = Builder()
    indicator = Indicator("Persentase dokumen", line=10)
    b.set_value(indicator, "TW1", 25, 10)
    b.set_value(indicator, "TW1", 30, 12)
    (finding,) = b.findings
    assert finding.message == (
        "TW1 target of 'Persentase dokumen' is 25 on line 10 and 30 on line 12; 25 kept"
    )
    assert (finding.line, finding.subject) == (12, 10)  # the second line; the indicator's


def test_actuals_are_kept_apart_from_targets():
    b = Builder()
    indicator = Indicator("Persentase dokumen")
    b.set_value(indicator, "TW1", 25, 10)
    b.set_value(indicator, "TW1", 20, 10, kind="actual")
    b.set_value(indicator, "TW1", 22, 11, kind="actual")
    assert indicator.targets == {"TW1": 25}
    assert indicator.actuals == {"TW1": 20}
    (finding,) = b.findings
    assert finding.code == "conflicting-target"
    assert finding.message.startswith("TW1 realisasi of 'Persentase dokumen' is 20 on line 10")
    assert finding.params["variant"] == "actual"
    assert finding.subject is None  # the indicator has no line of its own


def test_long_indicator_names_are_shortened():
    assert short("x" * 70) == "x" * 70
    assert short("x" * 71) == "x" * 69 + "…"


@pytest.mark.parametrize("code", sorted(FINDINGS))
def test_add_refuses_a_severity_other_than_registered(code):
    b = Builder()
    registered = FINDINGS[code][0]
    for severity in ("error", "warning", "info"):
        if severity != registered:
            with pytest.raises(AssertionError, match=code):
                b.add(severity, code, "message", 1, params={})
    b.add(registered, code, "message", 1, params={})
    assert [(f.severity, f.code) for f in b.findings] == [(registered, code)]
