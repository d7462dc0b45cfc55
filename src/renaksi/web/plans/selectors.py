"""Reads: a stored plan as the domain core's Plan, in a constant number of queries.

``load_document(plan)`` runs three queries whatever the plan's size (nodes, indicators, targets)
and returns the core Plan (so the validator, the JSON export and the reports all work on the same
thing) together with the database objects behind each core object, so pages can link to them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from ...core import plan as core
from ...core import rules
from ...core.plan import Finding, tidy_number
from .models import Indicator, Node, Plan, Target


def db_value(target: Target) -> core.Value:
    """A stored value as the core holds it: a number (int when whole), a text target, or None."""
    if target.value is not None:
        return decimal_to_number(target.value)
    return target.text or None


def decimal_to_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return tidy_number(float(value)) if value != value.to_integral_value() else int(value)


@dataclass
class Document:
    """A stored plan read whole: the core plan, and the rows behind each of its objects."""

    plan: Plan
    core: core.Plan
    nodes: dict[int, Node] = field(default_factory=dict)  # id(core node) → Node
    indicators: dict[int, Indicator] = field(default_factory=dict)  # id(core indicator) → Indicator
    parents: dict[int, core.Node | None] = field(default_factory=dict)

    def node_rows(self):
        """(depth, core node, Node, parent core node) in document order."""

        def visit(n: core.Node, depth: int, parent):
            yield depth, n, self.nodes[id(n)], parent
            for child in n.children:
                yield from visit(child, depth + 1, n)

        for n in self.core.nodes:
            yield from visit(n, 0, None)


def load_document(plan: Plan) -> Document:
    """The plan with its whole tree, in three queries."""
    return load_documents([plan])[plan.pk]


def load_documents(plans: list[Plan]) -> dict[int, Document]:
    """Each plan with its whole tree, by plan id: three queries however many plans (the
    kabupaten workbook reads every unit's plan at once)."""
    ids = [p.pk for p in plans]
    nodes = list(Node.objects.filter(plan_id__in=ids).order_by("position", "id"))
    indicators = list(Indicator.objects.filter(node__plan_id__in=ids).order_by("position", "id"))
    targets = list(Target.objects.filter(indicator__node__plan_id__in=ids))

    values: dict[int, dict[str, dict[str, core.Value]]] = defaultdict(lambda: defaultdict(dict))
    for t in targets:
        values[t.indicator_id][t.kind][t.period] = db_value(t)
    by_parent: dict[tuple[int, int | None], list[Node]] = defaultdict(list)
    for n in nodes:
        by_parent[n.plan_id, n.parent_id].append(n)
    indicators_of: dict[int, list[Indicator]] = defaultdict(list)
    for i in indicators:
        indicators_of[i.node_id].append(i)
    return {plan.pk: _document(plan, by_parent, indicators_of, values) for plan in plans}


def unit_plans(unit_id: int) -> list[Plan]:
    """Every plan of a unit, newest year first, then murni before perubahan, the latest revision
    first (one query): what a plan or a pending import can be compared with."""
    return list(Plan.objects.filter(unit_id=unit_id).order_by("-year", "version", "-revision"))


def default_against(
    plans: list[Plan], *, year: int, version: str, below: int | None = None
) -> Plan | None:
    """What a plan of ``year`` × ``version`` is compared with unless a person chooses (no query:
    ``plans`` are ``unit_plans``): the revision it replaced (the highest of the same year and
    version below ``below``; any revision when None, as for a pending import), else, for a
    perubahan, the year's current murni, else last year's current plan (perubahan before murni).
    None when the unit has none of them."""
    same = [
        p
        for p in plans
        if p.year == year and p.version == version and (below is None or p.revision < below)
    ]
    if same:
        return max(same, key=lambda p: p.revision)
    if version == Plan.Version.PERUBAHAN:
        murni = [p for p in plans if p.year == year and p.version == Plan.Version.MURNI]
        current = [p for p in murni if p.is_current] or murni
        if current:
            return max(current, key=lambda p: p.revision)
    last_year = [p for p in plans if p.year == year - 1 and p.is_current]
    if last_year:
        return max(last_year, key=lambda p: (p.version == Plan.Version.PERUBAHAN, p.revision))
    return None


def _document(plan: Plan, by_parent, indicators_of, values) -> Document:
    """One plan's Document from the rows ``load_documents`` read."""
    periods = list(plan.periods)
    doc = Document(
        plan=plan,
        core=core.Plan(unit=plan.document_unit or plan.unit.name, year=plan.year, periods=periods),
    )

    def build(n: Node) -> core.Node:
        c = core.Node(
            level=n.level,
            name=n.name,
            code=n.code or None,
            number=n.number or None,
            budget=decimal_to_number(n.budget),
            line=n.source_line,
        )
        doc.nodes[id(c)] = n
        for i in indicators_of[n.pk]:
            stored = values.get(i.pk, {})
            actuals = stored.get(Target.Kind.ACTUAL)
            ci = core.Indicator(
                name=i.name,
                objective=i.objective or None,
                unit=i.unit or None,
                annual_target=decimal_to_number(i.annual_value)
                if i.annual_value is not None
                else (i.annual_text or None),
                targets={p: stored.get(Target.Kind.TARGET, {}).get(p) for p in periods},
                actuals={p: actuals.get(p) for p in periods} if actuals else None,
                line=i.source_line,
                extra=_settings_of(i),
            )
            doc.indicators[id(ci)] = i
            c.indicators.append(ci)
        for child in by_parent[plan.pk, n.pk]:
            cc = build(child)
            doc.parents[id(cc)] = c
            c.children.append(cc)
        return c

    for top in by_parent[plan.pk, None]:
        c = build(top)
        doc.parents[id(c)] = None
        doc.core.nodes.append(c)
    return doc


def _settings_of(indicator: Indicator) -> dict:
    """Indicator settings beyond the core format, as the validator and the JSON read them."""
    extra = {}
    if indicator.polarity:
        extra["polarity"] = indicator.polarity
    if indicator.aggregation:
        extra["aggregation"] = indicator.aggregation
    if indicator.target_mode != Indicator.TargetMode.CUMULATIVE:
        extra["target_mode"] = indicator.target_mode
    if indicator.person_in_charge:
        extra["person_in_charge"] = indicator.person_in_charge
    for key in ("renstra_target", "renstra_realised"):
        value = getattr(indicator, f"{key}_value")
        text = getattr(indicator, f"{key}_text")
        if value is not None:
            extra[key] = decimal_to_number(value)
        elif text:
            extra[key] = text
    return extra


@dataclass
class Placed:
    """A finding and the stored object it concerns (a Node or an Indicator), if any."""

    finding: Finding
    node: Node | None = None
    indicator: Indicator | None = None


def check_document(doc: Document) -> list[Placed]:
    """The validator's findings on the stored plan, each placed on the row it concerns.

    The validator reports by line; to place findings on rows that may have no source line (added
    in the browser), it is run on a copy whose lines are row keys, then the lines are restored.
    """
    keyed: dict[int, tuple[Node | None, Indicator | None]] = {}
    originals: list[tuple[object, int | None]] = []
    key = 1
    for c_node, _parent in doc.core.walk():
        originals.append((c_node, c_node.line))
        c_node.line = key
        keyed[key] = (doc.nodes[id(c_node)], None)
        key += 1
        for ci in c_node.indicators:
            originals.append((ci, ci.line))
            ci.line = key
            keyed[key] = (doc.nodes[id(c_node)], doc.indicators[id(ci)])
            key += 1
    try:
        found = rules.validate(doc.core)
    finally:
        for obj, line in originals:
            obj.line = line
    placed = []
    for c_node, _parent in doc.core.walk():
        for ci in c_node.indicators:
            indicator = doc.indicators[id(ci)]
            for setting in indicator.to_confirm:
                value = getattr(indicator, setting)
                placed.append(
                    Placed(
                        finding=Finding(
                            "info",
                            "setting-to-confirm",
                            gettext(
                                "%(setting)s of '%(name)s' was guessed from its wording as '%(value)s': confirm it"
                            )
                            % {"setting": gettext(setting), "name": indicator.name, "value": value},
                            indicator.source_line,
                        ),
                        node=doc.nodes[id(c_node)],
                        indicator=indicator,
                    )
                )
    for f in found:
        node, indicator = keyed.get(f.line, (None, None)) if f.line else (None, None)
        line = (indicator.source_line if indicator else node.source_line) if node else None
        placed.append(
            Placed(
                finding=Finding(f.severity, f.code, f.message, line, f.field, params=f.params),
                node=node,
                indicator=indicator,
            )
        )
    return placed
