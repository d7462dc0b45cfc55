"""Realisasi from a spreadsheet: the quarter's sheet downloaded as xlsx, filled in offline, and
uploaded back with a preview of what changes.

The download is for whoever sees the sheet (VIEW); the upload, its preview and its confirmation
for those who enter realisasi (REPORT), the preview and the confirmation for the uploader only.
The upload is read within limits (``workbook.read_upload``), and what it changes is kept
(``services.stage_realisation_upload``) until the person confirms it
(``services.apply_realisation_upload``: everything, or nothing). The preview is computed from
the stored upload and what the period holds now, in a constant number of queries: a row changed
on the page since the download is shown as a conflict, and nothing can be confirmed then.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from .. import access
from ..access import Action
from ..plans.forms import format_value, period_heading
from ..plans.models import LEVEL_LABELS, Indicator, Node, Plan
from . import selectors, services, workbook
from .models import BudgetSpent, Realisation, RealisationUpload, Report
from .services import Conflict, MonitoringError
from .views import _period_or_404, _sheet_url, _tree

# A narrative is shown in the preview up to this many characters.
PREVIEW_TEXT = 400


def sheet_workbook(plan: Plan, period: str) -> bytes:
    """The period's sheet as the workbook to fill in: the rows in the page's order."""
    sheet = selectors.quarter_sheet(plan, period)
    nodes = list(Node.objects.filter(plan=plan))
    by_node: dict[int, list[selectors.SheetRow]] = defaultdict(list)
    for row in sheet.rows:
        by_node[row.indicator.node_id].append(row)
    rows, spent = [], []
    for node, _depth in _tree(nodes):
        for row in by_node.get(node.pk, []):
            rows.append(
                workbook.IndicatorRow(
                    node=node,
                    indicator=row.indicator,
                    target=row.target,
                    realisation=row.realisation,
                )
            )
        if node.level == "subkegiatan" or node.budget is not None:  # as the page shows it
            spent.append(workbook.SpentRow(node=node, spent=sheet.spent.get(node.pk)))
    return workbook.write_workbook(plan=plan, period=period, rows=rows, spent=spent)


@login_required
@require_safe
def sheet_download(request, plan_id: int, period: str):
    """The sheet of a period as an .xlsx to fill in offline."""
    plan = access.access_plan(request.user, plan_id, Action.VIEW)
    _period_or_404(plan, period)
    response = HttpResponse(sheet_workbook(plan, period), content_type=workbook.MEDIA_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{workbook.workbook_name(plan, period)}"'
    )
    response["Cache-Control"] = "private, no-cache"
    return response


def _declared_too_large(request) -> bool:
    """Whether the request declares a body beyond the workbook's limit (and the form's fields)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > workbook.MAX_BYTES + 64 * 1024


@login_required
@require_POST
def sheet_upload(request, plan_id: int, period: str):
    """A workbook of the sheet, filled in: read, what it changes kept, then its preview."""
    plan = access.access_plan(request.user, plan_id, Action.REPORT)
    _period_or_404(plan, period)
    back = _sheet_url(plan.pk, period, "sheet-upload")
    if _declared_too_large(request):  # refused from the declared length, before reading it
        messages.error(request, str(workbook.too_large()))
        return redirect(back)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the filled-in workbook (.xlsx) to upload."))
        return redirect(back)
    try:
        read = workbook.read_upload(upload, plan=plan, period=period)
        staged = services.stage_realisation_upload(
            plan=plan, period=period, read=read, source_name=upload.name, user=request.user
        )
    except (workbook.WorkbookError, MonitoringError) as exc:
        messages.error(request, str(exc))
        return redirect(back)
    return redirect("realisation_upload", upload_id=staged.pk)


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class PreviewRow:
    row: int
    name: str
    context: str  # the node: level, number, name
    fields: list[FieldChange] = field(default_factory=list)
    conflict: str = ""
    sheet: str = ""  # the budget's sheet (its rows are numbered on their own)


def _text(value: str) -> str:
    return Truncator(value).chars(PREVIEW_TEXT)


def _realisation_texts(realisation: Realisation | None) -> dict[str, str]:
    if realisation is None:
        return dict.fromkeys(("value", "obstacles", "supporting_factors", "follow_up"), "")
    return {
        "value": format_value(workbook.stored_value(realisation)),
        "obstacles": realisation.obstacles,
        "supporting_factors": realisation.supporting_factors,
        "follow_up": realisation.follow_up,
    }


def _node_context(node: Node) -> str:
    parts = [str(LEVEL_LABELS.get(node.level, node.level)), node.number, node.name]
    return Truncator(" ".join(p for p in parts if p)).chars(120)


def preview_of(upload: RealisationUpload) -> dict:
    """What the preview shows: each change (old → new, from what the period holds now), the
    rows changed since the download (conflicts), the errors; six queries whatever the size."""
    plan, period = upload.plan, upload.period
    rows, spent = services.upload_changes(upload)
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(
            node__plan=plan, pk__in=[r.indicator_id for r in rows]
        ).select_related("node")
    }
    current = {
        r.indicator_id: r
        for r in Realisation.objects.filter(indicator_id__in=list(indicators), period=period)
    }
    nodes = {n.pk: n for n in Node.objects.filter(plan=plan, pk__in=[s.node_id for s in spent])}
    spent_now = {
        s.node_id: s for s in BudgetSpent.objects.filter(node_id__in=list(nodes), period=period)
    }
    changed_since = _("Changed on the page after the download: download the sheet again.")
    gone = _("No longer in the plan.")
    items = []
    for change in rows:
        indicator = indicators.get(change.indicator_id)
        if indicator is None:
            items.append(PreviewRow(row=change.row, name="—", context="", conflict=gone))
            continue
        realisation = current.get(indicator.pk)
        old = _realisation_texts(realisation)
        item = PreviewRow(
            row=change.row,
            name=Truncator(indicator.name).chars(200),
            context=_node_context(indicator.node),
        )
        for name, value in change.fields.items():
            new = format_value(value) if name == "value" else value
            item.fields.append(
                FieldChange(str(workbook.FIELD_LABELS[name]), _text(old[name]), _text(new))
            )
        if (realisation.version if realisation else None) != change.expected_version:
            item.conflict = changed_since
        items.append(item)
    label = str(workbook.FIELD_LABELS["spent"])
    for change in spent:
        node = nodes.get(change.node_id)
        if node is None:
            items.append(
                PreviewRow(
                    row=change.row,
                    name="—",
                    context="",
                    conflict=gone,
                    sheet=workbook.SPENT_SHEET,
                )
            )
            continue
        stored = spent_now.get(node.pk)
        item = PreviewRow(
            row=change.row, name=_node_context(node), context=label, sheet=workbook.SPENT_SHEET
        )
        item.fields.append(
            FieldChange(
                label,
                format_value(workbook.amount_number(stored.amount if stored else None)),
                format_value(workbook.amount_number(change.amount)),
            )
        )
        if (stored.version if stored else None) != change.expected_version:
            item.conflict = changed_since
        items.append(item)
    report = Report.objects.filter(plan=plan, period=period).first()
    state = report.state if report else Report.State.DRAFT
    locked = state in (Report.State.SUBMITTED, Report.State.VERIFIED)
    conflicts = [i for i in items if i.conflict]
    return {
        "changes": [i for i in items if not i.conflict],
        "conflicts": conflicts,
        "errors": upload.errors,
        "locked": locked,
        "state_label": str(dict(Report.State.choices).get(state, state)),
        "applied": upload.status == RealisationUpload.Status.APPLIED,
        "can_confirm": bool(items)
        and not conflicts
        and not upload.errors
        and not locked
        and upload.status == RealisationUpload.Status.PENDING,
    }


def _render_preview(request, upload: RealisationUpload, status: int = 200):
    plan = upload.plan
    context = {
        "upload": upload,
        "plan": plan,
        "unit": plan.unit,
        "period": upload.period,
        "period_heading": period_heading(upload.period),
        "sheet_url": _sheet_url(plan.pk, upload.period),
        "upload_anchor": _sheet_url(plan.pk, upload.period, "sheet-upload"),
        "download_url": reverse("monitoring_sheet_xlsx", args=[plan.pk, upload.period]),
        **preview_of(upload),
    }
    return render(request, "monitoring/upload_preview.html", context, status=status)


@login_required
@require_safe
def upload_preview(request, upload_id):
    """What an uploaded workbook would change, to be confirmed (the uploader only)."""
    upload = access.access_realisation_upload(request.user, upload_id, Action.REPORT)
    return _render_preview(request, upload)


@login_required
@require_POST
def upload_confirm(request, upload_id):
    """Save everything the preview listed, in one transaction; a conflict saves nothing (409)."""
    upload = access.access_realisation_upload(request.user, upload_id, Action.REPORT)
    try:
        saved = services.apply_realisation_upload(upload=upload, user=request.user)
    except MonitoringError as exc:  # Conflict included: a stale preview never overwrites
        if isinstance(exc, Conflict):
            messages.error(request, _("Nothing was saved: %(reason)s") % {"reason": exc})
        else:
            messages.error(request, str(exc))
        upload.refresh_from_db()
        return _render_preview(request, upload, status=409)
    messages.success(
        request,
        ngettext(
            "Saved %(count)s row of %(period)s from the workbook.",
            "Saved %(count)s rows of %(period)s from the workbook.",
            saved,
        )
        % {"count": saved, "period": period_heading(upload.period)},
    )
    return redirect(_sheet_url(upload.plan_id, upload.period))
