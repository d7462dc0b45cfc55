"""Browsing and editing plans.

Every view gets its objects through ``access`` with the action it performs (never deciding access
itself), parses its input with a form, calls a service, and renders or redirects. After a change
it redirects to the plan page, anchored at the changed row (``#node-<id>``, ``#indicator-<id>``).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ...core.plan import LEVELS
from .. import access
from ..access import Action
from . import services
from .forms import (
    AdoptForm,
    IndicatorEditForm,
    IndicatorForm,
    IndicatorSettingsForm,
    NodeEditForm,
    NodeForm,
    period_heading,
)
from .models import Indicator, Node, Plan, Target
from .selectors import check_document, db_value, load_document
from .services import PlanAdopted, PlanReplaced, ServiceError, StaleEdit
from .table import Links, build_table, plan_findings


def download_links(plan):
    from ..reportjobs.views import download_links as links

    return links(plan)


MOVES = {"up": -1, "down": 1}


def _short(text: str) -> str:
    return Truncator(text).chars(60)


def _plan_url(plan_id: int, anchor: str = "") -> str:
    url = reverse("plan_detail", args=[plan_id])
    return f"{url}#{anchor}" if anchor else url


# ---------------------------------------------------------------------------------------------
# Browsing


@login_required
def home(request):
    return redirect("unit_list")


@login_required
def unit_list(request):
    """The units the person may see, each with its current plans by year (two queries)."""
    units = list(access.visible_units(request.user).select_related("parent"))
    current = defaultdict(list)
    for plan in Plan.objects.filter(unit__in=[u.pk for u in units], is_current=True).order_by(
        "-year", "version"
    ):
        current[plan.unit_id].append(plan)
    rows = [{"unit": u, "plans": current[u.pk]} for u in units]
    return render(request, "plans/unit_list.html", {"rows": rows})


@login_required
def unit_detail(request, unit_id: int):
    """A unit's plans: every year × version × revision, the current one marked."""
    unit = access.access_unit(request.user, unit_id, Action.VIEW)
    plans = list(unit.plans.order_by("-year", "version", "-revision"))
    years: dict[int, list[Plan]] = defaultdict(list)
    for plan in plans:
        years[plan.year].append(plan)
    return render(
        request,
        "plans/unit_detail.html",
        {
            "unit": unit,
            "years": sorted(years.items(), reverse=True),
            "can_import": access.can(request.user, unit, Action.IMPORT),
        },
    )


@login_required
def plan_detail(request, plan_id: int):
    """The plan as the document shows it, with the findings beside the rows they concern.

    A constant number of queries whatever the plan's size: three to load it, none in the template
    (one more for the name of who adopted it, when it is adopted).
    """
    plan = access.access_plan(request.user, plan_id, Action.VIEW)
    return _plan_page(request, plan)


def _plan_page(request, plan: Plan, adopt_form: AdoptForm | None = None, status: int = 200):
    # A replaced revision is kept as it was (services refuse its changes): no edit links.
    can_edit = plan.is_current and access.can(request.user, plan.unit, Action.EDIT)
    # Of an adopted plan, only its indicators' capaian settings are edited (services).
    links = Links(plan.pk, adopted=plan.is_adopted) if can_edit else None
    can_adopt = (
        not plan.is_adopted
        and plan.is_current
        and access.can(request.user, plan.unit, Action.ADOPT)
    )
    if can_adopt and adopt_form is None:
        adopt_form = AdoptForm(initial={"edits": plan.edits})
    doc = load_document(plan)
    table = build_table(doc, check_document(doc), links)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "unit": plan.unit,
            "table": table,
            "can_edit": can_edit and not plan.is_adopted,
            "can_edit_settings": can_edit and plan.is_adopted,
            "adopt_form": adopt_form if can_adopt else None,
            "adopted_by": _person_name(plan.adopted_by) if plan.adopted_by_id else "",
            "columns": 7 + len(table.periods),
            "report_links": download_links(plan),
            # One hidden input for the many small forms of the page (rendered once, not per row).
            "csrf_input": format_html(
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
            ),
        },
        status=status,
    )


def _person_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


@login_required
@require_POST
def plan_adopt(request, plan_id: int):
    """Penetapan: the unit's head or the kabupaten adopts the plan's current revision.

    A form that does not hold (no date, no confirmation) or a refusal of the service shows the
    plan page again with the form and the reason; a plan changed since the page was opened is a
    409, nothing adopted.
    """
    plan = access.access_plan(request.user, plan_id, Action.ADOPT)
    form = AdoptForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.adopt_plan(
                plan=plan,
                adopted_on=form.cleaned_data["adopted_on"],
                decree_number=form.cleaned_data["decree_number"],
                expected_edits=form.cleaned_data["edits"],
                user=request.user,
            )
        except ServiceError as exc:
            status = 409 if isinstance(exc, StaleEdit | PlanAdopted | PlanReplaced) else 200
            form.add_error(None, str(exc))
            plan.refresh_from_db()
            if plan.is_adopted or not plan.is_current:
                # No form any more (adopted by someone else, a revision imported since): the
                # reason above the page instead.
                messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("The plan is adopted: %(adoption)s.")
                % {"adoption": services.adoption_text(plan)},
            )
            return redirect(_plan_url(plan.pk))
    return _plan_page(request, plan, adopt_form=form, status=status)


def _adopted_back(request, plan: Plan, anchor: str = ""):
    """An adopted plan's edit form is not shown: back to the plan, saying why."""
    messages.error(request, services.adopted_message(plan))
    return redirect(_plan_url(plan.pk, anchor))


@login_required
def plan_json(request, plan_id: int):
    """The plan in its JSON form, with the importer's findings and the validator's current ones."""
    plan = access.access_plan(request.user, plan_id, Action.VIEW)
    doc = load_document(plan)
    doc.core.findings = plan_findings(doc, check_document(doc))
    name = "-".join(
        [slugify(plan.unit.name) or "unit", str(plan.year), plan.version, f"r{plan.revision}"]
    )
    response = HttpResponse(doc.core.to_json(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="renaksi-{name}.json"'
    return response


# ---------------------------------------------------------------------------------------------
# Nodes


def _levels_below(level: str | None) -> list[str]:
    return list(LEVELS) if level is None else list(LEVELS[LEVELS.index(level) + 1 :])


@login_required
def node_add(request, plan_id: int):
    plan = access.access_plan(request.user, plan_id, Action.EDIT)
    if plan.is_adopted and request.method != "POST":
        return _adopted_back(request, plan)
    parent = None
    parent_id = request.GET.get("parent")
    if parent_id:
        if not parent_id.isdigit():
            raise Http404("no such node")
        parent = access.access_node(request.user, int(parent_id), Action.EDIT)
        if parent.plan_id != plan.pk:
            raise Http404("no such node")
    levels = _levels_below(parent.level if parent else None)
    if not levels:
        messages.error(request, _("A sub kegiatan cannot hold other nodes."))
        return redirect(_plan_url(plan.pk, f"node-{parent.pk}"))
    status = 200
    if request.method == "POST":
        form = NodeForm(request.POST, levels=levels)
        if form.is_valid():
            try:
                node = services.create_node(
                    plan=plan, parent=parent, user=request.user, **form.service_kwargs()
                )
            except ServiceError as exc:
                # Adopted since the form was opened: 409, nothing added.
                status = 409 if isinstance(exc, PlanAdopted | PlanReplaced) else 200
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Added “%(name)s”.") % {"name": _short(node.name)})
                return redirect(_plan_url(plan.pk, f"node-{node.pk}"))
    else:
        # Under a parent, the level just below it; at the top, sasaran (where a Rencana Aksi starts).
        form = NodeForm(levels=levels, initial={"level": levels[0] if parent else "sasaran"})
    return render(
        request,
        "plans/node_form.html",
        {"form": form, "plan": plan, "parent": parent, "node": None},
        status=status,
    )


@login_required
def node_edit(request, node_id: int):
    node = access.access_node(request.user, node_id, Action.EDIT)
    plan = node.plan
    if plan.is_adopted and request.method != "POST":
        return _adopted_back(request, plan, f"node-{node.pk}")
    parent = node.parent  # one query; the form needs the parent's level
    child_levels = set(node.children.values_list("level", flat=True))
    highest_child = min((LEVELS.index(c) for c in child_levels), default=len(LEVELS))
    levels = [
        lv
        for lv in _levels_below(parent.level if parent else None)
        if LEVELS.index(lv) < highest_child
    ]
    if node.level not in levels:
        levels = sorted({*levels, node.level}, key=LEVELS.index)
    status = 200
    if request.method == "POST":
        form = NodeEditForm(request.POST, levels=levels)
        if form.is_valid():
            try:
                services.update_node(
                    node=node,
                    expected_version=form.expected_version(),
                    user=request.user,
                    **form.service_kwargs(),
                )
            except ServiceError as exc:
                # Someone saved the node since the form was opened (or adopted the plan): 409,
                # nothing saved, the form as typed (with the version it was opened on:
                # reloading shows theirs).
                status = 409 if isinstance(exc, StaleEdit | PlanAdopted | PlanReplaced) else 200
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Saved “%(name)s”.") % {"name": _short(node.name)})
                return redirect(_plan_url(plan.pk, f"node-{node.pk}"))
    else:
        form = NodeEditForm(levels=levels, initial=NodeForm.initial_for(node))
    return render(
        request,
        "plans/node_form.html",
        {"form": form, "plan": plan, "parent": parent, "node": node},
        status=status,
    )


@login_required
@require_POST
def node_delete(request, node_id: int):
    node = access.access_node(request.user, node_id, Action.EDIT)
    plan_id, parent_id, name = node.plan_id, node.parent_id, node.name
    try:
        services.delete_node(node=node, user=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(_plan_url(plan_id, f"node-{node.pk}"))
    messages.success(request, _("Removed “%(name)s”.") % {"name": _short(name)})
    return redirect(_plan_url(plan_id, f"node-{parent_id}" if parent_id else ""))


@login_required
@require_POST
def node_move(request, node_id: int):
    node = access.access_node(request.user, node_id, Action.EDIT)
    offset = MOVES.get(request.POST.get("direction", ""))
    if offset is None:
        return HttpResponseBadRequest(_("Direction must be up or down."))
    try:
        services.move_node(node=node, offset=offset, user=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(_plan_url(node.plan_id, f"node-{node.pk}"))
    messages.success(request, _("Moved “%(name)s”.") % {"name": _short(node.name)})
    return redirect(_plan_url(node.plan_id, f"node-{node.pk}"))


# ---------------------------------------------------------------------------------------------
# Indicators and their targets


def _stored_targets(indicator: Indicator) -> dict:
    periods = indicator.node.plan.periods
    values = dict.fromkeys(periods)
    for target in Target.objects.filter(indicator=indicator, kind=Target.Kind.TARGET):
        if target.period in values:
            values[target.period] = db_value(target)
    return values


def _indicator_form_page(request, form, node: Node, indicator: Indicator | None, status=200):
    return render(
        request,
        "plans/indicator_form.html",
        {"form": form, "plan": node.plan, "node": node, "indicator": indicator},
        status=status,
    )


@login_required
def indicator_add(request, node_id: int):
    node = access.access_node(request.user, node_id, Action.EDIT)
    if node.plan.is_adopted and request.method != "POST":
        return _adopted_back(request, node.plan, f"node-{node.pk}")
    periods = node.plan.periods
    status = 200
    if request.method == "POST":
        form = IndicatorForm(request.POST, periods=periods)
        if form.is_valid():
            try:
                with transaction.atomic():
                    indicator = services.create_indicator(
                        node=node, user=request.user, **form.service_kwargs()
                    )
                    services.set_targets(
                        indicator=indicator, values=form.targets(), user=request.user
                    )
            except ServiceError as exc:
                status = 409 if isinstance(exc, PlanAdopted | PlanReplaced) else 200
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("Added the indicator “%(name)s”.") % {"name": _short(indicator.name)}
                )
                return redirect(_plan_url(node.plan_id, f"indicator-{indicator.pk}"))
    else:
        form = IndicatorForm(periods=periods)
    return _indicator_form_page(request, form, node, None, status)


@login_required
def indicator_edit(request, indicator_id: int):
    indicator = access.access_indicator(request.user, indicator_id, Action.EDIT)
    node = indicator.node
    if node.plan.is_adopted:
        return _indicator_settings(request, indicator)
    periods = node.plan.periods
    status = 200
    if request.method == "POST":
        form = IndicatorEditForm(request.POST, periods=periods)
        if form.is_valid():
            try:
                # Fields, settings and targets in one save, refused whole when stale.
                services.update_indicator(
                    indicator=indicator,
                    user=request.user,
                    expected_version=form.expected_version(),
                    targets=form.targets(),
                    **form.service_kwargs(),
                )
            except ServiceError as exc:
                status = 409 if isinstance(exc, StaleEdit | PlanAdopted | PlanReplaced) else 200
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("Saved the indicator “%(name)s”.") % {"name": _short(indicator.name)}
                )
                return redirect(_plan_url(node.plan_id, f"indicator-{indicator.pk}"))
    else:
        form = IndicatorEditForm(
            periods=periods,
            initial=IndicatorForm.initial_for(indicator, _stored_targets(indicator)),
        )
    return _indicator_form_page(request, form, node, indicator, status)


def _indicator_settings(request, indicator: Indicator):
    """An adopted plan's indicator: its capaian settings (polarity, aggregation) are edited, the
    rest is shown as adopted."""
    node = indicator.node
    shown = IndicatorForm.initial_for(indicator, _stored_targets(indicator))
    status = 200
    if request.method == "POST":
        form = IndicatorSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.update_indicator(
                    indicator=indicator,
                    name=indicator.name,
                    objective=indicator.objective,
                    unit=indicator.unit,
                    user=request.user,
                    expected_version=form.expected_version(),
                    **form.settings(),
                )
            except ServiceError as exc:
                status = 409 if isinstance(exc, StaleEdit | PlanAdopted | PlanReplaced) else 200
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request, _("Saved the indicator “%(name)s”.") % {"name": _short(indicator.name)}
                )
                return redirect(_plan_url(node.plan_id, f"indicator-{indicator.pk}"))
    else:
        form = IndicatorSettingsForm(
            initial={
                "aggregation": indicator.aggregation,
                "polarity": indicator.polarity,
                "version": indicator.version,
            }
        )
    return render(
        request,
        "plans/indicator_form.html",
        {
            "form": form,
            "plan": node.plan,
            "node": node,
            "indicator": indicator,
            "adopted": True,
            "adopted_message": services.adopted_message(node.plan),
            "shown": shown,
            "targets": [
                (period_heading(p), shown[IndicatorForm.period_field(p)]) for p in node.plan.periods
            ],
        },
        status=status,
    )


@login_required
@require_POST
def indicator_delete(request, indicator_id: int):
    indicator = access.access_indicator(request.user, indicator_id, Action.EDIT)
    node = indicator.node
    name = indicator.name
    try:
        services.delete_indicator(indicator=indicator, user=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(_plan_url(node.plan_id, f"indicator-{indicator.pk}"))
    messages.success(request, _("Removed the indicator “%(name)s”.") % {"name": _short(name)})
    return redirect(_plan_url(node.plan_id, f"node-{node.pk}"))


@login_required
@require_POST
def indicator_move(request, indicator_id: int):
    indicator = access.access_indicator(request.user, indicator_id, Action.EDIT)
    offset = MOVES.get(request.POST.get("direction", ""))
    if offset is None:
        return HttpResponseBadRequest(_("Direction must be up or down."))
    try:
        services.move_indicator(indicator=indicator, offset=offset, user=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(_plan_url(indicator.node.plan_id, f"indicator-{indicator.pk}"))
    messages.success(
        request, _("Moved the indicator “%(name)s”.") % {"name": _short(indicator.name)}
    )
    return redirect(_plan_url(indicator.node.plan_id, f"indicator-{indicator.pk}"))
