"""Pairing two revisions of a plan and listing their differences (core.revisions): table-driven,
on small plans written here, and on the sample plan against changed copies of itself."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from renaksi.core.plan import Indicator, Node, Plan
from renaksi.core.revisions import (
    MAX_COMPARISONS,
    diff_plans,
    indicator_paths,
    match_plans,
    node_paths,
    similarity,
)
from renaksi.importers import read_plan

SAMPLE = (
    Path(__file__).parents[2]
    / "src/renaksi/data/samples/rencana-aksi-2022-kecamatan-kaligondang.txt"
)


def ind(name: str, **targets) -> Indicator:
    return Indicator(name=name, unit="%", targets={k: v for k, v in targets.items()})


def base() -> Plan:
    """Sasaran → two programs → kegiatan, with indicators on each."""
    return Plan(
        unit="Kecamatan Contoh",
        year=2023,
        periods=["TW1", "TW2", "TW3", "TW4"],
        nodes=[
            Node(
                "sasaran",
                "Meningkatnya kualitas pelayanan publik kecamatan",
                indicators=[ind("Indeks kepuasan masyarakat", TW4=80)],
                children=[
                    Node(
                        "program",
                        "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
                        code="7.01.01",
                        indicators=[
                            ind("Persentase dokumen perencanaan yang tepat waktu", TW4=100),
                            ind("Persentase laporan keuangan yang disusun", TW4=100),
                        ],
                        children=[
                            Node(
                                "kegiatan",
                                "Administrasi Keuangan Perangkat Daerah",
                                code="7.01.01.2.02",
                                budget=1000000,
                                indicators=[ind("Jumlah laporan keuangan", TW2=2, TW4=4)],
                            )
                        ],
                    ),
                    Node(
                        "program",
                        "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik",
                        code="7.01.02",
                        indicators=[ind("Persentase desa yang dibina", TW4=100)],
                    ),
                ],
            )
        ],
    )


def _program(plan: Plan, i: int) -> Node:
    return plan.nodes[0].children[i]


def rename_indicator_slightly(p):
    _program(p, 0).indicators[0].name = "Persentase dokumen perencanaan yang disusun tepat waktu"


def rename_indicator_entirely(p):
    _program(p, 0).indicators[1].name = "Nilai evaluasi SAKIP"


def remove_indicator(p):
    del _program(p, 1).indicators[0]


def move_indicator(p):
    moved = _program(p, 0).indicators.pop(1)
    _program(p, 1).indicators.append(moved)


def move_node(p):
    kegiatan = _program(p, 0).children.pop(0)
    _program(p, 1).children.append(kegiatan)


def reword_indicator(p):
    # Half the words changed: resembles, not nearly the same.
    _program(p, 0).indicators[0].name = "Persentase dokumen anggaran yang tepat waktu disahkan"


def change_code_keep_name(p):
    _program(p, 1).code = "7.01.03"


def swap_programs(p):
    p.nodes[0].children.reverse()


def add_program(p):
    p.nodes[0].children.append(Node("program", "Program Pemberdayaan Masyarakat Desa"))


@pytest.mark.parametrize(
    "change, expected_indicators, expected_nodes",
    [
        # (how the new revision differs) → {new path: (old path, how, certain)}, node pairs
        (lambda p: None, {}, {}),
        (rename_indicator_slightly, {"0.0#0": ("0.0#0", "renamed", True)}, {}),
        (rename_indicator_entirely, {"0.0#1": None}, {}),
        (remove_indicator, {"0.1#0": None}, {}),
        (move_indicator, {"0.1#1": ("0.0#1", "moved", True)}, {}),
        (move_node, {"0.1.0#0": ("0.0.0#0", "same", True)}, {"0.1.0": ("0.0.0", "moved", True)}),
        (reword_indicator, {"0.0#0": ("0.0#0", "renamed", False)}, {}),
        (change_code_keep_name, {}, {"0.1": ("0.1", "same", True)}),
        (swap_programs, {"0.0#0": ("0.1#0", "same", True)}, {"0.0": ("0.1", "same", True)}),
        (add_program, {}, {"0.2": None}),
    ],
)
def test_pairing(change, expected_indicators, expected_nodes):
    old, new = base(), base()
    change(new)
    matching = match_plans(old, new)
    all_old = {p for p, *_ in node_paths(old)}
    for path, want in expected_nodes.items():
        if want is None:
            assert path in matching.added_nodes
        else:
            pair = matching.nodes[path]
            assert (pair.old, pair.how, pair.certain) == want
    for path, want in expected_indicators.items():
        if want is None:
            assert path not in matching.indicators
        else:
            pair = matching.indicators[path]
            assert (pair.old, pair.how, pair.certain) == want
    # Everything is accounted for exactly once on each side.
    new_ind = {p for p, *_ in indicator_paths(new)}
    old_ind = {p for p, *_ in indicator_paths(old)}
    assert set(matching.indicators) | set(matching.added_indicators) == new_ind
    assert {p.old for p in matching.indicators.values()} | set(
        matching.removed_indicators
    ) == old_ind
    assert len({p.old for p in matching.indicators.values()}) == len(matching.indicators)
    assert {p.old for p in matching.nodes.values()} | set(matching.removed_nodes) == all_old


def test_an_indicator_renamed_entirely_is_removed_and_added():
    old, new = base(), base()
    rename_indicator_entirely(new)
    matching = match_plans(old, new)
    assert matching.removed_indicators == ["0.0#1"]
    assert matching.added_indicators == ["0.0#1"]


def test_two_nodes_of_one_name_are_not_guessed_elsewhere():
    """A name found twice among the unpaired pairs nothing by name alone (stage 2 needs one)."""
    old, new = base(), base()
    for p in (old, new):
        _program(p, 1).indicators.append(ind("Persentase dokumen perencanaan yang tepat waktu"))
    # Both copies move under a new sasaran: nothing can tell which old copy is which.
    new.nodes.append(Node("sasaran", "Sasaran baru sama sekali berbeda"))
    new.nodes[1].indicators = [
        _program(new, 0).indicators.pop(0),
        _program(new, 1).indicators.pop(1),
    ]
    matching = match_plans(old, new)
    paired = [matching.indicators.get(p) for p in ("1#0", "1#1")]
    assert all(p is None or not p.certain for p in paired)


def test_rejecting_an_uncertain_pair_makes_it_removed_and_added():
    old, new = base(), base()
    reword_indicator(new)
    matching = match_plans(old, new)
    assert [p.new for p in matching.uncertain()] == ["0.0#0"]
    undone = matching.without(["0.0#0"])
    assert "0.0#0" not in undone.indicators
    assert "0.0#0" in undone.added_indicators and "0.0#0" in undone.removed_indicators
    assert undone.uncertain() == []


@pytest.mark.parametrize(
    "a, b, low, high",
    [
        ("Indeks kepuasan masyarakat", "INDEKS  Kepuasan Masyarakat.", 1.0, 1.0),
        ("Program Pelayanan Publik", "Pelayanan Publik", 1.0, 1.0),  # level word ignored
        ("Persentase desa yang dibina", "Prosentase desa yang dibina", 0.9, 0.99),
        ("Jumlah laporan keuangan", "Nilai evaluasi SAKIP", 0.0, 0.5),
        ("", "", 0.0, 0.0),
    ],
)
def test_similarity(a, b, low, high):
    assert low <= similarity(a, b) <= high


def _changes(old, new):
    return [
        (c.what, c.change, c.new_path or c.old_path, c.field, c.old, c.new)
        for c in diff_plans(old, new)
    ]


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda p: None, []),
        (
            lambda p: _program(p, 0).children[0].indicators[0].targets.update(TW2=3),
            [("indicator", "target", "0.0.0#0", "TW2", "2", "3")],
        ),
        (
            lambda p: setattr(_program(p, 0).children[0], "budget", 1250000.5),
            [("node", "budget", "0.0.0", "", "1000000", "1250000.5")],
        ),
        (
            lambda p: setattr(_program(p, 1).indicators[0], "unit", "desa"),
            [("indicator", "unit", "0.1#0", "", "%", "desa")],
        ),
        (
            lambda p: setattr(p.nodes[0].indicators[0], "annual_target", 82),
            [("indicator", "annual_target", "0#0", "", "", "82")],
        ),
        (
            rename_indicator_slightly,
            [
                (
                    "indicator",
                    "renamed",
                    "0.0#0",
                    "",
                    "Persentase dokumen perencanaan yang tepat waktu",
                    "Persentase dokumen perencanaan yang disusun tepat waktu",
                )
            ],
        ),
        (remove_indicator, [("indicator", "removed", "0.1#0", "", "", "")]),
        (move_node, [("node", "moved", "0.1.0", "", "", "")]),
        (change_code_keep_name, [("node", "code", "0.1", "", "7.01.02", "7.01.03")]),
        (
            add_program,
            [("node", "added", "0.2", "", "", "")],
        ),
        # Reordering is not a change: the same things at the same places.
        (swap_programs, []),
    ],
)
def test_diff(change, expected):
    old, new = base(), base()
    change(new)
    assert _changes(old, new) == expected


def test_diff_of_the_sample_against_a_changed_copy_lists_exactly_the_changes():
    old = read_plan(SAMPLE)
    new = copy.deepcopy(old)
    indicators = list(new.indicators())
    _node_a, renamed = indicators[3]
    renamed.name = renamed.name.replace("Temuan", "temuan audit")
    node_b, removed = indicators[10]
    node_b.indicators.remove(removed)
    _node, retargeted = indicators[20]
    period = new.periods[1]
    retargeted.targets[period] = 99
    new.nodes[0].children[0].name += " Kecamatan"
    changes = {
        (c.what, c.change, c.name if c.change != "renamed" else c.new) for c in diff_plans(old, new)
    }
    assert changes == {
        ("indicator", "renamed", renamed.name),
        ("indicator", "removed", removed.name),
        ("indicator", "target", retargeted.name),
        ("node", "renamed", new.nodes[0].children[0].name),
    }


def test_the_sample_against_itself_pairs_everything_at_its_place():
    old = read_plan(SAMPLE)
    matching = match_plans(old, copy.deepcopy(old))
    assert all(
        p.old == p.new and p.how == "same" and p.certain for p in matching.indicators.values()
    )
    assert len(matching.indicators) == sum(1 for _ in old.indicators())
    assert not (matching.added_nodes or matching.removed_nodes or matching.uncertain())


def test_two_unrelated_large_plans_are_bounded():
    """Thousands of unpaired rows do not compare every pair (MAX_COMPARISONS)."""

    def plan(word: str) -> Plan:
        return Plan(
            periods=["TW4"],
            nodes=[
                Node(
                    "sasaran",
                    f"{word} sasaran {i}",
                    indicators=[ind(f"{word} indikator nomor {i} {j}") for j in range(5)],
                )
                for i in range(200)
            ],
        )

    old, new = plan("lama"), plan("baru")
    assert MAX_COMPARISONS < 1000 * 1000
    matching = match_plans(old, new)
    assert len(matching.nodes) + len(matching.added_nodes) == 200
