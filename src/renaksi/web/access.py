"""The gatekeeper: the one module that decides who may see and do what.

Views never decide on their own: they call ``access_unit``, ``access_plan``, ``access_node``,
``access_indicator``, ``access_import``, ``access_report``, ``access_realisation``,
``access_evidence``, ``access_realisation_upload``, ``access_kabupaten`` or ``access_deadline``
with the action they are about to perform, and get the object back or an exception. Anything a
user may not even see is a 404 (no leak of what exists); something they may see but not change is
a 403.

Rules (by role, from the account's Profile):

=================  ===========================  ===============================================
role               sees                         does
=================  ===========================  ===============================================
admin              every unit of the kabupaten  everything there: edit, import, adopt, report,
                                                verify, unlock verified periods, set and remove
                                                deadlines, export the audit log
operator           their own unit               edit and import plans, enter realisasi, add and
                                                remove evidence, submit, report settings
head               their own unit               verify or return submitted reports, report
                                                settings (who signs, on what paper), adopt
                                                (penetapan) the unit's current plans
inspector          every unit of the kabupaten  nothing (reads everything, exports the audit
                                                log)
superuser          everything                   everything
=================  ===========================  ===============================================

Nobody verifies a report they submitted themselves (checked by the workflow service, which knows
who submitted).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from .accounts.models import Role, Unit
from .plans.models import ImportSession, Indicator, Node, Plan


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"  # change a plan: nodes, indicators, targets, settings
    IMPORT = "import"  # bring a document in as a new plan revision
    REPORT = "report"  # enter realisasi, narrative, evidence, budget spent; submit a period
    VERIFY = "verify"  # verify or return a submitted period
    UNLOCK = "unlock"  # reopen a verified period (with a reason)
    DEADLINE = "deadline"  # set or remove the kabupaten's due dates
    SETTINGS = "settings"  # the unit's report settings: who signs, where, on what paper
    AUDIT = "audit"  # read and export the audit log (the inspectorate, the kabupaten's office)
    ADOPT = "adopt"  # adopt a plan (penetapan): its structure and targets are then locked


_OPERATOR = {Action.VIEW, Action.EDIT, Action.IMPORT, Action.REPORT, Action.SETTINGS}
# The head signs (their name, their NIP) and adopts the unit's plan (penetapan).
_HEAD = {Action.VIEW, Action.VERIFY, Action.SETTINGS, Action.ADOPT}
_INSPECTOR = {Action.VIEW, Action.AUDIT}  # reads everything, the audit log included


def _profile(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "profile", None)


def visible_units(user) -> QuerySet[Unit]:
    """The units (not kabupaten) a user may see."""
    units = Unit.objects.filter(parent__isnull=False)
    if getattr(user, "is_superuser", False) and user.is_active:
        return units
    profile = _profile(user)
    if profile is None:
        return units.none()
    if profile.role in (Role.ADMIN, Role.INSPECTOR):
        kabupaten = profile.unit.parent_id or profile.unit_id
        return units.filter(Q(parent_id=kabupaten))
    return units.filter(pk=profile.unit_id)


def can(user, unit: Unit, action: Action) -> bool:
    """May ``user`` perform ``action`` on ``unit`` and what belongs to it?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    profile = _profile(user)
    if profile is None:
        return False
    kabupaten = profile.unit.parent_id or profile.unit_id
    if profile.role == Role.ADMIN:
        return unit.parent_id == kabupaten or unit.pk == kabupaten
    if profile.role == Role.INSPECTOR:
        return action in _INSPECTOR and (unit.parent_id == kabupaten or unit.pk == kabupaten)
    if unit.pk != profile.unit_id:
        return False
    if profile.role == Role.OPERATOR:
        return action in _OPERATOR
    if profile.role == Role.HEAD:
        return action in _HEAD
    return False


def _check(user, unit: Unit, action: Action) -> None:
    if not can(user, unit, Action.VIEW):
        raise Http404("not found")
    if action != Action.VIEW and not can(user, unit, action):
        raise PermissionDenied("not allowed")


def access_unit(user, unit_id: int, action: Action = Action.VIEW) -> Unit:
    unit = Unit.objects.filter(pk=unit_id, parent__isnull=False).select_related("parent").first()
    if unit is None:
        raise Http404("no such unit")
    _check(user, unit, action)
    return unit


def access_plan(user, plan_id: int, action: Action = Action.VIEW) -> Plan:
    plan = Plan.objects.select_related("unit", "unit__parent").filter(pk=plan_id).first()
    if plan is None:
        raise Http404("no such plan")
    _check(user, plan.unit, action)
    return plan


def access_node(user, node_id: int, action: Action = Action.VIEW) -> Node:
    node = Node.objects.select_related("plan", "plan__unit").filter(pk=node_id).first()
    if node is None:
        raise Http404("no such node")
    _check(user, node.plan.unit, action)
    return node


def access_indicator(user, indicator_id: int, action: Action = Action.VIEW) -> Indicator:
    indicator = (
        Indicator.objects.select_related("node", "node__plan", "node__plan__unit")
        .filter(pk=indicator_id)
        .first()
    )
    if indicator is None:
        raise Http404("no such indicator")
    _check(user, indicator.node.plan.unit, action)
    return indicator


def access_import(user, session_id, action: Action = Action.IMPORT) -> ImportSession:
    """An import waiting for confirmation: only its own unit's importers, and only its author."""
    session = ImportSession.objects.select_related("unit").filter(pk=session_id).first()
    if session is None:
        raise Http404("no such import")
    _check(user, session.unit, action)
    if session.created_by_id != user.pk and not user.is_superuser:
        raise Http404("no such import")
    return session


def access_report(user, report_id: int, action: Action = Action.VIEW):
    from .monitoring.models import Report

    report = Report.objects.select_related("plan", "plan__unit").filter(pk=report_id).first()
    if report is None:
        raise Http404("no such report")
    _check(user, report.plan.unit, action)
    return report


def access_evidence(user, evidence_id, action: Action = Action.VIEW):
    """Evidence files are served only through this check: another unit's file is a 404."""
    from .monitoring.models import Evidence

    evidence = Evidence.objects.select_related("plan", "plan__unit").filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404("no such evidence")
    _check(user, evidence.plan.unit, action)
    return evidence


def access_realisation(user, realisation_id: int, action: Action = Action.VIEW):
    """A realisation (one indicator's realisasi of one period), checked on its plan's unit."""
    from .monitoring.models import Realisation

    realisation = (
        Realisation.objects.select_related(
            "indicator", "indicator__node", "indicator__node__plan", "indicator__node__plan__unit"
        )
        .filter(pk=realisation_id)
        .first()
    )
    if realisation is None:
        raise Http404("no such realisation")
    _check(user, realisation.indicator.node.plan.unit, action)
    return realisation


def access_realisation_upload(user, upload_id, action: Action = Action.REPORT):
    """A workbook of realisasi uploaded and waiting for its preview to be confirmed: only its own
    unit's reporters (REPORT: a head or the inspectorate gets a 403), and only its author."""
    from .monitoring.models import RealisationUpload

    upload = (
        RealisationUpload.objects.select_related("plan", "plan__unit", "plan__unit__parent")
        .filter(pk=upload_id)
        .first()
    )
    if upload is None:
        raise Http404("no such upload")
    _check(user, upload.plan.unit, action)
    if upload.created_by_id != user.pk and not user.is_superuser:
        raise Http404("no such upload")
    return upload


def oversees_kabupaten(user) -> bool:
    """May ``user`` see the kabupaten-wide pages (deadlines, late units)? Administrators,
    inspectors and superusers; a unit's operator or head sees only their unit."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    profile = _profile(user)
    return profile is not None and profile.role in (Role.ADMIN, Role.INSPECTOR)


def access_kabupaten(user, action: Action = Action.VIEW, kabupaten_id: int | None = None) -> Unit:
    """The kabupaten whose units ``user`` oversees, for the kabupaten-wide pages.

    The kabupaten is the one of the person's profile (a superuser without one names it with
    ``kabupaten_id``, else gets the first). Those who do not oversee it (a unit's operator or head,
    an inspector asking for a change) get a 403: the kabupaten is their own, nothing leaks.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404("no kabupaten")
    kabupaten_units = Unit.objects.filter(parent__isnull=True)
    profile = _profile(user)
    if profile is not None:
        kabupaten = kabupaten_units.filter(pk=profile.unit.parent_id or profile.unit_id).first()
    elif user.is_superuser:
        chosen = kabupaten_units.order_by("name", "pk")
        if kabupaten_id is not None:
            chosen = chosen.filter(pk=kabupaten_id)
        kabupaten = chosen.first()
    else:
        kabupaten = None
    if kabupaten is None:
        raise Http404("no kabupaten")
    if not oversees_kabupaten(user) or not can(user, kabupaten, action):
        raise PermissionDenied("not allowed")
    return kabupaten


def access_deadline(user, deadline_id: int, action: Action = Action.VIEW):
    """A due date of the kabupaten ``user`` oversees (``access_kabupaten`` decides: a unit's
    operator or head, or an inspector asking for a change, gets a 403); another kabupaten's due
    date, or one that does not exist, is a 404."""
    from .monitoring.models import Deadline

    kabupaten = access_kabupaten(user, action)
    deadline = Deadline.objects.filter(pk=deadline_id).first()
    if deadline is None or (deadline.kabupaten_id != kabupaten.pk and not user.is_superuser):
        raise Http404("no such due date")
    return deadline


def access_report_job(user, job_id: int, action: Action = Action.VIEW):
    """A kabupaten workbook job: only the kabupaten's overseers; another kabupaten's is a 404."""
    from .reportjobs.models import ReportJob

    kabupaten = access_kabupaten(user, action)
    job = ReportJob.objects.select_related("kabupaten").filter(pk=job_id).first()
    if job is None or (job.kabupaten_id != kabupaten.pk and not user.is_superuser):
        raise Http404("no such report job")
    return job
