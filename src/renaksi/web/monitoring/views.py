"""Quarterly monitoring pages: the realisasi sheet, the workflow, evidence, history, the kabupaten.

As in the plan pages, every view gets its objects through ``access`` with the action it performs
(never deciding access itself), reads its input with ``forms``, writes through ``services`` and
reads through ``selectors``. Capaian comes from the domain core's engine only (through
``selectors``): the page's live figures are the server's answer, never a formula in JavaScript.

The sheet saves each row with its own atomic service call, naming the version the row was loaded
with: a row someone else saved meanwhile is refused with a message on that row (nothing is
overwritten) while the other rows are saved. A file or link attached on a row is saved with that
row's value in the same call (all or nothing for the row).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import (
    FileResponse,
    Http404,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ...core import submission
from ...core.numbers import format_number
from ...core.periods import MONTHS, QUARTERS
from .. import access
from ..access import Action
from ..accounts.models import Unit
from ..plans.forms import format_value, parse_value, period_heading
from ..plans.models import LEVEL_LABELS, Indicator, Node, Plan
from ..plans.selectors import decimal_to_number
from ..plans.services import to_decimal
from . import selectors, services
from .forms import (
    EVIDENCE_ACCEPT,
    DeadlineForm,
    LateFilterForm,
    PeriodForm,
    ReviewForm,
    RowInput,
    SpentInput,
    SubmitForm,
    UnlockForm,
    read_row,
    read_spent,
)
from .models import BudgetSpent, Deadline, DeadlineChange, History, Realisation, Report
from .services import Conflict, EvidenceError, MonitoringError, Unconfirmed

NOT_MEASURABLE = "—"
STATE_LABELS = dict(Report.State.choices)
# Why a capaian cannot be computed: the engine's reasons, in the active language.
REASONS = {
    "no realisation for this period": gettext_lazy("No realisasi for this period"),
    "no realisation": gettext_lazy("No realisasi for this period"),
    "no target": gettext_lazy("No target for this period"),
    "text target and realisation cannot be compared": gettext_lazy(
        "The text target and the realisasi cannot be compared"
    ),
    "text realisation against a numeric target": gettext_lazy(
        "A text realisasi cannot be compared with a numeric target"
    ),
    "the baseline formula needs a baseline": gettext_lazy("The baseline formula needs a baseline"),
    "baseline equals target": gettext_lazy("The baseline equals the target"),
    "no periods": gettext_lazy("The plan has no periods"),
}
# History: what each recorded field is called on the page.
FIELD_LABELS = {
    "value": gettext_lazy("Realisasi"),
    "actual": gettext_lazy("Realisasi"),
    "target": gettext_lazy("Target"),
    "obstacles": gettext_lazy("Obstacles"),
    "supporting_factors": gettext_lazy("Supporting factors"),
    "follow_up": gettext_lazy("Follow-up"),
    "evidence": gettext_lazy("Evidence"),
    "state": gettext_lazy("State"),
    "spent": gettext_lazy("Budget spent"),
    # The audit log's other changes
    "created": gettext_lazy("Created"),
    "deleted": gettext_lazy("Deleted"),
    "position": gettext_lazy("Order"),
    "revision": gettext_lazy("Revision"),
    "status": gettext_lazy("Status"),
    "reading": gettext_lazy("Reading of the document"),
    "workbook": gettext_lazy("Kabupaten workbook"),
    "password": gettext_lazy("Password"),
    "two_factor": gettext_lazy("Two-step login"),
    "due": gettext_lazy("Due date"),
    "days_late": gettext_lazy("Days late"),
}
NUMERIC_FIELDS = {"value", "actual", "target", "spent", "annual_value", "weight"}
CHOICE_LABELS = {
    "polarity": dict(Indicator.Polarity.choices),
    "aggregation": dict(Indicator.Aggregation.choices),
    "target_mode": dict(Indicator.TargetMode.choices),
    "state": STATE_LABELS,
}
HISTORY_LIMIT = 500


def _short(text: str) -> str:
    return Truncator(text).chars(60)


def _period_or_404(plan: Plan, period: str) -> None:
    if period not in (plan.periods or []):
        raise Http404("no such period")


def _sheet_url(plan_id: int, period: str, anchor: str = "") -> str:
    url = reverse("monitoring_sheet", args=[plan_id, period])
    return f"{url}#{anchor}" if anchor else url


def _csrf_input(request):
    return format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
    )


def percent_text(value: float | None) -> str:
    """A capaian as the page shows it: 80 → "80", 66.6667 → "66,67"; "—" when not measurable."""
    if value is None:
        return NOT_MEASURABLE
    return format_number(round(value, 2))


def reason_text(reason: str | None) -> str:
    if not reason:
        return ""
    return str(REASONS.get(reason, reason))


def _state_label(state: str) -> str:
    if state == "no-plan":
        return _("No plan")
    return str(STATE_LABELS.get(state, state))


# ---------------------------------------------------------------------------------------------
# The sheet as the page shows it: plain rows built in Python, no query in the template

_MARK = 987654321
_UUID_MARK = uuid.UUID(int=0)


class Links:
    """Per-row URLs formatted from patterns reversed once (not once per row)."""

    def __init__(self, period: str):
        def pattern(name: str, *rest) -> str:
            return reverse(name, args=[_MARK, *rest]).replace(str(_MARK), "{}")

        self.history = pattern("indicator_history")
        self.capaian = pattern("monitoring_capaian", period)
        self.download = reverse("evidence_download", args=[_UUID_MARK]).replace(
            str(_UUID_MARK), "{}"
        )
        self.delete = reverse("evidence_delete", args=[_UUID_MARK]).replace(str(_UUID_MARK), "{}")


@dataclass
class EvidenceItem:
    name: str
    url: str
    is_link: bool
    size: str = ""
    key: str = ""  # the evidence's id as hex: the id of its delete form
    delete_url: str = ""


@dataclass
class Line:
    """One row of the sheet's table: a node heading, or an indicator with its fields."""

    kind: str  # "node" or "indicator"
    node: Node
    depth: int = 0
    level_label: str = ""
    # node: budget (pagu), budget spent and absorption
    show_spent: bool = False
    budget: str = ""
    spent: str = ""
    spent_version: str = ""
    absorption: str = ""
    # node: the roll-up of the indicators in it and below it (none for a node without any)
    has_roll_up: bool = False
    roll_up_capaian: str = NOT_MEASURABLE
    roll_up_measured: int = 0
    roll_up_total: int = 0
    # indicator
    indicator: Indicator | None = None
    target: str = ""
    value: str = ""
    version: str = ""
    capaian: str = NOT_MEASURABLE
    category_key: str = ""  # an indicator's category, or a node's roll-up's
    category_label: str = ""
    reason: str = ""
    obstacles: str = ""
    factors: str = ""
    followup: str = ""
    evidence: list[EvidenceItem] = field(default_factory=list)
    link: str = ""  # after a failed save: the link typed (not saved), to be sent again
    history_url: str = ""
    capaian_url: str = ""
    # what went wrong with this row on the last save
    error: str = ""
    entered: str = ""  # after a conflict: what the person had typed (not saved)

    @property
    def has_narrative(self) -> bool:
        return bool(self.obstacles or self.factors or self.followup)


def _tree(nodes: list[Node]) -> list[tuple[Node, int]]:
    """The nodes in document order (depth first by position) with their depth."""
    children: dict[int | None, list[Node]] = defaultdict(list)
    for n in nodes:
        children[n.parent_id].append(n)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.position, n.pk))
    ordered: list[tuple[Node, int]] = []
    stack = [(n, 0) for n in reversed(children[None])]
    while stack:
        node, depth = stack.pop()
        ordered.append((node, depth))
        stack.extend((c, depth + 1) for c in reversed(children[node.pk]))
    return ordered


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{format_number(round(size / (1024 * 1024), 1))} MB"
    return f"{format_number(max(1, round(size / 1024)))} KB"


def _spent_number(amount: Decimal | None):
    return decimal_to_number(amount) if amount is not None else None


def build_lines(
    sheet: selectors.Sheet,
    nodes: list[Node],
    links: Links,
    rows_in: dict[int, RowInput] | None = None,
    spent_in: dict[int, SpentInput] | None = None,
    errors: dict[str, str] | None = None,
) -> list[Line]:
    """The page's rows: each node as a heading, its indicators below; what a failed save left
    (``rows_in``/``spent_in``: the person's input; ``errors``: "i<id>"/"n<id>" → message)."""
    rows_in, spent_in, errors = rows_in or {}, spent_in or {}, errors or {}
    by_node: dict[int, list[selectors.SheetRow]] = defaultdict(list)
    for row in sheet.rows:
        by_node[row.indicator.node_id].append(row)
    lines: list[Line] = []
    for node, depth in _tree(nodes):
        spent = sheet.spent.get(node.pk)
        heading = Line(
            kind="node",
            node=node,
            depth=depth,
            level_label=str(LEVEL_LABELS.get(node.level, node.level)),
            show_spent=node.level == "subkegiatan" or node.budget is not None,
            budget=format_value(_spent_number(node.budget)),
            spent=format_value(_spent_number(spent.amount)) if spent else "",
            spent_version=str(spent.version) if spent else "",
        )
        roll = sheet.node_roll_ups.get(node.pk)
        if roll is not None:
            heading.has_roll_up = True
            heading.roll_up_capaian = percent_text(roll.value)
            heading.category_key = roll.category.key if roll.category else ""
            heading.category_label = roll.category.label if roll.category else ""
            heading.roll_up_measured, heading.roll_up_total = roll.measured, roll.total
        if spent and node.budget:
            heading.absorption = percent_text(float(spent.amount / node.budget * 100))
        typed = spent_in.get(node.pk)
        if typed is not None and f"n{node.pk}" in errors:
            heading.error = errors[f"n{node.pk}"]
            if typed.error:  # invalid input: show it for correction
                heading.spent, heading.spent_version = typed.text, typed.version_text
            else:  # a conflict: show what is saved now, and what was typed
                heading.entered = typed.text
        lines.append(heading)
        for row in by_node.get(node.pk, []):
            lines.append(_indicator_line(row, node, depth, links, rows_in, errors))
    return lines


def _indicator_line(row, node, depth, links: Links, rows_in, errors) -> Line:
    indicator = row.indicator
    realisation = row.realisation
    achievement = row.achievement
    unit = f" {indicator.unit}" if indicator.unit and row.target is not None else ""
    line = Line(
        kind="indicator",
        node=node,
        depth=depth,
        indicator=indicator,
        target=(format_value(row.target) + unit) if row.target is not None else "",
        value=format_value(row.value),
        version=str(realisation.version) if realisation else "",
        capaian=percent_text(achievement.raw),
        category_key=achievement.category.key if achievement.category else "",
        category_label=achievement.category.label if achievement.category else "",
        reason=reason_text(achievement.reason),
        obstacles=realisation.obstacles if realisation else "",
        factors=realisation.supporting_factors if realisation else "",
        followup=realisation.follow_up if realisation else "",
        evidence=[
            EvidenceItem(
                name=e.original_name or e.link,
                url=links.download.format(e.pk),
                is_link=bool(e.link),
                size=_size(e.size) if not e.link else "",
                key=e.pk.hex,
                delete_url=links.delete.format(e.pk),
            )
            for e in row.evidence
        ],
        history_url=links.history.format(indicator.pk),
        capaian_url=links.capaian.format(indicator.pk),
    )
    typed = rows_in.get(indicator.pk)
    if typed is not None and f"i{indicator.pk}" in errors:
        line.error = errors[f"i{indicator.pk}"]
        line.link = typed.link  # never saved when the row failed
        if typed.error:
            # Invalid input: give it back as typed, to be corrected.
            line.value, line.version = typed.text, typed.version_text
            line.obstacles, line.factors, line.followup = (
                typed.obstacles,
                typed.supporting_factors,
                typed.follow_up,
            )
        else:
            # Someone saved first: show what is saved now (its version), and what was typed.
            line.entered = typed.text
    return line


# ---------------------------------------------------------------------------------------------
# The sheet


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def monitoring_sheet(request, plan_id: int, period: str):
    """One plan's realisasi for one period: GET shows it, POST saves it as a draft."""
    if request.method == "POST":
        plan = access.access_plan(request.user, plan_id, Action.REPORT)
        _period_or_404(plan, period)
        return _save_sheet(request, plan, period)
    plan = access.access_plan(request.user, plan_id, Action.VIEW)
    _period_or_404(plan, period)
    return _render_sheet(request, plan, period)


def _report_links(plan: Plan, period: str) -> list[dict]:
    from ..reportjobs.views import download_links

    return download_links(plan, period)


def _render_sheet(request, plan: Plan, period: str, failed=None, status: int = 200):
    """The page. ``failed``: (rows typed, spent typed, errors) of a save that left errors."""
    sheet = selectors.quarter_sheet(plan, period)
    nodes = list(Node.objects.filter(plan=plan))
    rows_in, spent_in, errors = failed or ({}, {}, {})
    lines = build_lines(sheet, nodes, Links(period), rows_in, spent_in, errors)
    user = request.user
    report = sheet.report
    state = sheet.state
    can_report = access.can(user, plan.unit, Action.REPORT)
    # A replaced revision is kept as it was (its work went on in the newer one): read only.
    replaced = not plan.is_current
    current = (
        Plan.objects.filter(unit=plan.unit_id, year=plan.year, is_current=True)
        .order_by("version")
        .last()
        if replaced
        else None
    )
    editable = can_report and not replaced and state in (Report.State.DRAFT, Report.State.RETURNED)
    reports = {r.period: r for r in Report.objects.filter(plan=plan)}
    tabs = [
        {
            "period": p,
            "heading": period_heading(p),
            "state": reports[p].state if p in reports else Report.State.DRAFT,
            "state_label": _state_label(reports[p].state if p in reports else "draft"),
            "url": _sheet_url(plan.pk, p),
            "current": p == period,
        }
        for p in plan.periods
    ]
    roll = sheet.roll_up
    context = {
        "report_links": _report_links(plan, period),
        "plan": plan,
        "unit": plan.unit,
        "period": period,
        "period_heading": period_heading(period),
        "lines": lines,
        "tabs": tabs,
        "report": report,
        "state": state,
        "state_label": _state_label(state),
        "editable": editable,
        "can_report": can_report,
        "can_submit": editable,
        "replaced": replaced,
        "current_url": _sheet_url(current.pk, period)
        if current is not None and period in current.periods
        else (reverse("plan_detail", args=[current.pk]) if current is not None else ""),
        "can_verify": not replaced
        and access.can(user, plan.unit, Action.VERIFY)
        and state == Report.State.SUBMITTED,
        "own_submission": bool(report and report.submitted_by_id == user.pk),
        "can_unlock": not replaced
        and access.can(user, plan.unit, Action.UNLOCK)
        and state == Report.State.VERIFIED,
        "roll_up": {
            "value": percent_text(roll.value),
            "category": roll.category.label if roll.category else "",
            "category_key": roll.category.key if roll.category else "",
            "measured": roll.measured,
            "total": roll.total,
            "met": roll.met,
        },
        "failed": bool(errors),
        "accept": EVIDENCE_ACCEPT,
        "csrf_input": _csrf_input(request),
    }
    return render(request, "monitoring/sheet.html", context, status=status)


def _same_realisation(current: Realisation | None, row: RowInput) -> bool:
    """Would saving ``row`` change nothing of what is stored?"""
    number, text = to_decimal(row.value)
    if current is None:
        return (
            number is None
            and not text
            and not (row.obstacles or row.supporting_factors or row.follow_up)
        )
    return (
        current.value == number
        and (current.text or "") == text
        and current.obstacles.strip() == row.obstacles
        and current.supporting_factors.strip() == row.supporting_factors
        and current.follow_up.strip() == row.follow_up
    )


def _row_error(row: RowInput, error: str) -> str:
    """A row's error; a file sent with a row that was not saved must be chosen again (a page
    cannot give a file input back)."""
    if row.upload is None:
        return error
    return " ".join(
        (
            error,
            _("The file “%(name)s” was not attached: choose it again.")
            % {"name": _short(services.safe_name(row.upload.name))},
        )
    )


def _save_sheet(request, plan: Plan, period: str):
    """Save every changed row, each in its own transaction; a refused row does not stop the rest."""
    data = request.POST
    indicators = list(
        Indicator.objects.filter(node__plan=plan).select_related("node", "node__plan")
    )
    for indicator in indicators:
        indicator.node.plan = plan  # the checked plan, with its unit
    current = {
        r.indicator_id: r
        for r in Realisation.objects.filter(indicator__node__plan=plan, period=period)
    }
    rows_in: dict[int, RowInput] = {}
    spent_in: dict[int, SpentInput] = {}
    errors: dict[str, str] = {}
    saved = 0
    refused = ""
    added: list[str] = []
    for indicator in indicators:
        row = read_row(data, indicator.pk, request.FILES)
        if row is None:
            continue
        rows_in[indicator.pk] = row
        key = f"i{indicator.pk}"
        if row.error:
            errors[key] = _row_error(row, row.error)
            continue
        if not row.has_evidence and _same_realisation(current.get(indicator.pk), row):
            continue
        fields = {
            "indicator": indicator,
            "period": period,
            "value": row.value,
            "obstacles": row.obstacles,
            "supporting_factors": row.supporting_factors,
            "follow_up": row.follow_up,
            "expected_version": row.version,
            "user": request.user,
        }
        try:
            if row.has_evidence:
                _realisation, evidence = services.save_realisation_with_evidence(
                    **fields, upload=row.upload, link=row.link
                )
                added.extend(e.original_name or e.link for e in evidence)
            else:
                services.save_realisation(**fields)
        except Conflict as exc:
            errors[key] = _row_error(row, str(exc))
        except EvidenceError as exc:
            # Nothing of the row was saved: what was typed is given back, to be corrected.
            row.error = _("%(error)s; nothing of this row was saved.") % {"error": exc}
            errors[key] = _row_error(row, row.error)
        except MonitoringError as exc:  # the period cannot be changed (submitted, verified)
            refused = str(exc)
            break
        else:
            saved += 1
    if not refused:
        nodes = [
            n for n in Node.objects.filter(plan=plan) if f"spent-{n.pk}" in data
        ]  # only the nodes whose budget spent the form carried
        spent_now = {
            s.node_id: s for s in BudgetSpent.objects.filter(node__plan=plan, period=period)
        }
        for node in nodes:
            node.plan = plan
            spent = read_spent(data, node.pk)
            spent_in[node.pk] = spent
            if spent.error:
                errors[f"n{node.pk}"] = spent.error
                continue
            stored = spent_now.get(node.pk)
            if (stored.amount if stored else None) == spent.amount:
                continue
            try:
                services.save_budget_spent(
                    node=node,
                    period=period,
                    amount=spent.amount,
                    expected_version=spent.version,
                    user=request.user,
                )
            except Conflict as exc:
                errors[f"n{node.pk}"] = str(exc)
            except MonitoringError as exc:
                refused = str(exc)
                break
            else:
                saved += 1
    if refused:
        messages.error(request, refused)
        return redirect(_sheet_url(plan.pk, period))
    for name in added:
        messages.success(request, _("Evidence “%(name)s” added.") % {"name": _short(name)})
    if saved:
        messages.success(
            request,
            ngettext(
                "Saved %(count)s change of %(period)s as a draft.",
                "Saved %(count)s changes of %(period)s as a draft.",
                saved,
            )
            % {"count": saved, "period": period_heading(period)},
        )
    if errors:
        messages.error(
            request,
            ngettext(
                "%(count)s row was not saved: see the message on it below.",
                "%(count)s rows were not saved: see the messages on them below.",
                len(errors),
            )
            % {"count": len(errors)},
        )
        return _render_sheet(request, plan, period, (rows_in, spent_in, errors))
    if not saved:
        messages.info(request, _("Nothing changed."))
    return redirect(_sheet_url(plan.pk, period))


@login_required
@require_safe
def monitoring_capaian(request, indicator_id: int, period: str):
    """Capaian if ``?value=`` were this period's realisasi, from the server's engine (JSON)."""
    indicator = access.access_indicator(request.user, indicator_id, Action.VIEW)
    _period_or_404(indicator.node.plan, period)
    try:
        value = parse_value(request.GET.get("value", ""))
    except ValidationError as exc:  # too large, too long
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    result = selectors.live_achievement(indicator, period, value)
    return JsonResponse(
        {
            "raw": result.raw,
            "capped": result.capped,
            "category_key": result.category.key if result.category else None,
            "category_label": result.category.label if result.category else None,
            "reason": result.reason,
            "reason_label": reason_text(result.reason),
            "text": percent_text(result.raw),
        }
    )


# ---------------------------------------------------------------------------------------------
# The workflow: submit, review (verify or return), unlock


# What each kind of finding is called on the page before submitting, and what it means.
FINDING_HEADINGS = {
    submission.EMPTY: (
        gettext_lazy("Empty rows"),
        gettext_lazy("No realisasi, although the period has a target."),
    ),
    submission.NO_EVIDENCE: (
        gettext_lazy("Without evidence"),
        gettext_lazy("A realisasi, but no file or link as evidence."),
    ),
    submission.TEXT: (
        gettext_lazy("Text where a number is expected"),
        gettext_lazy("The target is a number; the realisasi is a text, so no capaian."),
    ),
    submission.FAR_FROM_TARGET: (
        gettext_lazy("Far from the target"),
        gettext_lazy(
            "The realisasi up to this period is more than twice the target (or, where lower is better, less than half of it): a typing slip such as 1.250 for 12,50?"
        ),
    ),
}


@login_required
@require_POST
def monitoring_submit(request, plan_id: int, period: str):
    """Submit a period: the first POST checks it (``submission_check``) and submits at once when
    there is nothing to look at; otherwise it shows the findings, and the period is submitted
    only by a second POST confirming exactly those findings (``confirm``: their fingerprint)."""
    plan = access.access_plan(request.user, plan_id, Action.REPORT)
    _period_or_404(plan, period)
    form = SubmitForm(request.POST)
    confirmed = form.cleaned_data["confirm"] if form.is_valid() else ""
    try:
        report = services.submit_report(
            plan=plan, period=period, user=request.user, confirmed=confirmed or False
        )
    except Unconfirmed as exc:
        return _render_check(request, plan, period, exc.check, changed=bool(confirmed))
    except MonitoringError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(period)s submitted for verification.") % {"period": period_heading(period)},
        )
        if report.days_late:
            messages.warning(
                request,
                ngettext(
                    "It was due on %(due)s: submitted %(days)s day late.",
                    "It was due on %(due)s: submitted %(days)s days late.",
                    report.days_late,
                )
                % {
                    "due": date_format(report.due_at_submission, "DATE_FORMAT"),
                    "days": report.days_late,
                },
            )
    return redirect(_sheet_url(plan.pk, period))


def _render_check(request, plan: Plan, period: str, check: submission.Check, changed: bool):
    """The findings of a period, each linking to its row on the sheet, to confirm or correct."""
    sections = []
    # The likeliest slips first (a value far from its target, a text for a number), the long
    # list of empty rows last.
    for kind in (
        submission.FAR_FROM_TARGET,
        submission.TEXT,
        submission.NO_EVIDENCE,
        submission.EMPTY,
    ):
        found = check.of(kind)
        if not found:
            continue
        heading, meaning = FINDING_HEADINGS[kind]
        sections.append(
            {
                "kind": kind,
                "heading": heading,
                "meaning": meaning,
                "count": len(found),
                "rows": [
                    {
                        "name": f.name,
                        "url": _sheet_url(plan.pk, period, f"indicator-{f.key}"),
                        "value": format_value(f.value),
                        "target": format_value(f.target),
                    }
                    for f in found
                ],
            }
        )
    return render(
        request,
        "monitoring/submit_check.html",
        {
            "plan": plan,
            "unit": plan.unit,
            "period": period,
            "period_heading": period_heading(period),
            "sheet_url": _sheet_url(plan.pk, period),
            "check": check,
            "rows_with_findings": len({f.key for f in check.findings}),
            "sections": sections,
            "changed": changed,
        },
    )


@login_required
@require_POST
def monitoring_review(request, report_id: int):
    report = access.access_report(request.user, report_id, Action.VERIFY)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        if "decision" in form.errors:
            return HttpResponseBadRequest(_("The decision must be verify or return."))
        # The note refused (too long, a NUL): said on the sheet, nothing changed.
        messages.error(request, " ".join(form.errors["note"]))
        return redirect(_sheet_url(report.plan_id, report.period))
    decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
    heading = period_heading(report.period)
    try:
        if decision == "verify":
            services.verify_report(report=report, user=request.user, note=note)
            done = _("%(period)s verified and locked.") % {"period": heading}
        else:
            services.return_report(report=report, user=request.user, note=note)
            done = _("%(period)s returned for correction.") % {"period": heading}
    except MonitoringError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect(_sheet_url(report.plan_id, report.period))


@login_required
@require_POST
def monitoring_unlock(request, report_id: int):
    report = access.access_report(request.user, report_id, Action.UNLOCK)
    form = UnlockForm(request.POST)
    if not form.is_valid():  # the reason refused (too long, a NUL): said, nothing changed
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect(_sheet_url(report.plan_id, report.period))
    reason = form.cleaned_data["reason"]
    try:
        services.unlock_report(report=report, user=request.user, reason=reason)
    except MonitoringError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(period)s unlocked: it can be corrected and submitted again.")
            % {"period": period_heading(report.period)},
        )
    return redirect(_sheet_url(report.plan_id, report.period))


# ---------------------------------------------------------------------------------------------
# Evidence (bukti dukung)


@login_required
@require_POST
def evidence_upload(request, realisation_id: int):
    """Attach a file and/or a link to a realisation (the file checked by content and size)."""
    realisation = access.access_realisation(request.user, realisation_id, Action.REPORT)
    plan = realisation.indicator.node.plan
    upload = request.FILES.get("file")
    link = (request.POST.get("link") or "").strip()
    added = []
    try:
        if upload is not None:
            added.append(
                services.add_evidence(realisation=realisation, upload=upload, user=request.user)
            )
        if link or upload is None:
            added.append(
                services.add_evidence(realisation=realisation, link=link, user=request.user)
            )
    except MonitoringError as exc:
        messages.error(request, str(exc))
    for evidence in added:
        messages.success(
            request,
            _("Evidence “%(name)s” added.")
            % {"name": _short(evidence.original_name or evidence.link)},
        )
    return redirect(
        _sheet_url(plan.pk, realisation.period, f"indicator-{realisation.indicator_id}")
    )


@login_required
@require_POST
def evidence_delete(request, evidence_id):
    """Remove a file or link wrongly attached (refused while the period is submitted or verified)."""
    evidence = access.access_evidence(request.user, evidence_id, Action.REPORT)
    realisation = evidence.realisation
    name = _short(evidence.original_name or evidence.link)
    try:
        services.delete_evidence(evidence=evidence, user=request.user)
    except MonitoringError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Evidence “%(name)s” removed.") % {"name": name})
    return redirect(
        _sheet_url(evidence.plan_id, realisation.period, f"indicator-{realisation.indicator_id}")
    )


@login_required
@require_safe
def evidence_download(request, evidence_id):
    """An evidence file, only through the gatekeeper: as an attachment, never rendered inline."""
    evidence = access.access_evidence(request.user, evidence_id, Action.VIEW)
    if evidence.link:
        if not evidence.link.lower().startswith(("https://", "http://")):
            raise Http404("no such evidence")
        return HttpResponseRedirect(evidence.link)
    if not evidence.file:
        raise Http404("no such evidence")
    try:
        handle = evidence.file.open("rb")
    except OSError as exc:
        raise Http404("no such evidence") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name or "bukti-dukung",
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response


# ---------------------------------------------------------------------------------------------
# History


@dataclass
class HistoryEntry:
    at: object
    user: str
    kind: str
    period: str
    field: str
    old: str
    new: str
    reason: str
    plan_level: bool


def _history_value(field_name: str, text: str) -> str:
    if not text:
        return ""
    choices = CHOICE_LABELS.get(field_name)
    if choices is not None:
        return str(choices.get(text, text))
    if field_name in NUMERIC_FIELDS:
        try:
            return format_value(decimal_to_number(Decimal(text)))
        except (InvalidOperation, ValueError):
            return text
    return text


def _field_label(field_name: str) -> str:
    if field_name in FIELD_LABELS:
        return str(FIELD_LABELS[field_name])
    for model in (Indicator, Node, Unit):
        try:
            return str(model._meta.get_field(field_name).verbose_name)
        except Exception:  # FieldDoesNotExist: a field of another kind of change
            continue
    return field_name


@login_required
@require_safe
def indicator_history(request, indicator_id: int):
    """Who changed what of an indicator and when (newest first), with its plan's workflow."""
    indicator = access.access_indicator(request.user, indicator_id, Action.VIEW)
    plan = indicator.node.plan
    entries = list(
        # Across revisions: the indicator's earlier forms (carried over: ``origin``) and the
        # workflow of every revision of the plan's year.
        History.objects.filter(
            Q(indicator=indicator.lineage)
            | Q(indicator__origin=indicator.lineage)
            | Q(
                plan__unit=plan.unit_id,
                plan__year=plan.year,
                indicator__isnull=True,
                node__isnull=True,
                kind=History.Kind.STATE,
            )
            | (
                Q(kind=History.Kind.BUDGET)
                & (Q(node=indicator.node.lineage) | Q(node__origin=indicator.node.lineage))
            )
        )
        .select_related("user")
        .order_by("-at", "-id")[: HISTORY_LIMIT + 1]
    )
    kinds = dict(History.Kind.choices)
    rows = [
        HistoryEntry(
            at=h.at,
            user=h.user.get_username() if h.user else "",
            kind=str(kinds.get(h.kind, h.kind)),
            period=period_heading(h.period) if h.period else "",
            field=_field_label(h.field),
            old=_history_value(h.field, h.old),
            new=_history_value(h.field, h.new),
            reason=h.reason,
            plan_level=h.indicator_id is None,
        )
        for h in entries[:HISTORY_LIMIT]
    ]
    return render(
        request,
        "monitoring/history.html",
        {
            "indicator": indicator,
            "node": indicator.node,
            "plan": plan,
            "unit": plan.unit,
            "rows": rows,
            "truncated": len(entries) > HISTORY_LIMIT,
            "limit": HISTORY_LIMIT,
            "periods": [(p, period_heading(p), _sheet_url(plan.pk, p)) for p in plan.periods],
        },
    )


# ---------------------------------------------------------------------------------------------
# A unit's monitoring: its current plans × periods


@login_required
@require_safe
def monitoring_overview(request, unit_id: int):
    unit = access.access_unit(request.user, unit_id, Action.VIEW)
    plans = list(unit.plans.filter(is_current=True).order_by("-year", "version"))
    settings = selectors.engine_settings(unit.parent)
    deadlines = {
        (d.year, d.period): d.due
        for d in Deadline.objects.filter(
            kabupaten_id=unit.parent_id, year__in={p.year for p in plans}
        )
    }
    summaries = selectors.period_summaries(plans, settings)
    today = timezone.localdate()
    rows = []
    for plan in plans:
        cells = []
        for period in plan.periods:
            summary = summaries[plan.pk][period]
            roll = summary.roll_up
            due = deadlines.get((plan.year, period))
            cells.append(
                {
                    "heading": period_heading(period),
                    "url": _sheet_url(plan.pk, period),
                    "state": summary.state,
                    "state_label": _state_label(summary.state),
                    "value": percent_text(roll.value),
                    "category": roll.category.label if roll.category else "",
                    "category_key": roll.category.key if roll.category else "",
                    "measured": roll.measured,
                    "total": roll.total,
                    "met": roll.met,
                    "due": due,
                    # As on the late-units page: not submitted past the due date, or first
                    # submitted after it (kept through a return or a verification).
                    "late": selectors.UnitStatus(
                        unit=unit, plan=plan, report=summary.report, due=due
                    ).late(today),
                }
            )
        rows.append({"plan": plan, "cells": cells})
    return render(
        request,
        "monitoring/overview.html",
        {"unit": unit, "rows": rows},
    )


# ---------------------------------------------------------------------------------------------
# The kabupaten: deadlines and late units


def _kabupaten_param(request) -> int | None:
    value = request.GET.get("kabupaten", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


PERIOD_ORDER = {p: i for i, p in enumerate((*QUARTERS, *MONTHS))}
# The due dates page lists the latest changes of the kabupaten's due dates, newest first.
DEADLINE_HISTORY_LIMIT = 50


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def deadline_list(request):
    """The kabupaten's due dates per year and period, with the latest changes of them (who, when,
    old → new); administrators set them, the inspectorate reads them."""
    if request.method == "POST":
        kabupaten = access.access_kabupaten(
            request.user, Action.DEADLINE, _kabupaten_param(request)
        )
        form = DeadlineForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.set_deadline(
                    kabupaten=kabupaten,
                    year=data["year"],
                    period=data["period"],
                    due=data["due"],
                    user=request.user,
                )
            except MonitoringError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Due date of %(period)s %(year)s set to %(due)s.")
                    % {
                        "period": period_heading(data["period"]),
                        "year": data["year"],
                        "due": data["due"].strftime("%d-%m-%Y"),
                    },
                )
                return redirect(request.get_full_path())
    else:
        kabupaten = access.access_kabupaten(request.user, Action.VIEW, _kabupaten_param(request))
        form = DeadlineForm(initial=PeriodForm.default(timezone.localdate()))
    deadlines = sorted(
        Deadline.objects.filter(kabupaten=kabupaten),
        key=lambda d: (-d.year, PERIOD_ORDER.get(d.period, 99), d.period),
    )
    late_url = reverse("late_units")
    changes = list(
        DeadlineChange.objects.filter(kabupaten=kabupaten).select_related("user")[
            : DEADLINE_HISTORY_LIMIT + 1
        ]
    )
    return render(
        request,
        "monitoring/deadlines.html",
        {
            "kabupaten": kabupaten,
            "changes": [
                {
                    "at": c.at,
                    "user": c.user.get_username() if c.user else "",
                    "year": c.year,
                    "period": period_heading(c.period),
                    "old": c.old,
                    "new": c.new,
                }
                for c in changes[:DEADLINE_HISTORY_LIMIT]
            ],
            "changes_truncated": len(changes) > DEADLINE_HISTORY_LIMIT,
            "changes_limit": DEADLINE_HISTORY_LIMIT,
            "form": form,
            "can_set": access.can(request.user, kabupaten, Action.DEADLINE),
            "deadlines": [
                {
                    "year": d.year,
                    "period": period_heading(d.period),
                    "due": d.due,
                    "late_url": f"{late_url}?year={d.year}&period={d.period}",
                    "delete_url": reverse("deadline_delete", args=[d.pk]),
                }
                for d in deadlines
            ],
        },
    )


@login_required
@require_POST
def deadline_delete(request, deadline_id: int):
    """Remove a due date (administrators): the period then has none, and nobody is late for it."""
    deadline = access.access_deadline(request.user, deadline_id, Action.DEADLINE)
    heading, year = period_heading(deadline.period), deadline.year
    try:
        services.delete_deadline(deadline=deadline, user=request.user)
    except MonitoringError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Due date of %(period)s %(year)s removed.") % {"period": heading, "year": year},
        )
    url = reverse("deadline_list")
    if request.user.is_superuser:
        url += f"?kabupaten={deadline.kabupaten_id}"
    return redirect(url)


@login_required
@require_safe
def late_units(request):
    """Every unit of the kabupaten with its report state for one period, its due date, and its
    lateness: not submitted past the due date (days overdue so far), or first submitted after
    it (days late, recorded then), whatever the state now; ``?show=`` filters."""
    kabupaten = access.access_kabupaten(request.user, Action.VIEW, _kabupaten_param(request))
    today = timezone.localdate()
    default = PeriodForm.default(today)
    asked = "year" in request.GET or "period" in request.GET
    form = PeriodForm(request.GET if asked else None, initial=default)
    choice = form.cleaned_data if asked and form.is_valid() else default
    year, period = choice["year"], choice["period"]
    show_form = LateFilterForm(request.GET)
    show = show_form.choice()
    statuses = selectors.unit_statuses(kabupaten, year, period)
    rows = []
    for s in statuses:
        has_period = s.plan is not None and period in (s.plan.periods or [])
        report = s.report if s.submitted else None
        rows.append(
            {
                "unit": s.unit,
                "plan": s.plan,
                "sheet_url": _sheet_url(s.plan.pk, period) if has_period else "",
                "state": s.state,
                "state_label": _state_label(s.state),
                "first_submitted_at": report.first_submitted_at if report else None,
                "submitted_at": report.submitted_at if report else None,
                "resubmitted": bool(report and report.submitted_at != report.first_submitted_at),
                "due_then": report.due_at_submission if report else None,
                "due": s.due,
                "overdue": s.days_overdue(today),
                "days_late": s.days_late,
                "late": s.late(today),
            }
        )
    counts = {
        "overdue": sum(1 for r in rows if r["overdue"]),
        "submitted_late": sum(1 for r in rows if r["days_late"]),
    }
    shown = {
        "all": rows,
        "late": [r for r in rows if r["late"]],
        "overdue": [r for r in rows if r["overdue"]],
        "submitted-late": [r for r in rows if r["days_late"]],
    }[show]
    return render(
        request,
        "monitoring/late_units.html",
        {
            "kabupaten": kabupaten,
            "form": form,
            "show_form": show_form,
            "show": show,
            "show_choices": LateFilterForm.SHOW_CHOICES,
            "year": year,
            "period": period,
            "period_heading": period_heading(period),
            "rows": shown,
            "all_count": len(rows),
            "late_count": sum(1 for r in rows if r["late"]),
            "counts": counts,
            "due": statuses[0].due if statuses else None,
            "today": today,
        },
    )
