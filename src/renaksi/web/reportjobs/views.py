"""Report downloads and the kabupaten workbook: every object through the gatekeeper."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from ...reports import PAPERS
from .. import access
from ..access import Action
from ..accounts.models import Unit
from ..plans.forms import PlainTextField, VersionForm
from ..plans.services import StaleEdit
from . import services
from .models import ReportJob, ReportRequest

FORMAT_LABELS = {"xlsx": "Excel", "docx": "Word", "pdf": "PDF"}


def download_links(plan, period: str | None = None) -> list[dict]:
    """The plan's reports (or one period's) in every format on offer, for the download buttons."""
    from django.urls import reverse

    query = f"?period={period}" if period else ""
    kinds = services.report_kinds()
    links = [
        {
            "url": reverse("report_download", args=[plan.pk, report, fmt]) + query,
            "label": f"{services.report_label(report)} ({FORMAT_LABELS.get(fmt, fmt)})",
            "format": fmt,
        }
        for report in services.available_reports(period=period is not None)
        for fmt in services.available_formats()
    ]
    # The Evaluasi Renja's form is wide: also offered on A3, whatever paper the unit uses.
    links += [
        {
            "url": reverse("report_download", args=[plan.pk, report, fmt])
            + (f"{query}&paper=A3" if query else "?paper=A3"),
            "label": f"{services.report_label(report)} ({FORMAT_LABELS.get(fmt, fmt)}, A3)",
            "format": fmt,
        }
        for report in services.available_reports(period=period is not None)
        if kinds[report].period_optional
        for fmt in services.available_formats()
    ]
    return links


def _attachment_headers(response: HttpResponse) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_safe
def report_download(request, plan_id: int, report: str, fmt: str):
    """A plan's report as a file to print and sign (the signature from the unit's settings)."""
    plan = access.access_plan(request.user, plan_id, Action.VIEW)
    kind = services.report_kinds().get(report)
    if kind is None or fmt not in services.available_formats():
        raise Http404("no such report")
    period = request.GET.get("period") or None
    if (kind.needs_period or (kind.period_optional and period)) and period not in plan.periods:
        raise Http404("no such period")
    # A paper other than the unit's (A3 for the Evaluasi Renja's wide form), when asked for.
    paper = request.GET.get("paper") or None
    if paper is not None and paper not in PAPERS:
        raise Http404("no such paper")
    rendered = services.render_plan_report(plan, report, fmt, period=period, paper=paper)
    response = HttpResponse(rendered.data, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return _attachment_headers(response)


class ReportSettingsForm(VersionForm):
    signature_place = PlainTextField(
        label=gettext_lazy("Place of signing"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Printed before the date: Kaligondang"),
    )
    head_position = PlainTextField(
        label=gettext_lazy("Position of the signer"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("As printed above the signature: Camat Kaligondang"),
    )
    head_name = PlainTextField(
        label=gettext_lazy("Name of the signer"), max_length=200, required=False
    )
    head_nip = PlainTextField(
        label=gettext_lazy("NIP of the signer"), max_length=30, required=False
    )
    paper = forms.ChoiceField(
        label=gettext_lazy("Paper"),
        choices=Unit._meta.get_field("paper").choices,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_settings(request, unit_id: int):
    """Who signs the unit's reports and on what paper they print: the unit's head and operator
    (and the kabupaten's administrator) change them; everyone who sees the unit reads them."""
    unit = access.access_unit(request.user, unit_id, Action.VIEW)
    can_change = access.can(request.user, unit, Action.SETTINGS)
    stale = False
    if request.method == "POST":
        unit = access.access_unit(request.user, unit_id, Action.SETTINGS)
        form = ReportSettingsForm(request.POST)
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS}
            try:
                services.update_report_settings(
                    unit=unit,
                    expected_version=form.expected_version(),
                    user=request.user,
                    **fields,
                )
            except StaleEdit as exc:  # someone saved since the form was opened: nothing saved
                form.add_error(None, str(exc))
                stale = True
            except services.ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The report settings are saved."))
                return redirect("report_settings", unit.pk)
    else:
        form = ReportSettingsForm(
            initial={
                **{name: getattr(unit, name) for name in services.SETTINGS_FIELDS},
                "version": unit.settings_version,
            }
        )
    return render(
        request,
        "reportjobs/report_settings.html",
        {
            "unit": unit,
            "form": form,
            "can_change": can_change,
            "stale": stale,
            "preview": services.signature_of(unit).lines(),
        },
        status=409 if stale else 400 if form.errors else 200,
    )


class WorkbookForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def kabupaten_workbook(request):
    """The kabupaten's workbook (one sheet per unit): ask for one, see the jobs, download."""
    kabupaten = access.access_kabupaten(request.user, Action.VIEW)
    if request.method == "POST":
        form = WorkbookForm(request.POST)
        if form.is_valid():
            asked = services.request_workbook(
                kabupaten=kabupaten, year=form.cleaned_data["year"], user=request.user
            )
            if asked.outcome == ReportRequest.Outcome.CREATED:
                messages.success(
                    request,
                    _("The workbook is being built; this page shows it when it is ready."),
                )
            elif asked.outcome == ReportRequest.Outcome.JOINED:
                messages.info(
                    request,
                    _(
                        "This workbook was asked for already and is being built; this page "
                        "shows it when it is ready."
                    ),
                )
            else:
                messages.error(
                    request,
                    _("Too many workbooks are waiting to be built; ask again when one is ready."),
                )
            return redirect("kabupaten_workbook")
    else:
        form = WorkbookForm(initial={"year": timezone.localdate().year})
    jobs = list(
        ReportJob.objects.filter(kabupaten=kabupaten)
        .select_related("requested_by", "kabupaten")
        .annotate(request_count=Count("requests"))[:50]
    )
    return render(
        request,
        "reportjobs/kabupaten_workbook.html",
        {"kabupaten": kabupaten, "form": form, "jobs": jobs},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def report_job_download(request, job_id: int):
    """A finished workbook, only through the gatekeeper, as an attachment."""
    job = access.access_report_job(request.user, job_id, Action.VIEW)
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404("not ready")
    try:
        handle = job.file.open("rb")
    except OSError as exc:
        raise Http404("no such file") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=job.download_name,
        content_type=services.CONTENT_TYPES["xlsx"],
    )
    return _attachment_headers(response)
