"""Roll-ups per node: every sasaran, program, kegiatan and sub kegiatan gets the roll-up of the
indicators in it and below it (``core.achievement.tree_roll_ups`` / ``plan_roll_ups``), in one
pass. Table-driven, no files, no database."""

from __future__ import annotations

import random

import pytest

from renaksi.core.achievement import (
    Achievement,
    Band,
    Settings,
    compute,
    plan_roll_ups,
    roll_up,
    tree_roll_ups,
)
from renaksi.core.plan import Indicator, Node, Plan

# An indicator as a table cell: (target, realisasi, weight); realisasi None → not measurable.
Spec = tuple[float | None, float | None, float]


def build(shape: dict) -> tuple[Plan, dict[int, tuple[Achievement, float]], dict[str, Node]]:
    """A plan from nested {"name": (level, [indicator specs], {children})}; nodes by name."""
    by_name: dict[str, Node] = {}
    measured: dict[int, tuple[Achievement, float]] = {}

    def make(name: str, spec) -> Node:
        level, indicators, children = spec
        node = Node(level, name)
        for n, (target, actual, weight) in enumerate(indicators):
            indicator = Indicator(f"{name} indikator {n + 1}", annual_target=target)
            node.indicators.append(indicator)
            measured[id(indicator)] = (compute(target, actual), weight)
        node.children = [make(child, sub) for child, sub in children.items()]
        by_name[name] = node
        return node

    plan = Plan(periods=["TW1"], nodes=[make(name, spec) for name, spec in shape.items()])
    return plan, measured, by_name


# name → (value, category key, measured, total, met); None: the node has no roll-up at all.
CASES = [
    pytest.param(
        {"S": ("sasaran", [(100, 80, 1)], {})},
        {"S": (80.0, "tinggi", 1, 1, 0)},
        id="one indicator",
    ),
    pytest.param(
        # A sasaran with its own indicator, a program of two, a kegiatan of one under it.
        {
            "S": (
                "sasaran",
                [(100, 100, 1)],
                {
                    "P": (
                        "program",
                        [(100, 50, 1), (100, 150, 1)],  # 150 % is capped at 100
                        {"K": ("kegiatan", [(10, 6, 1)], {})},
                    )
                },
            )
        },
        {
            "K": (60.0, "rendah", 1, 1, 0),
            "P": (70.0, "sedang", 3, 3, 1),  # (50 + 100 + 60) / 3
            "S": (77.5, "tinggi", 4, 4, 2),  # (100 + 50 + 100 + 60) / 4
        },
        id="nested groups: a node's own indicators and all below",
    ),
    pytest.param(
        {
            "S": (
                "sasaran",
                [(100, None, 1)],  # not measurable: left out of the mean, counted in the total
                {"P": ("program", [(100, 90, 1), (None, 5, 1)], {})},
            )
        },
        {"P": (90.0, "tinggi", 1, 2, 0), "S": (90.0, "tinggi", 1, 3, 0)},
        id="not measurable skipped",
    ),
    pytest.param(
        {"S": ("sasaran", [(100, None, 1)], {"P": ("program", [(None, None, 1)], {})})},
        {"P": (None, None, 0, 1, 0), "S": (None, None, 0, 2, 0)},
        id="nothing measurable: no value, never 0",
    ),
    pytest.param(
        {
            "S": (
                "sasaran",
                [],
                {"P": ("program", [(100, 100, 3)], {"K": ("kegiatan", [(100, 60, 1)], {})})},
            )
        },
        {"K": (60.0, "rendah", 1, 1, 0), "P": (90.0, "tinggi", 2, 2, 1), "S": (90.0, "tinggi", 2, 2, 1)},
        id="weights: (3 × 100 + 60) / 4",
    ),
    pytest.param(
        {
            "S": (
                "sasaran",
                [],
                {
                    "P1": ("program", [], {"K1": ("kegiatan", [], {})}),
                    "P2": ("program", [(100, 95, 1)], {}),
                },
            )
        },
        {"K1": None, "P1": None, "P2": (95.0, "sangat-tinggi", 1, 1, 0), "S": (95.0, "sangat-tinggi", 1, 1, 0)},
        id="empty nodes have no roll-up, not 0",
    ),
    pytest.param(
        {
            "S1": ("sasaran", [(10, 12, 1)], {}),  # negative polarity not used: 120 → capped 100
            "S2": ("sasaran", [(4, 1, 1)], {"P": ("program", [], {"K": ("kegiatan", [], {})})}),
        },
        {"S1": (100.0, "sangat-tinggi", 1, 1, 1), "S2": (25.0, "sangat-rendah", 1, 1, 0), "P": None, "K": None},
        id="several top nodes, each its own",
    ),
    pytest.param(
        {"S": ("sasaran", [(100, 80, 0)], {})},
        {"S": (None, None, 1, 1, 0)},
        id="weights summing to 0: no value",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("shape", "expected"), CASES)
def test_node_roll_ups(shape, expected):
    plan, measured, nodes = build(shape)
    result = plan_roll_ups(plan, measured)
    for name, figures in expected.items():
        node = nodes[name]
        if figures is None:
            assert id(node) not in result, name
            continue
        got = result[id(node)]
        value, key, n_measured, total, met = figures
        assert got.value == (pytest.approx(value) if value is not None else None), name
        assert (got.category.key if got.category else None) == key, name
        assert (got.measured, got.total, got.met) == (n_measured, total, met), name


def test_keys_come_in_document_order_and_only_for_nodes_with_indicators():
    plan, measured, nodes = build(
        {
            "S": (
                "sasaran",
                [(1, 1, 1)],
                {"P1": ("program", [(1, 1, 1)], {}), "P2": ("program", [], {})},
            ),
            "T": ("sasaran", [(1, 1, 1)], {}),
        }
    )
    assert list(plan_roll_ups(plan, measured)) == [id(nodes[n]) for n in ("S", "P1", "T")]


def test_an_indicator_without_an_achievement_counts_as_not_measurable():
    plan, measured, nodes = build({"S": ("sasaran", [(100, 80, 1), (100, 40, 1)], {})})
    second = nodes["S"].indicators[1]
    del measured[id(second)]
    got = plan_roll_ups(plan, measured)[id(nodes["S"])]
    assert (got.value, got.measured, got.total) == (80.0, 1, 2)


def test_the_kabupaten_settings_cap_and_band():
    settings = Settings(cap=120.0, bands=(Band(100, "baik", "Baik"), Band(float("-inf"), "x", "X")))
    plan, measured, nodes = build({"S": ("sasaran", [], {"P": ("program", [(100, 150, 1)], {})})})
    measured = {k: (compute(100, 150, settings=settings), w) for k, (_a, w) in measured.items()}
    got = plan_roll_ups(plan, measured, settings)[id(nodes["S"])]
    assert (got.value, got.category.label) == (120.0, "Baik")


def test_each_node_is_exactly_roll_up_of_the_indicators_below_it():
    """Random trees and figures: every node's roll-up equals ``roll_up`` over its subtree, to the
    last digit (sums are exact, whatever the grouping)."""
    rng = random.Random(20261129)
    for _ in range(40):
        measured: dict[int, tuple[Achievement, float]] = {}

        def grow(level: int, measured: dict[int, tuple[Achievement, float]]) -> Node:
            node = Node(("sasaran", "program", "kegiatan", "subkegiatan")[level], "n")
            for _ in range(rng.randint(0, 3)):
                indicator = Indicator("i")
                node.indicators.append(indicator)
                actual = rng.choice([None, rng.uniform(-50, 300), rng.randint(0, 7)])
                measured[id(indicator)] = (
                    compute(rng.choice([7, 0.3, 100, 12.5]), actual),
                    rng.choice([1.0, 0.1, 2.5, 3.0]),
                )
            if level < 3:
                node.children = [grow(level + 1, measured) for _ in range(rng.randint(0, 3))]
            return node

        plan = Plan(nodes=[grow(0, measured) for _ in range(rng.randint(1, 3))])
        result = plan_roll_ups(plan, measured)
        for node, _parent in plan.walk():
            below = [measured[id(i)] for n, _p in node.walk() for i in n.indicators]
            if not below:
                assert id(node) not in result
            else:
                assert result[id(node)] == roll_up(below)


def test_one_pass_each_node_and_indicator_visited_once():
    """A deep, wide tree: ``children`` and ``items`` are asked once per node (no walk per node)."""
    asked: dict[str, int] = {"children": 0, "items": 0}
    kids: dict[int, list[int]] = {n: [] for n in range(5000)}
    for n in range(1, 5000):
        kids[(n - 1) // 3 if n % 50 else n - 1].append(n)  # wide, with chains

    def children(n: int) -> list[int]:
        asked["children"] += 1
        return kids[n]

    def items(n: int) -> list[tuple[Achievement, float]]:
        asked["items"] += 1
        return [(compute(100, n % 120), 1.0)]

    result = tree_roll_ups([0], children, items, lambda n: n)
    assert asked == {"children": 5000, "items": 5000}
    assert result[0].total == 5000 and result[0] == roll_up(
        [(compute(100, n % 120), 1.0) for n in range(5000)]
    )


def test_roll_up_of_a_flat_list_is_unchanged():
    """The docs' example (docs/capaian.md): 150 % and 40 % average to 70 %, 1 of 2 met."""
    got = roll_up([(compute(100, 150), 1.0), (compute(100, 40), 1.0)])
    assert (got.value, got.met, got.measured, got.total) == (70.0, 1, 2, 2)
