"""The revision diff: two plans of one unit compared node by node and indicator by indicator.

``plan_diff`` compares a stored plan with another plan of the same unit (any revision, murni or
perubahan, another year): ``?against=<plan id>``, by default the revision it replaced, else (a
perubahan) the year's murni, else last year's current plan (``selectors.default_against``).
``import_diff`` compares a pending import with the unit's plan it would follow (the current
revision of its year and version, by default) before it is confirmed. Both show the same table:
kind of change, where (outline number and level), name, before → after, a mark on the pairs a
person should confirm, and a count per kind at the top; ``?download=xlsx`` gives the same table
as a workbook (``reports.revision_diff``, through the formula-safe xlsx renderer).

The pairing is ``core.revisions.match_plans`` (the one carrying realisasi over uses). Of two
stored plans, the older one (year, then murni before perubahan, then revision) is always "before".

Both views are reads: gatekeeper on both plans (``access_plan``, ``Action.VIEW``; an import:
``access_import``), and a plan of another unit as ``against`` is a 404 as any plan one cannot
see. A constant number of queries: the plans, the unit's plans for the chooser, three to read the
two plans whole (``selectors.load_documents``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ...core import plan as core
from ...reports import renderer, revision_diff
from .. import access
from ..access import Action
from .models import ImportSession, Plan
from .selectors import default_against, load_documents, unit_plans

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def kind_labels() -> dict[str, str]:
    """Each kind of change (``revision_diff.KINDS``) in the reader's language."""
    return {
        "added": _("added"),
        "removed": _("removed"),
        "renamed": _("renamed"),
        "moved": _("moved"),
        "code": _("code changed"),
        "level": _("level changed"),
        "objective": _("result statement changed"),
        "unit": _("unit of measure changed"),
        "annual_target": _("annual target changed"),
        "target": _("target changed"),
        "budget": _("budget changed"),
    }


def workbook_labels() -> revision_diff.Labels:
    return revision_diff.Labels(
        title=_("COMPARISON OF PLAN REVISIONS"),
        summary=_("Summary"),
        changes=_("Kind of change"),
        columns=(
            _("No."),
            _("Kind of change"),
            _("Where"),
            _("Level"),
            _("Description"),
            _("Period"),
            _("Before"),
            _("After"),
            _("Pair"),
        ),
        count=_("Count"),
        kinds=kind_labels(),
        uncertain=_("to confirm"),
        indicator=_("Indicator"),
        none=_("No differences."),
    )


def plan_label(plan: Plan) -> str:
    return _("%(year)s %(version)s, revision %(revision)s") % {
        "year": plan.year,
        "version": plan.get_version_display(),
        "revision": plan.revision,
    }


def _order(plan: Plan) -> tuple:
    return (plan.year, plan.version == Plan.Version.PERUBAHAN, plan.revision)


def _against(request, unit_id: int) -> Plan | None:
    """The plan asked for with ``?against=``: through the gatekeeper, and of the same unit
    (another unit's plan is a 404, as one that does not exist); None when not asked."""
    value = request.GET.get("against", "")
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 10:
        raise Http404("no such plan")
    other = access.access_plan(request.user, int(value), Action.VIEW)
    if other.unit_id != unit_id:
        raise Http404("no such plan")
    return other


def _choices(plans: list[Plan], exclude: int | None) -> list[dict]:
    return [
        {"plan": p, "label": plan_label(p), "current": p.is_current}
        for p in plans
        if p.pk != exclude
    ]


def _page(request, context: dict, rows: list[revision_diff.DiffRow], filename: str):
    """The page, or its table as a workbook when ``?download=xlsx``."""
    if request.GET.get("download") == "xlsx":
        report = revision_diff.build_report(
            rows,
            workbook_labels(),
            old_label=context["old_label"],
            new_label=context["new_label"],
        )
        response = HttpResponse(renderer("xlsx")(report, "A4"), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-cache"
        return response
    labels = kind_labels()
    context.update(
        rows=[(row, labels.get(row.kind, row.kind)) for row in rows],
        counts=[(kind, labels.get(kind, kind), n) for kind, n in revision_diff.counts(rows)],
        uncertain=sum(1 for row in rows if not row.certain),
    )
    return render(request, "plans/plan_diff.html", context)


@login_required
@require_safe
def plan_diff(request, plan_id: int):
    """A stored plan compared with another plan of its unit (``?against=``, else the default)."""
    plan = access.access_plan(request.user, plan_id, Action.VIEW)
    plans = unit_plans(plan.unit_id)
    other = _against(request, plan.unit_id) or default_against(
        plans, year=plan.year, version=plan.version, below=plan.revision
    )
    context = {
        "plan": plan,
        "unit": plan.unit,
        "session": None,
        "other": other,
        "choices": _choices(plans, plan.pk),
        "here": plan_label(plan),
    }
    if other is None:
        return render(request, "plans/plan_diff.html", {**context, "rows": None})
    old, new = sorted((other, plan), key=_order) if other.pk != plan.pk else (plan, plan)
    documents = load_documents([old, new])
    rows = revision_diff.rows_of(documents[old.pk].core, documents[new.pk].core)
    context.update(old=old, new=new, old_label=plan_label(old), new_label=plan_label(new))
    name = "-".join(
        [
            "renaksi-diff",
            slugify(plan.unit.name) or "unit",
            f"{old.year}-{old.version}-r{old.revision}",
            f"{new.year}-{new.version}-r{new.revision}",
        ]
    )
    return _page(request, context, rows, name)


@login_required
@require_safe
def import_diff(request, session_id):
    """A pending import compared with a plan of its unit (``?against=``, else the current
    revision of its year and version, else as for a plan): what confirming it would change."""
    session = access.access_import(request.user, session_id, Action.IMPORT)
    if session.status != ImportSession.Status.PENDING:
        return redirect("import_preview", session.pk)
    plans = unit_plans(session.unit_id)
    other = _against(request, session.unit_id) or default_against(
        plans, year=session.year, version=session.version
    )
    context = {
        "plan": None,
        "unit": session.unit,
        "session": session,
        "other": other,
        "choices": _choices(plans, None),
        "here": _("the pending import of %(name)s") % {"name": session.source_name},
    }
    if other is None:
        return render(request, "plans/plan_diff.html", {**context, "rows": None})
    document = core.Plan.from_dict(session.plan_json)
    rows = revision_diff.rows_of(load_documents([other])[other.pk].core, document)
    context.update(old=other, new=None, old_label=plan_label(other), new_label=context["here"])
    name = "-".join(
        [
            "renaksi-diff",
            slugify(session.unit.name) or "unit",
            f"{other.year}-{other.version}-r{other.revision}",
            "import",
        ]
    )
    return _page(request, context, rows, name)
