"""The plan page's table: a stored plan laid out as the document shows it, findings beside its rows.

Built in Python from ``load_document`` and ``check_document`` (a constant number of queries), so the
template only loops over plain rows and never reaches the database.

One row per indicator; a node's own cells (number, level, name) span its indicator rows, and a
node without indicators still gets one row. Each row carries the findings that concern it: the
validator's, placed on the node or indicator they are about, and the importer's whose source line
is the row's line (each on the first such row; a finding about one period's target on the
indicator whose target rows hold its line). What concerns no row is listed above the table.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ...core import plan as core
from ...core import rules
from ...core.periods import period_kind
from ...core.plan import LEVELS, Finding
from .findings import finding_message
from .forms import format_value, period_heading
from .models import LEVEL_LABELS, Indicator, Node
from .selectors import Document, Placed

SEVERITY_LABELS = {
    "error": _("Error"),
    "warning": _("Warning"),
    "info": _("Note"),
}
PERIOD_GROUPS = {
    "quarter": _("Target per quarter"),
    "month": _("Target per month"),
    "year": _("Target per year"),
}
# A short title per finding code, in the active language, shown before the finding's detail
# (the detail: the core's message worded in the active language by findings.finding_message).
FINDING_TITLES = {
    # the importer
    "conflicting-target": _("Two different targets for one period"),
    "duplicate-target": _("Target given twice"),
    "header-level-mismatch": _("Page header names another level"),
    "name-variant": _("Same item, name written differently"),
    "name-continued": _("Name continued on the next row"),
    "sasaran-not-listed": _("Sasaran missing from the sasaran table"),
    "truncated-name": _("Name cut short"),
    "stray-number": _("Numbering without a name"),
    "stray-value": _("Value outside any column"),
    "extra-text": _("Text not placed"),
    "extra-value": _("Value not placed"),
    "missing-indicator": _("Result statement without indicator"),
    "value-without-indicator": _("Target without indicator"),
    "indicator-without-node": _("Indicator without a node above it"),
    "text-cut": _("Text too long: cut"),
    # the validator
    "missing-target": _("Target missing"),
    "target-decreasing": _("Cumulative target decreases"),
    "target-not-annual": _("Last target differs from the annual target"),
    "unit-stem-mismatch": _("Unit does not fit the indicator"),
    "objective-equals-indicator": _("Sasaran and indicator are the same text"),
    "polarity-unset": _("Lower is better? Set the polarity"),
    "text-target": _("Text target among numbers"),
    "duplicate-node": _("Same item twice"),
    "nomenclature-code-unknown": _("Code not in the nomenclature"),
    "nomenclature-code-mismatch": _("Code and name disagree"),
    "nomenclature-level": _("Official item of another level"),
    "nomenclature-differs": _("Differs from the official name"),
    "nomenclature-unknown": _("Not in the nomenclature"),
    # the store
    "setting-to-confirm": _("Setting guessed: confirm"),
}
SEVERITY_ORDER = {s: i for i, s in enumerate(core.SEVERITIES)}
# The validator's codes: the importer's findings with these codes were the validator's verdict on
# the document as read; the plan page shows the validator's verdict on the plan as it is now.
VALIDATOR_CODES = frozenset(r.code for r in rules.RULES)


@dataclass
class FindingView:
    """A finding as the page shows it: severity (and its label in the active language), origin."""

    finding: Finding
    source: str  # "import" (what the importer met in the document) or "check" (the validator)
    severity_label: str = ""

    @property
    def severity(self) -> str:
        return self.finding.severity

    @property
    def code(self) -> str:
        return self.finding.code

    @property
    def title(self) -> str:
        return str(FINDING_TITLES.get(self.finding.code, ""))

    @property
    def message(self) -> str:
        return finding_message(self.finding)

    @property
    def line(self) -> int | None:
        return self.finding.line


@dataclass
class Cell:
    text: str
    missing: bool


@dataclass
class NodeLinks:
    edit: str
    add_child: str | None
    add_indicator: str
    move: str
    delete: str


@dataclass
class IndicatorLinks:
    edit: str
    move: str | None  # None of an adopted plan: only its capaian settings are edited
    delete: str | None


class Links:
    """The editing URLs of every row, formatted from patterns reversed once (not once per row).

    Of an ``adopted`` plan, a node has none and an indicator only its edit page (its capaian
    settings): its structure and targets change through a new revision.
    """

    def __init__(self, plan_id: int, adopted: bool = False):
        self.adopted = adopted

        def pattern(name: str) -> str:
            return reverse(name, args=[_MARK]).replace(str(_MARK), "{}")

        self.node_edit = pattern("node_edit")
        self.node_child = reverse("node_add", args=[plan_id]) + "?parent={}"
        self.indicator_add = pattern("indicator_add")
        self.node_move = pattern("node_move")
        self.node_delete = pattern("node_delete")
        self.indicator_edit = pattern("indicator_edit")
        self.indicator_move = pattern("indicator_move")
        self.indicator_delete = pattern("indicator_delete")

    def node(self, pk: int, can_add_child: bool) -> NodeLinks | None:
        if self.adopted:
            return None
        return NodeLinks(
            edit=self.node_edit.format(pk),
            add_child=self.node_child.format(pk) if can_add_child else None,
            add_indicator=self.indicator_add.format(pk),
            move=self.node_move.format(pk),
            delete=self.node_delete.format(pk),
        )

    def indicator(self, pk: int) -> IndicatorLinks:
        if self.adopted:
            return IndicatorLinks(edit=self.indicator_edit.format(pk), move=None, delete=None)
        return IndicatorLinks(
            edit=self.indicator_edit.format(pk),
            move=self.indicator_move.format(pk),
            delete=self.indicator_delete.format(pk),
        )


_MARK = 987654321


@dataclass
class Row:
    node: Node
    depth: int
    level_label: str
    first: bool  # the node's first row: it carries the node's cells
    span: int  # rows the node's cells span
    node_up: bool  # the node can move up / down among its siblings
    node_down: bool
    budget: str = ""
    node_links: NodeLinks | None = None  # on the node's first row, when the person may edit
    indicator: Indicator | None = None
    indicator_links: IndicatorLinks | None = None
    annual: str = ""
    cells: list[Cell] = field(default_factory=list)
    indicator_up: bool = False
    indicator_down: bool = False
    findings: list[FindingView] = field(default_factory=list)

    @property
    def lines(self) -> set[int]:
        lines = set()
        if self.indicator is not None and self.indicator.source_line:
            lines.add(self.indicator.source_line)
        if self.first and self.node.source_line:
            lines.add(self.node.source_line)
        return lines


@dataclass
class Table:
    periods: list[tuple[str, str]]  # (key, heading)
    rows: list[Row]
    loose: list[FindingView]  # findings that concern no row
    counts: dict[str, int]  # severity → number of findings shown
    findings: list[Finding]  # the importer's (still meaningful) and the validator's, for export
    period_group: str  # the heading over the period columns: "Target per quarter" …


def import_findings(doc: Document) -> list[Finding]:
    """The importer's own findings on the source document (not the validator's verdict then)."""
    found = []
    for data in doc.plan.import_findings or []:
        try:
            finding = Finding.from_dict(data)
        except (KeyError, TypeError, ValueError):
            continue
        if finding.code not in VALIDATOR_CODES:
            found.append(finding)
    return found


def plan_findings(doc: Document, placed: list[Placed]) -> list[Finding]:
    """Every finding on the plan now, in line order: the importer's and the validator's."""
    found = import_findings(doc) + [p.finding for p in placed]
    return sorted(found, key=lambda f: (f.line is None, f.line or 0))


def _sort(findings: list[FindingView]) -> list[FindingView]:
    return sorted(findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))


def build_table(doc: Document, placed: list[Placed], links: Links | None = None) -> Table:
    """The table of ``doc`` with ``placed`` findings; ``links``: editing URLs, when allowed."""
    periods = list(doc.core.periods)
    labels = {severity: str(label) for severity, label in SEVERITY_LABELS.items()}

    def view(finding: Finding, source: str) -> FindingView:
        return FindingView(finding, source, labels.get(finding.severity, finding.severity))

    on_node: dict[int, list[FindingView]] = defaultdict(list)
    on_indicator: dict[int, list[FindingView]] = defaultdict(list)
    loose: list[FindingView] = []
    for p in placed:
        shown = view(p.finding, "check")
        if p.indicator is not None:
            on_indicator[p.indicator.pk].append(shown)
        elif p.node is not None:
            on_node[p.node.pk].append(shown)
        else:
            loose.append(shown)

    rows: list[Row] = []

    def visit(siblings: list[core.Node], depth: int) -> None:
        for index, c in enumerate(siblings):
            node = doc.nodes[id(c)]
            rank = LEVELS.index(c.level)
            common = {
                "node": node,
                "depth": depth,
                "level_label": str(LEVEL_LABELS[c.level]),
                "span": max(1, len(c.indicators)),
                "node_up": index > 0,
                "node_down": index < len(siblings) - 1,
                "budget": format_value(c.budget),
            }
            node_links = links.node(node.pk, rank < len(LEVELS) - 1) if links else None
            if not c.indicators:
                rows.append(
                    Row(
                        first=True,
                        node_links=node_links,
                        findings=_sort(on_node[node.pk]),
                        **common,
                    )
                )
            for position, ci in enumerate(c.indicators):
                indicator = doc.indicators[id(ci)]
                mine = on_indicator[indicator.pk]
                rows.append(
                    Row(
                        first=position == 0,
                        node_links=node_links if position == 0 else None,
                        indicator=indicator,
                        indicator_links=links.indicator(indicator.pk) if links else None,
                        annual=format_value(ci.annual_target),
                        cells=[
                            Cell(format_value(ci.targets.get(p)), ci.targets.get(p) is None)
                            for p in periods
                        ],
                        indicator_up=position > 0,
                        indicator_down=position < len(c.indicators) - 1,
                        findings=_sort(on_node[node.pk] + mine if position == 0 else mine),
                        **common,
                    )
                )
            visit(c.children, depth + 1)

    visit(doc.core.nodes, 0)

    # The importer's findings go beside the first row whose source line is theirs; one about a
    # period's target (its field names the period) beside the indicator whose target rows hold
    # that line (a tall layout puts TW I on the indicator's line, TW II-IV on the lines below).
    by_line: dict[int, Row] = {}
    for row in rows:
        for line in row.lines:
            by_line.setdefault(line, row)
    starts = sorted(
        (row.indicator.source_line, index)
        for index, row in enumerate(rows)
        if row.indicator is not None and row.indicator.source_line
    )
    reach = 2 * len(periods) + 2  # target rows of one indicator, duplicates included
    imported = import_findings(doc)
    touched = set()
    for finding in imported:
        # A finding that names its subject (the indicator's own line) goes beside that row.
        row = by_line.get(finding.subject) if finding.subject else None
        if row is None and finding.line:
            row = by_line.get(finding.line)
        if row is None and finding.line and finding.field in periods:
            at = bisect_right(starts, (finding.line, len(rows))) - 1
            if at >= 0 and finding.line - starts[at][0] <= reach:
                row = rows[starts[at][1]]
        if row is None:
            loose.append(view(finding, "import"))
        else:
            row.findings.append(view(finding, "import"))
            touched.add(id(row))
    for row in rows:
        if id(row) in touched:
            row.findings = _sort(row.findings)

    counts = dict.fromkeys(core.SEVERITIES, 0)
    for p in placed:
        counts[p.finding.severity] = counts.get(p.finding.severity, 0) + 1
    for f in imported:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    kinds = {period_kind(p) for p in periods}
    group = PERIOD_GROUPS[kinds.pop()] if len(kinds) == 1 else _("Target per period")
    return Table(
        period_group=str(group),
        periods=[(p, period_heading(p)) for p in periods],
        rows=rows,
        loose=sorted(loose, key=lambda f: (f.line is None, f.line or 0)),
        counts=counts,
        findings=sorted(
            imported + [p.finding for p in placed], key=lambda f: (f.line is None, f.line or 0)
        ),
    )
