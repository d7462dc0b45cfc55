"""Reminder e-mails: one message per unit that has not submitted a period's monitoring report.

``build_digests`` looks at every unit of a kabupaten for one year and period
(``selectors.unit_statuses``) and, for each unit still to submit (no plan yet, draft or returned),
writes one message in Bahasa Indonesia to the unit's operators and head: the plan, the period,
the due date and whether it has passed, the state (with the reviewer's note when returned), how many
indicators still have no realisasi (and the first of them), and the link to the quarter's sheet.
A unit whose people have no e-mail address still gets its digest, with no recipients, so that the
caller can say so. ``send_digests`` sends them over one connection.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from email.utils import formataddr

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ...core.periods import period_label
from ..accounts.models import Profile, Role, Unit
from ..plans.models import Indicator, Node, Plan
from .models import Realisation, Report
from .selectors import UnitStatus, _document_order, unit_statuses

# The states that still owe a submission; submitted and verified units get no reminder.
DUE_STATES = ("no-plan", Report.State.DRAFT, Report.State.RETURNED)
# How many of the indicators without realisasi a message names.
NAMES_SHOWN = 5
LANGUAGE = "id"


@dataclass
class Digest:
    """The one reminder a unit gets for a period."""

    unit: Unit
    plan: Plan | None
    year: int
    period: str
    due: dt.date | None
    late: bool
    state: str  # "no-plan", "draft" or "returned"
    note: str  # the reviewer's note of a returned report
    reopened: str  # who unlocked a verified report, when and why (instead of a note)
    indicators: int  # indicators of the plan
    missing: int  # of which without realisasi for the period
    missing_names: list[str]  # the first few of them, in document order
    url: str
    recipients: list[str] = field(default_factory=list)
    subject: str = ""
    body: str = ""

    def message(self, connection=None) -> mail.EmailMessage:
        return mail.EmailMessage(
            subject=self.subject,
            body=self.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=self.recipients,
            connection=connection,
        )


def due_statuses(kabupaten: Unit, year: int, period: str) -> tuple[list[UnitStatus], set[int]]:
    """Every unit's status, and the ids of those that still owe this period's report."""
    statuses = unit_statuses(kabupaten, year, period)
    owing = {
        s.unit.pk
        for s in statuses
        if s.state in DUE_STATES and (s.plan is None or period in s.plan.periods)
    }
    return statuses, owing


def build_digests(*, kabupaten: Unit, year: int, period: str, today: dt.date) -> list[Digest]:
    """One digest per unit of the kabupaten that is late or has not submitted ``period`` yet."""
    statuses, owing = due_statuses(kabupaten, year, period)
    statuses = [s for s in statuses if s.unit.pk in owing]
    if not statuses:
        return []
    recipients = _recipients([s.unit for s in statuses])
    missing = _missing_realisations([s.plan for s in statuses if s.plan], period)
    digests = []
    with translation.override(LANGUAGE):
        for status in statuses:
            plan = status.plan
            total, names = missing.get(plan.pk, (0, [])) if plan else (0, [])
            if plan is not None:
                url = reverse("monitoring_sheet", args=[plan.pk, period])
            else:
                url = reverse("unit_detail", args=[status.unit.pk])
            digest = Digest(
                unit=status.unit,
                plan=plan,
                year=year,
                period=period,
                due=status.due,
                # Owing the report past its due date (a returned report too): the reminder's
                # "late", not the lateness recorded at a first submission (UnitStatus.late).
                late=bool(status.due and today > status.due),
                state=status.state,
                note=_reviewer_note(status.report),
                reopened=_reopened(status.report),
                indicators=total,
                missing=len(names),
                missing_names=names[:NAMES_SHOWN],
                url=settings.RENAKSI_SITE_URL.rstrip("/") + url,
                recipients=recipients.get(status.unit.pk, []),
            )
            digest.subject = _subject(digest)
            digest.body = _body(digest, today)
            digests.append(digest)
    return digests


def _reviewer_note(report: Report | None) -> str:
    """The reviewer's note of a report returned by its reviewer (not of one an administrator
    unlocked: that note belongs to the verification the unlock undid)."""
    if report is None or report.state != Report.State.RETURNED or report.reopened:
        return ""
    return report.reviewer_note


def _reopened(report: Report | None) -> str:
    """Who unlocked a returned report, when and why (empty unless it was unlocked)."""
    if report is None or report.state != Report.State.RETURNED or not report.reopened:
        return ""
    who = report.unlocked_by
    return _("Reopened by %(who)s (%(date)s): %(reason)s") % {
        "who": (who.get_full_name() or who.get_username()) if who else "—",
        "date": formats.date_format(timezone.localtime(report.unlocked_at), "j F Y"),
        "reason": report.unlock_reason,
    }


def send_digests(digests: list[Digest]) -> int:
    """Send every digest that has recipients over one connection; the number of messages sent."""
    deliverable = [d for d in digests if d.recipients]
    if not deliverable:
        return 0
    connection = mail.get_connection()
    return connection.send_messages([d.message(connection) for d in deliverable]) or 0


def _recipients(units: list[Unit]) -> dict[int, list[str]]:
    """Each unit's operators and head with an e-mail address (one query)."""
    found: dict[int, list[str]] = defaultdict(list)
    profiles = (
        Profile.objects.filter(
            unit__in=units, role__in=(Role.OPERATOR, Role.HEAD), user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username", "pk")
    )
    for profile in profiles:
        user = profile.user
        address = formataddr((user.get_full_name(), user.email.strip()))
        if address not in found[profile.unit_id]:
            found[profile.unit_id].append(address)
    return found


def _missing_realisations(plans: list[Plan], period: str) -> dict[int, tuple[int, list[str]]]:
    """plan id → (number of indicators, names of those without realisasi, in document order)."""
    if not plans:
        return {}
    nodes = defaultdict(dict)
    for node in Node.objects.filter(plan__in=plans).only("id", "plan_id", "parent_id", "position"):
        nodes[node.plan_id][node.pk] = node
    order = {}
    for plan_nodes in nodes.values():
        order.update(_document_order(plan_nodes))
    filled = set(
        Realisation.objects.filter(indicator__node__plan__in=plans, period=period)
        .exclude(value__isnull=True, text="")
        .values_list("indicator_id", flat=True)
    )
    indicators = Indicator.objects.filter(node__plan__in=plans).values_list(
        "id", "node_id", "node__plan_id", "position", "name"
    )
    by_plan: dict[int, list[tuple]] = defaultdict(list)
    for pk, node_id, plan_id, position, name in indicators:
        by_plan[plan_id].append((order.get(node_id, 0), position, pk, name))
    result = {}
    for plan_id, rows in by_plan.items():
        rows.sort()
        result[plan_id] = (len(rows), [name for _o, _p, pk, name in rows if pk not in filled])
    return result


def _subject(d: Digest) -> str:
    values = {"unit": d.unit.name, "period": period_label(d.period), "year": d.year}
    if d.late:
        return _("[Renaksi] Late: %(unit)s has not submitted %(period)s %(year)s") % values
    if d.state == Report.State.RETURNED:
        return (
            _("[Renaksi] Returned: %(unit)s must correct and resubmit %(period)s %(year)s") % values
        )
    return _("[Renaksi] Reminder: %(unit)s has not submitted %(period)s %(year)s yet") % values


def _state_label(state: str) -> str:
    if state == "no-plan":
        return _("no plan entered")
    return str(Report.State(state).label)


def _body(d: Digest, today: dt.date) -> str:
    period = period_label(d.period)
    lines = [_("To the operators and the head of %(unit)s,") % {"unit": d.unit.name}, ""]
    if d.plan is None:
        lines.append(
            _(
                "No Rencana Aksi of %(year)s has been entered for this unit yet, so its monitoring report for %(period)s cannot be submitted."
            )
            % {"year": d.year, "period": period}
        )
    elif d.state == Report.State.RETURNED:
        lines.append(
            _(
                "The monitoring report below was returned by the reviewer: correct it and submit it again."
            )
        )
    else:
        lines.append(
            _(
                "The monitoring report of the Rencana Aksi below has not been submitted for verification yet."
            )
        )
    lines.append("")
    if d.plan is not None:
        lines.append(_("Plan: %(plan)s") % {"plan": str(d.plan)})
    lines.append(_("Period: %(period)s %(year)s") % {"period": period, "year": d.year})
    if d.due is None:
        lines.append(_("Due date: not set yet"))
    else:
        date = formats.date_format(d.due, "j F Y")
        if d.late:
            days = (today - d.due).days
            lines.append(
                ngettext(
                    "Due date: %(date)s (%(days)d day late)",
                    "Due date: %(date)s (%(days)d days late)",
                    days,
                )
                % {"date": date, "days": days}
            )
        else:
            lines.append(_("Due date: %(date)s") % {"date": date})
    lines.append(_("State: %(state)s") % {"state": _state_label(d.state)})
    if d.note:
        lines.append(_("Reviewer's note: %(note)s") % {"note": d.note})
    if d.reopened:
        lines.append(d.reopened)
    if d.plan is not None:
        lines.append("")
        if d.missing:
            lines.append(
                ngettext(
                    "%(missing)d of %(total)d indicators has no realisasi yet:",
                    "%(missing)d of %(total)d indicators have no realisasi yet:",
                    d.missing,
                )
                % {"missing": d.missing, "total": d.indicators}
            )
            lines.extend(f"  - {name}" for name in d.missing_names)
            more = d.missing - len(d.missing_names)
            if more > 0:
                lines.append(
                    "  "
                    + ngettext("… and %(count)d more", "… and %(count)d more", more)
                    % {"count": more}
                )
        else:
            lines.append(_("Every indicator has its realisasi: only the submission is missing."))
        lines.append("")
        lines.append(_("Fill it in and submit it here: %(url)s") % {"url": d.url})
    else:
        lines.append("")
        lines.append(_("Import the plan here: %(url)s") % {"url": d.url})
    lines += [
        "",
        "-- ",
        _(
            "This message was sent automatically by Renaksi. Questions: your kabupaten's administrator."
        ),
    ]
    return "\n".join(lines) + "\n"
