"""Pieces the report builders share: cells for numbers, percentages, categories and money; titles;
budgets rolled up a subtree. Pure Python: no Django, no I/O.
"""

from __future__ import annotations

import re

from ..core.achievement import Achievement, RollUp
from ..core.numbers import format_number
from ..core.periods import QUARTERS, period_label
from ..core.plan import Node, Plan, Value
from . import CENTER, NUMBER, TEXT, Cell
from .data import Monitoring, budget_of, keyed_nodes, spent_upto
from .rencana_aksi import value_cell

__all__ = [
    "category_cell",
    "money",
    "number_cell",
    "outline_cell",
    "outline_numbers",
    "percent_cell",
    "period_title",
    "slug",
    "text_cell",
]

EMPTY = "-"  # printed where a capaian is not measurable (never 0)


def slug(*parts: object) -> str:
    text = "-".join(str(p) for p in parts if p not in (None, ""))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def text_cell(text: str | None, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text or "", TEXT, rowspan=rowspan, colspan=colspan)


def center_cell(text: str | None, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text or "", CENTER, rowspan=rowspan, colspan=colspan)


def number_cell(value: Value, decimals: int | None = None, rowspan: int = 1) -> Cell:
    """A number Indonesian style (``decimals`` fixed when given), a text as written, None empty."""
    if decimals is None or not isinstance(value, int | float) or isinstance(value, bool):
        return value_cell(value, rowspan=rowspan)
    value = round(float(value), decimals)
    return Cell(
        format_number(value, decimals), NUMBER, value=value, decimals=decimals, rowspan=rowspan
    )


def percent_cell(value: float | None, rowspan: int = 1) -> Cell:
    """A percentage with two decimals ("95,00"); "-" when there is none (not measurable)."""
    if value is None:
        return Cell(EMPTY, CENTER, rowspan=rowspan)
    return number_cell(value, 2, rowspan=rowspan)


def category_cell(item: Achievement | RollUp, rowspan: int = 1) -> Cell:
    return Cell(item.category.label if item.category else EMPTY, CENTER, rowspan=rowspan)


def money_cell(value: float | None, rowspan: int = 1) -> Cell:
    """Rupiah without decimals ("5.294.655.000"); empty when unknown."""
    if value is None:
        return Cell("", CENTER, rowspan=rowspan)
    return number_cell(value, 0, rowspan=rowspan)


def outline_numbers(plan: Plan) -> dict[int, str]:
    """Each node's No in the reports, by ``id(node)``: its position among its siblings after
    its parent's No ("1", "1.2", "1.2.3"), whatever the plan numbered it. Imported plans number
    their nodes as their authors typed them (the sample: sasaran "1", "2", "2", programs "1",
    "2", "C", "D"); printed as such, the Perjanjian Kinerja read 1, 2, 2 and the Evaluasi Renja
    1, 1, 1, 2. Positions are unique and say where each row hangs, in every report alike."""
    out: dict[int, str] = {}

    def visit(siblings: list[Node], prefix: str) -> None:
        for position, node in enumerate(siblings, start=1):
            out[id(node)] = f"{prefix}{position}"
            visit(node.children, f"{prefix}{position}.")

    visit(plan.nodes, "")
    return out


def outline_cell(outlines: dict[int, str], node: Node, rowspan: int = 1) -> Cell:
    """The No of ``node`` as reports print it, from ``outlines`` (``outline_numbers(plan)``,
    computed once per report)."""
    return center_cell(outlines.get(id(node)) or node.number, rowspan=rowspan)


def period_title(period: str) -> str:
    """ "TRIWULAN II" for TW2, "BULAN JANUARI" for M01, the label otherwise."""
    if period in QUARTERS:
        return "TRIWULAN " + period_label(period).split()[-1]
    label = period_label(period)
    return f"BULAN {label.upper()}" if label != period else label


def year_unit_lines(plan: Plan) -> list[str]:
    return ([plan.unit.upper()] if plan.unit else []) + (
        [f"TAHUN {plan.year}"] if plan.year else []
    )


def money(
    plan: Plan, monitoring: Monitoring, upto: str | None = None
) -> dict[int, tuple[float | None, float | None]]:
    """(pagu, spent up to ``upto`` or the whole year) per node, by ``id(node)``.

    A node's own figure when it has one, else the sum of its children's (so a program without a
    pagu of its own shows its sub kegiatan's total, and nothing is counted twice).
    """
    keys = {id(node): key for key, node, _parent in keyed_nodes(plan)}
    out: dict[int, tuple[float | None, float | None]] = {}

    def visit(node: Node) -> tuple[float | None, float | None]:
        data = monitoring.node(keys[id(node)])
        children = [visit(child) for child in node.children]
        budget = budget_of(node, data)
        if budget is None:
            given = [b for b, _s in children if b is not None]
            budget = float(sum(given)) if given else None
        spent = spent_upto(data, plan.periods, upto)
        if spent is None:
            given = [s for _b, s in children if s is not None]
            spent = float(sum(given)) if given else None
        out[id(node)] = (budget, spent)
        return budget, spent

    for node in plan.nodes:
        visit(node)
    return out


def share(part: float | None, whole: float | None) -> float | None:
    """Part of whole in percent (serapan anggaran); None when either is unknown or whole is 0."""
    if part is None or not whole:
        return None
    return part / whole * 100
