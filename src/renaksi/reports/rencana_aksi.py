"""The Rencana Aksi report: the plan as officials sign it.

    No | Tingkat | Uraian | Sasaran | Indikator Kinerja | Satuan | Target Tahunan | TW I … TW IV

One row per indicator, in document order; a node's number, level ("Program", "Sub Kegiatan") and
name only on its first indicator row, spanning the node's rows; each indicator's Sasaran (result
statement) on its own row; a node without indicators gets a row of its own. Values are printed
Indonesian style ("1.250", "0,9"), text targets as written, missing ones empty.

The No column holds the node's outline number: its own number after its parent's ("1.1.2",
"C.1"). With the Tingkat column that is what lets the importer read the report back to the same
plan: the level and the parent of every row, a program under no sasaran included, and names
exactly as stored (no level word added before them).

Pure Python: no Django, no file I/O.
"""

from __future__ import annotations

import re

from ..core.names import level_word
from ..core.numbers import format_number
from ..core.periods import period_label
from ..core.plan import LEVEL_LABELS, Indicator, Node, Plan, Value, tidy_number
from . import CENTER, HEADING, NUMBER, TEXT, Cell, Report, Row, Signature

# Columns before the periods: heading and width in characters.
_FIXED = (
    ("No", 9),
    ("Tingkat", 11),
    ("Uraian", 33),
    ("Sasaran", 27),
    ("Indikator Kinerja", 31),
    ("Satuan", 10),
    ("Target Tahunan", 10),
)
_PERIOD_WIDTH = 9


def uraian(node: Node) -> str:
    """The node's level word and name, the word left out when the name already starts with it."""
    if level_word(node.name) == node.level:
        return node.name
    return f"{LEVEL_LABELS[node.level]} {node.name}"


def value_cell(value: Value, rowspan: int = 1) -> Cell:
    """A target as printed: a number Indonesian style, a text target as written, missing empty."""
    value = tidy_number(value)
    if value is None or value == "":
        return Cell("", CENTER, rowspan=rowspan)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Cell(str(value), CENTER, rowspan=rowspan)
    text = format_number(value)
    decimals = len(text.split(",")[1]) if "," in text else 0
    return Cell(text, NUMBER, value=value, rowspan=rowspan, decimals=decimals)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def title_lines(plan: Plan) -> list[str]:
    first = "RENCANA AKSI" + (f" TAHUN {plan.year}" if plan.year else "")
    return [first] + ([plan.unit.upper()] if plan.unit else [])


def header(plan: Plan) -> list[Row]:
    cells = [Cell(text, HEADING) for text, _width in _FIXED]
    cells += [Cell(period_label(p), HEADING) for p in plan.periods]
    return [cells]


def _node_rows(node: Node, outline: str | None, periods: list[str]) -> list[Row]:
    indicators = node.indicators
    span = max(len(indicators), 1)
    first: Row = [
        Cell(outline or "", CENTER, rowspan=span),
        Cell(LEVEL_LABELS[node.level], TEXT, rowspan=span),
        Cell(node.name, TEXT, rowspan=span),
    ]
    if not indicators:
        return [first + [Cell("", TEXT), Cell("", TEXT)] + [Cell("", CENTER)] * (2 + len(periods))]
    rows: list[Row] = []
    for i, indicator in enumerate(indicators):
        row: Row = first if i == 0 else [None, None, None]
        # The Sasaran is repeated on each row, never merged: the importer reads a merged result
        # statement as belonging to its first indicator only.
        row.append(Cell(indicator.objective or "", TEXT))
        row += _indicator_cells(indicator, periods)
        rows.append(row)
    return rows


def _indicator_cells(indicator: Indicator, periods: list[str]) -> list[Cell | None]:
    cells: list[Cell | None] = [
        Cell(indicator.name, TEXT),
        Cell(indicator.unit or "", CENTER),
        value_cell(indicator.annual_target),
    ]
    cells += [value_cell(indicator.targets.get(p)) for p in periods]
    return cells


def build(plan: Plan, signature: Signature | None = None) -> Report:
    """The Rencana Aksi report of ``plan``, signed by ``signature`` when given."""
    body: list[Row] = []
    outlines = plan.outlines()
    for node, _parent in plan.walk():
        body += _node_rows(node, outlines[id(node)], plan.periods)
    name = "-".join(x for x in ("rencana-aksi", str(plan.year or ""), _slug(plan.unit or "")) if x)
    report = Report(
        name=name,
        title=title_lines(plan),
        header=header(plan),
        body=body,
        widths=[float(w) for _t, w in _FIXED] + [float(_PERIOD_WIDTH)] * len(plan.periods),
        signature=signature if signature is not None and not signature.empty else None,
        meta={"report": "rencana-aksi"},
    )
    report.check()
    return report


def build_report(plan: Plan, monitoring=None, *, period=None, signature=None) -> Report:
    """``build`` with the signature every entry of ``reports.REPORTS`` has; ignores monitoring."""
    return build(plan, signature)
