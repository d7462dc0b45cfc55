"""Carry-over: a new revision of a unit's plan takes over the year's work of the one it replaces.

When a revision is imported (``plans.services.import_plan``), every indicator of the new
revision paired with one of the revision it replaces (``core.revisions.match_plans``: same place
and same or nearly the same name, certain; or an uncertain pair a person confirmed) receives that
indicator's realisasi with their narratives and evidence, its settings (polarity, aggregation,
target mode, weight, what was confirmed) unless the document gives them, and the history it had
(``Indicator.origin``). Paired nodes receive their budget spent. Each period's report keeps its
workflow state, who submitted and reviewed it, and when.

What cannot be carried is said before it is lost: realisasi of an indicator that has no partner
in the new revision stay on the old revision only, and the import needs ``leave_behind``. A
revision that changes a verified period (a target of that period, or realisasi left behind
from it) goes through the unlock rules: a reason is required (the view also requires the
person's right to unlock), and the period is reopened in the new revision with that reason.

The old revision is kept as it was, readable with its own reports; monitoring writes to it are
refused (``monitoring.services``), so the two cannot drift apart.

``preview`` reads what a carry-over would do (the import preview shows it) in a fixed number of
queries; ``apply`` does it inside the import's transaction.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ...core import plan as core
from ...core.periods import period_label
from ...core.revisions import Matching, Pair, indicator_paths, match_plans, node_paths, shown
from .. import audit
from ..plans.models import Indicator, Node, Plan
from ..plans.selectors import Document, load_document
from .models import BudgetSpent, Evidence, History, Realisation, Report

log = logging.getLogger(__name__)


class CarryOverError(Exception):
    """The carry-over needs a person's confirmation it did not get (nothing was saved)."""


# Settings of an indicator a person may have set; carried unless the document gives them.
SETTINGS = ("polarity", "aggregation", "target_mode", "weight", "to_confirm")


def replaced_plan(unit, year: int, version: str) -> Plan | None:
    """The revision a new import of unit × year × version replaces: the current revision of the
    same version; for a first perubahan, the current murni plan of that year."""
    plans = Plan.objects.filter(unit=unit, year=year, is_current=True).select_related("unit")
    same = plans.filter(version=version).order_by("-revision").first()
    if same is not None or version != Plan.Version.PERUBAHAN:
        return same
    return plans.filter(version=Plan.Version.MURNI).order_by("-revision").first()


@dataclass
class Line:
    """One indicator in the carry-over preview."""

    path: str  # in the new revision (the old one for an indicator left behind)
    name: str
    old_name: str = ""
    how: str = ""  # same | renamed | moved
    similarity: float = 1.0
    realisations: int = 0  # with a value or a narrative, in the old revision
    evidence: int = 0
    periods: list[str] = field(default_factory=list)  # the periods of those realisasi

    @property
    def period_labels(self) -> list[str]:
        return [period_label(p) for p in self.periods]


@dataclass
class VerifiedChange:
    """A verified period of the old revision that the new revision changes."""

    period: str
    name: str
    what: str  # "target" | "left_behind"
    old: str = ""
    new: str = ""

    @property
    def period_label(self) -> str:
        return period_label(self.period)


@dataclass
class Preview:
    """What carrying the old revision's work into the document would do."""

    previous: Plan | None
    matching: Matching = field(default_factory=Matching)
    carried: list[Line] = field(default_factory=list)  # certain pairs
    uncertain: list[Line] = field(default_factory=list)  # pairs a person confirms
    new: list[Line] = field(default_factory=list)  # indicators without a partner
    left_behind: list[Line] = field(default_factory=list)  # old indicators with realisasi, unpaired
    verified_changes: list[VerifiedChange] = field(default_factory=list)
    states: dict[str, str] = field(default_factory=dict)  # period → state carried
    confirmed: frozenset[str] = frozenset()

    @property
    def realisations_carried(self) -> int:
        confirmed = [u for u in self.uncertain if u.path in self.confirmed]
        return sum(line.realisations for line in (*self.carried, *confirmed))

    @property
    def realisations_left(self) -> int:
        return sum(line.realisations for line in self.left_behind)

    # What the signature is made of (set by ``preview``): the old revision's pk, the uncertain
    # pairs, each old indicator's work and each period's state. Whatever the person confirms.
    basis: list[str] = field(default_factory=list)

    def signature(self) -> str:
        """What the person saw, in a few characters: a confirmation given on one preview is
        refused for another (realisasi entered or a period verified since, another revision
        saved, other pairs uncertain)."""
        return hashlib.sha256("|".join(self.basis).encode()).hexdigest()[:16]


def _has_work(r: Realisation) -> bool:
    return (
        r.value is not None
        or bool(r.text)
        or bool(r.obstacles or r.supporting_factors or r.follow_up)
    )


def preview(
    previous: Plan | None,
    document: core.Plan,
    confirmed=(),
    *,
    old_doc: Document | None = None,
) -> Preview:
    """What carrying ``previous``'s work into ``document`` would do, ``confirmed`` being the new
    paths of uncertain pairs a person said are the same. Six queries, whatever the plan's size."""
    if previous is None:
        return Preview(
            previous=None, new=[Line(p, i.name) for p, i, _n in indicator_paths(document)]
        )
    old_doc = old_doc or load_document(previous)
    matching = match_plans(old_doc.core, document)
    old_rows = {p: old_doc.indicators[id(i)] for p, i, _n in indicator_paths(old_doc.core)}
    old_core = {p: i for p, i, _n in indicator_paths(old_doc.core)}
    new_core = {p: i for p, i, _n in indicator_paths(document)}
    work: dict[int, list[Realisation]] = defaultdict(list)
    for r in Realisation.objects.filter(indicator__node__plan=previous).annotate(
        evidence_count=Count("evidence")
    ):
        if _has_work(r) or r.evidence_count:
            work[r.indicator_id].append(r)
    reports = {r.period: r for r in Report.objects.filter(plan=previous)}
    verified = {p for p, r in reports.items() if r.state == Report.State.VERIFIED}
    confirmed = frozenset(c for c in confirmed if c in matching.indicators)

    def line(pair: Pair | None, path: str, indicator: core.Indicator, old_path: str | None):
        row = old_rows.get(old_path) if old_path else None
        done = work.get(row.pk, []) if row else []
        return Line(
            path=path,
            name=indicator.name,
            old_name=old_core[old_path].name if old_path else "",
            how=pair.how if pair else "",
            similarity=pair.similarity if pair else 1.0,
            realisations=sum(1 for r in done if _has_work(r)),
            evidence=sum(r.evidence_count for r in done),
            periods=sorted({r.period for r in done}, key=_order(previous.periods)),
        )

    out = Preview(previous=previous, matching=matching, confirmed=confirmed)
    for path, pair in matching.indicators.items():
        item = line(pair, path, new_core[path], pair.old)
        (out.carried if pair.certain else out.uncertain).append(item)
    out.new = [Line(p, new_core[p].name) for p in matching.added_indicators]
    unpaired = list(matching.removed_indicators) + [
        matching.indicators[u.path].old for u in out.uncertain if u.path not in confirmed
    ]
    for old_path in unpaired:
        item = line(None, old_path, old_core[old_path], old_path)
        if item.realisations or item.evidence:
            out.left_behind.append(item)
            for period in item.periods:
                if period in verified:
                    out.verified_changes.append(VerifiedChange(period, item.name, "left_behind"))
    for path, pair in matching.indicators.items():
        if not pair.certain and path not in confirmed:
            continue
        before, after = old_core[pair.old], new_core[path]
        for period in sorted(verified, key=_order(previous.periods)):
            old_target, new_target = (
                shown(before.targets.get(period)),
                shown(after.targets.get(period)),
            )
            if old_target != new_target:
                out.verified_changes.append(
                    VerifiedChange(period, after.name, "target", old_target, new_target)
                )
    out.states = {p: r.state for p, r in reports.items() if p in document.periods}
    out.basis = [
        str(previous.pk),
        ",".join(sorted(u.path for u in out.uncertain)),
        ",".join(
            f"{i}:{r.period}:{r.version}:{r.evidence_count}"
            for i, done in sorted(work.items())
            for r in done
        ),
        ",".join(f"{p}:{r.state}" for p, r in sorted(reports.items())),
    ]
    return out


def _order(periods):
    index = {p: i for i, p in enumerate(periods)}
    return lambda p: index.get(p, len(index))


@dataclass
class Prepared:
    """A carry-over checked and ready: what each object of the document takes over."""

    previous: Plan
    result: Preview
    reason: str
    # id(core node / core indicator of the document) → the old revision's row it continues.
    nodes: dict[int, Node] = field(default_factory=dict)
    indicators: dict[int, Indicator] = field(default_factory=dict)
    # id(core indicator) → the settings it takes over (those the document does not give).
    settings: dict[int, dict] = field(default_factory=dict)

    def origin_of(self, obj) -> int | None:
        """The ``origin`` of the new row made of core node or indicator ``obj`` (None: new)."""
        row = self.indicators.get(id(obj)) or self.nodes.get(id(obj))
        return (row.origin or row.pk) if row is not None else None


def prepare(
    *,
    previous: Plan,
    document: core.Plan,
    confirmed=(),
    leave_behind: bool = False,
    unlock_reason: str = "",
    expected_signature: str | None = None,
) -> Prepared:
    """Check a carry-over of ``previous``'s work into ``document`` before anything is saved.
    Raises ``CarryOverError`` when realisasi would be left behind without ``leave_behind``, when
    a verified period changes without ``unlock_reason``, or when ``expected_signature`` (what
    the person confirmed) is not what the carry-over finds now."""
    old_doc = load_document(previous)
    result = preview(previous, document, confirmed, old_doc=old_doc)
    if expected_signature is not None and expected_signature != result.signature():
        raise CarryOverError(
            _(
                "Revision %(revision)s changed since this preview was shown (realisasi entered, or "
                "another revision saved): look at the preview again and confirm."
            )
            % {"revision": previous.revision}
        )
    if result.left_behind and not leave_behind:
        raise CarryOverError(
            _(
                "%(count)s realisasi of indicators that are not in the new revision would stay on "
                "revision %(revision)s only: confirm that they are left behind."
            )
            % {"count": result.realisations_left, "revision": previous.revision}
        )
    reason = (unlock_reason or "").strip()
    if result.verified_changes and not reason:
        raise CarryOverError(
            _(
                "The new revision changes %(periods)s, which is verified: it can only be saved "
                "with a reason, by someone who may unlock verified periods."
            )
            % {"periods": ", ".join(sorted({c.period for c in result.verified_changes}))}
        )
    prepared = Prepared(previous=previous, result=result, reason=reason)
    old_ind = {p: old_doc.indicators[id(i)] for p, i, _n in indicator_paths(old_doc.core)}
    new_ind = {p: i for p, i, _n in indicator_paths(document)}
    for path, pair in result.matching.indicators.items():
        if pair.certain or path in result.confirmed:
            old, new = old_ind[pair.old], new_ind[path]
            prepared.indicators[id(new)] = old
            prepared.settings[id(new)] = {
                name: getattr(old, name)
                for name in SETTINGS
                if name == "to_confirm" or name not in (new.extra or {})
            }
    old_nodes = {p: old_doc.nodes[id(n)] for p, n, _parent in node_paths(old_doc.core)}
    new_nodes = {p: n for p, n, _parent in node_paths(document)}
    for path, pair in result.matching.nodes.items():
        if pair.certain or path in result.confirmed:
            prepared.nodes[id(new_nodes[path])] = old_nodes[pair.old]
    return prepared


def copy_work(
    *, prepared: Prepared, plan: Plan, saved: dict[int, Node | Indicator], user, written: list
) -> Preview:
    """Copy the old revision's realisasi, evidence, budget spent and reports into ``plan``, just
    saved from the document with ``prepared`` applied (``saved``: id(core object) → its new row),
    inside the caller's transaction. Files copied are appended to ``written`` (removed by the
    caller if the transaction fails)."""
    previous, result, reason = prepared.previous, prepared.result, prepared.reason
    indicator_map = {old.pk: saved[key] for key, old in prepared.indicators.items()}
    node_map = {old.pk: saved[key] for key, old in prepared.nodes.items()}
    periods = set(plan.periods)
    realisations = [
        r
        for r in Realisation.objects.filter(indicator_id__in=list(indicator_map))
        if r.period in periods
    ]
    copies = [_copy(r, indicator_id=indicator_map[r.indicator_id].pk) for r in realisations]
    created = Realisation.objects.bulk_create(copies)
    realisation_map = {old.pk: new for old, new in zip(realisations, created, strict=True)}
    evidence = list(Evidence.objects.filter(realisation_id__in=list(realisation_map)))
    Evidence.objects.bulk_create(
        [
            _copy_evidence(
                e, plan=plan, realisation=realisation_map[e.realisation_id], written=written
            )
            for e in evidence
        ]
    )
    BudgetSpent.objects.bulk_create(
        [
            _copy(s, node_id=node_map[s.node_id].pk)
            for s in BudgetSpent.objects.filter(node_id__in=list(node_map))
            if s.period in periods
        ]
    )
    reports = [
        _copy(r, plan_id=plan.pk)
        for r in Report.objects.filter(plan=previous)
        if r.period in periods
    ]
    reopened = sorted({c.period for c in result.verified_changes})
    now = timezone.now()
    for report in reports:
        if report.period in reopened:
            # As ``services.unlock_report`` reopens a period: the verification's note is kept,
            # the unlock (who, when, why) is the latest decision the sheet and reports show.
            report.state = Report.State.RETURNED
            report.unlocked_by = user if getattr(user, "pk", None) else None
            report.unlocked_at, report.unlock_reason = now, reason
    Report.objects.bulk_create(reports)
    plan.carried_from = previous
    plan.save(update_fields=["carried_from"])
    audit.record_many(
        [
            {
                "user": user,
                "plan": plan,
                "kind": History.Kind.IMPORT,
                "subject": plan.source_name,
                "field": "carried_over",
                "old": f"revisi {previous.revision}",
                "new": _("%(realisations)s realisasi, %(evidence)s evidence, %(periods)s periods")
                % {
                    "realisations": len(created),
                    "evidence": len(evidence),
                    "periods": len(reports),
                },
            },
            *(
                {
                    "user": user,
                    "plan": plan,
                    "period": period,
                    "kind": History.Kind.STATE,
                    "field": "state",
                    "old": Report.State.VERIFIED,
                    "new": Report.State.RETURNED,
                    "reason": reason,
                }
                for period in reopened
            ),
        ]
    )
    return result


def _copy(row, **changes):
    """A new row with the fields of ``row`` (its id left out), ``changes`` applied: every field
    a model has, those added later included, is carried (a time kept by the database itself,
    ``auto_now``, becomes the carry-over's)."""
    model = type(row)
    values = {
        f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if not f.primary_key
    }
    values.update(changes)
    return model(**values)


def _copy_evidence(evidence: Evidence, *, plan: Plan, realisation: Realisation, written: list):
    """A copy of an evidence row with its own copy of the file: removing the evidence from one
    revision leaves the other's file in place."""
    copy = _copy(evidence, id=uuid.uuid4(), plan_id=plan.pk, realisation_id=realisation.pk)
    if evidence.file:
        try:
            with evidence.file.open("rb") as source:
                data = source.read()
        except OSError:
            # The stored file is gone (a restore without media): the row is carried without it,
            # its name kept, as the old revision shows it.
            log.warning("evidence file %s missing; carried without its file", evidence.file.name)
            copy.file = ""
            return copy
        copy.file = None
        copy.file.save(copy.id.hex, ContentFile(data), save=False)
        written.append((copy.file.storage, copy.file.name))
    return copy
