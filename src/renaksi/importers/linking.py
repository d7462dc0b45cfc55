"""Linking: the plan tree as it grows, one node per thing, and every finding the reading reports.

``Builder`` places nodes under their parents and merges a node met again (in another table,
under a section row, or cut short) with the first; ``Cursor`` is where one block of the current
table stands (its node and indicator). Values are recorded per indicator and period: the first
one stays, a different second one is reported with both lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.names import normalise
from ..core.plan import Finding, Indicator, Node, Param, Value

# Every finding the interpreter reports: code → (severity, what it means). docs/import.md lists
# them all (a test checks that it does).
FINDINGS: dict[str, tuple[str, str]] = {
    "conflicting-target": ("error", "one period of one indicator has two different values; the first is kept"),
    "duplicate-target": ("info", "one period of one indicator is given twice with the same value"),
    "header-level-mismatch": ("info", "a header names other levels than its rows show (a repeated page header); read as the rows are"),
    "name-variant": ("info", "a node met again under a slightly different name (cut short, spacing, case); read as one node"),
    "name-continued": ("info", "an unnumbered text read as the end of the name above it, cut at a row or page break"),
    "sasaran-not-listed": ("warning", "a sasaran appears in a later table but not in the document's table of sasaran"),
    "truncated-name": ("warning", "a name ends on a preposition, conjunction or comma: probably cut short"),
    "stray-number": ("warning", "numbering ('3.') with no name beside it"),
    "stray-value": ("warning", "a value in no column the header explains (budget, target, unit)"),
    "extra-text": ("warning", "more texts in a row than the table has columns for; the extra is not placed"),
    "extra-value": ("warning", "more values after a period label than the table has columns for"),
    "missing-indicator": ("warning", "a result statement without an indicator beside it"),
    "value-without-indicator": ("warning", "a target with no indicator to belong to"),
    "indicator-without-node": ("error", "an indicator with no sasaran, program, kegiatan or sub kegiatan above it"),
    # made by limits.tidy_plan, for a document or a plan JSON file alike
    "text-cut": ("warning", "a text longer than a plan may hold (a name over 2,000 characters, a unit over 100 …) was cut"),
}  # fmt: skip


@dataclass
class Cursor:
    """Where each block of the current table stands: its current node and indicator."""

    node: Node | None = None
    indicator: Indicator | None = None
    filled: set[str] = field(default_factory=set)  # periods given a value since it became current
    numbered: bool = False  # the node's name carried a number in the document
    name_col: int = -1  # where its name and its indicator stood, to recognise their continuations
    indicator_col: int = -1
    label_col: int = -1  # where the indicator's latest period label stood

    def point(self, indicator: Indicator | None) -> None:
        self.indicator = indicator
        self.filled = set()
        self.label_col = -1


@dataclass
class Builder:
    """The plan as it grows, with indexes for merging nodes that appear in several tables."""

    findings: list[Finding] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    parents: dict[int, Node | None] = field(default_factory=dict)
    periods: set[str] = field(default_factory=set)
    # value lines per indicator and period, to report duplicates and conflicts with both lines
    seen: dict[tuple[int, str, str], tuple[Value, int, int]] = field(default_factory=dict)
    table: int = 0
    # (level, normalised name, whole?) → nodes: whole names, and their prefixes of 3+ words
    index: dict[tuple[str, str, bool], list[Node]] = field(default_factory=dict)
    order: dict[int, int] = field(default_factory=dict)
    percent_targets: set[int] = field(default_factory=set)
    # indicators read in a table with an annual target column: an empty cell there stays empty
    annual_column: set[int] = field(default_factory=set)
    # sasaran named in a table of sasaran (where sasaran are the listed level)
    sasaran_listed: bool = False

    def find(self, level: str, name: str, parent: Node | None) -> Node | None:
        """An existing node this name refers to: same level, same or truncated name.

        Sub kegiatan are only merged under the same kegiatan; the upper levels plan-wide, since a
        document lists the same program in its program table and its kegiatan table. Each name is
        indexed whole and by its word prefixes, so a lookup costs the same in a document of ten
        or ten thousand rows (no comparison with every earlier name).
        """
        key = normalise(name)
        if not key:
            return None
        words = key.split()
        found = list(self.index.get((level, key, True), ()))  # same name, or a longer one cut
        found += self.index.get((level, key, False), ())
        for n in range(_MIN_CUT_WORDS, min(len(words), _MAX_CUT_WORDS + 1)):
            # an earlier name that this one extends
            found += self.index.get((level, " ".join(words[:n]), True), ())
        found = [
            node for node in found if level != "subkegiatan" or self.parents.get(id(node)) is parent
        ]
        return min(found, key=lambda node: self.order[id(node)]) if found else None

    def remember(self, node: Node) -> None:
        """Index a node under its (current) name; names it had before stay known too."""
        key = normalise(node.name)
        if not key:
            return
        self.order.setdefault(id(node), len(self.order))
        words = key.split()
        self.index.setdefault((node.level, key, True), []).append(node)
        for n in range(_MIN_CUT_WORDS, min(len(words), _MAX_CUT_WORDS + 1)):
            self.index.setdefault((node.level, " ".join(words[:n]), False), []).append(node)

    def place(self, node: Node, parent: Node | None) -> None:
        if parent is None:
            self.nodes.append(node)
        else:
            parent.children.append(node)
        self.parents[id(node)] = parent
        self.remember(node)

    def relink(self, node: Node, parent: Node) -> None:
        """A top-level node whose parent a later table names moves under that parent."""
        if self.parents.get(id(node)) is None and node in self.nodes and parent is not node:
            self.nodes.remove(node)
            parent.children.append(node)
            self.parents[id(node)] = parent

    def add(
        self,
        severity: str,
        code: str,
        message: str,
        line: int | None,
        f: str | None = None,
        subject: int | None = None,
        *,
        params: dict[str, Param],
    ):
        """Report a finding; ``params`` are the values its message is made of (docs/import.md)."""
        if FINDINGS[code][0] != severity:  # the registry is the contract docs/import.md shows
            raise AssertionError(
                f"finding {code} registered as {FINDINGS[code][0]}, not {severity}"
            )
        self.findings.append(Finding(severity, code, message, line, f, subject, params))

    def set_value(
        self, indicator: Indicator, period: str, value: Value, line: int, kind: str = "target"
    ) -> None:
        """Record one period's value; the first value stays, a different second one is reported."""
        self.periods.add(period)
        store = indicator.targets if kind == "target" else indicator.actuals
        if store is None:
            indicator.actuals = store = {}
        key = (id(indicator), kind, period)
        if value is None:
            store.setdefault(period, None)
            return
        previous = self.seen.get(key)
        if previous is None:
            self.seen[key] = (value, line, self.table)
            store[period] = value
            return
        old, old_line, old_table = previous
        label = f"{period} {'target' if kind == 'target' else 'realisasi'}"
        if old == value and old_table != self.table:
            return  # the same indicator listed again in another table, with the same targets
        where = f"on line {line}" if old_line == line else f"on lines {old_line} and {line}"
        params: dict[str, Param] = {
            "period": period,
            "indicator": short(indicator.name),
            "first_line": old_line,
            "second_line": line,
        }
        if old == value:
            variant = kind if old_line != line else f"{kind}-one-line"
            self.add(
                "info",
                "duplicate-target",
                f"{label} of '{short(indicator.name)}' is given twice {where}, with the same value",
                line,
                period,
                subject=subject_line(indicator, line),
                params={"variant": variant, **params},
            )
        else:
            self.add(
                "error",
                "conflicting-target",
                f"{label} of '{short(indicator.name)}' is {shown(old)} on line {old_line} "
                f"and {shown(value)} on line {line}; {shown(old)} kept",
                line,
                period,
                subject=subject_line(indicator, line),
                params={"variant": kind, **params, "first": old, "second": value},
            )


def subject_line(indicator: Indicator, line: int) -> int | None:
    """The indicator's own line when the finding's line is another one."""
    return indicator.line if indicator.line and indicator.line != line else None


# A cut-short name keeps at least this many words ("Program" alone never matches every program).
_MIN_CUT_WORDS = 3
# Names are indexed by their prefixes up to this many words (the longest name of the test corpus
# has 23): a name of thousands of words would otherwise cost memory in the square of its length
# (a 100,000-character name took 700 MB, a 1,000,000-character one more than the machine had).
_MAX_CUT_WORDS = 64


def short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: Value) -> str:
    return "empty" if value is None else str(value)


def all_indicators(nodes: list[Node]):
    for node in nodes:
        for n, _parent in node.walk():
            for indicator in n.indicators:
                yield n, indicator
