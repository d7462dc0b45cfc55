"""The audit log for the inspectorate and the kabupaten's office: entries of the kabupaten and its
units filtered by unit, period, person and kind, a page at a time, and the filtered entries as an
.xlsx (every text through ``reports.xlsx.put_text``: never a formula).

A fixed number of queries whatever the number of entries: the person and the kabupaten, the
units and people of the filter, the count and one page (everything it shows joined in).
"""

from __future__ import annotations

import datetime as dt
import io

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .. import access
from ..access import Action
from ..accounts.models import Unit
from .models import History
from .views import _field_label

PAGE_SIZE = 100
# At most this many entries in one download (a narrower filter gets the rest).
EXPORT_LIMIT = 100_000
QUARTERS = {
    "TW1": ((1, 1), (3, 31)),
    "TW2": ((4, 1), (6, 30)),
    "TW3": ((7, 1), (9, 30)),
    "TW4": ((10, 1), (12, 31)),
}


class AuditFilter(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, label=_("Unit"))
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, label=_("Person")
    )
    kind = forms.ChoiceField(required=False, label=_("Kind"))
    year = forms.IntegerField(required=False, min_value=2000, max_value=2100, label=_("Year"))
    quarter = forms.ChoiceField(
        required=False,
        label=_("Quarter"),
        choices=[("", "—"), *((q, q.replace("TW", "TW ")) for q in QUARTERS)],
    )
    start = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        required=False, label=_("Until"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data, *, kabupaten: Unit):
        super().__init__(data)
        in_kabupaten = Q(pk=kabupaten.pk) | Q(parent_id=kabupaten.pk)
        self.fields["unit"].queryset = Unit.objects.filter(in_kabupaten).order_by(
            "parent_id", "name"
        )
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(
                Q(profile__unit_id=kabupaten.pk) | Q(profile__unit__parent_id=kabupaten.pk)
            )
            .order_by("username")
        )
        self.fields["user"].label_from_instance = lambda u: u.get_username()
        self.fields["kind"].choices = [("", "—"), *History.Kind.choices]

    def clean(self):
        data = super().clean()
        if data.get("quarter") and not data.get("year"):
            self.add_error("year", gettext("Give the year of the quarter."))
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", gettext("The end comes before the start."))
        return data

    def period(self) -> tuple[dt.date | None, dt.date | None]:
        """The first and last day asked for (either may be open)."""
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if data.get("year"):
            (m1, d1), (m2, d2) = QUARTERS.get(data.get("quarter") or "", ((1, 1), (12, 31)))
            first, last = dt.date(data["year"], m1, d1), dt.date(data["year"], m2, d2)
            start, end = max(filter(None, (start, first))), min(filter(None, (end, last)))
        return start, end


def entries_of(kabupaten: Unit, user, form: AuditFilter):
    """The entries of the kabupaten and its units the filter asks for, newest first, with what
    each shows joined in. A superuser also sees entries of no unit (a failed login of a name
    that is no account, a superuser's own login)."""
    scope = Q(unit_id=kabupaten.pk) | Q(unit__parent_id=kabupaten.pk)
    if user.is_superuser:
        scope |= Q(unit__isnull=True)
    entries = History.objects.filter(scope)
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("unit"):
        entries = entries.filter(unit=data["unit"])
    if data.get("user"):
        entries = entries.filter(user=data["user"])
    if data.get("kind"):
        entries = entries.filter(kind=data["kind"])
    if data:
        start, end = form.period()
        zone = timezone.get_current_timezone()
        if start:
            entries = entries.filter(
                at__gte=dt.datetime.combine(start, dt.time.min).replace(tzinfo=zone)
            )
        if end:
            entries = entries.filter(
                at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min).replace(
                    tzinfo=zone
                )
            )
    return entries.select_related(
        "user", "unit", "plan", "node", "indicator", "indicator__node"
    ).order_by("-at", "-id")


KINDS = dict(History.Kind.choices)


def row_of(entry: History) -> dict:
    """What the page and the download show of an entry."""
    if entry.subject:
        subject = entry.subject
    elif entry.indicator_id:
        subject = f"indikator {entry.indicator.name}"
    elif entry.node_id:
        subject = f"{entry.node.level} {entry.node.name}"
    elif entry.plan_id:
        subject = f"{entry.plan.year} {entry.plan.version} r{entry.plan.revision}"
    else:
        subject = ""
    return {
        "at": timezone.localtime(entry.at),
        "user": entry.user.get_username() if entry.user_id else "",
        "unit": entry.unit.name if entry.unit_id else entry.unit_name,
        "kind": str(KINDS.get(entry.kind, entry.kind)),
        "subject": subject,
        "period": entry.period,
        "field": _field_label(entry.field) if entry.field else "",
        "old": entry.old,
        "new": entry.new,
        "reason": entry.reason,
    }


COLUMNS = (
    ("at", _("When")),
    ("user", _("Who")),
    ("unit", _("Unit")),
    ("kind", _("Kind")),
    ("subject", _("About")),
    ("period", _("Period")),
    ("field", _("Field")),
    ("old", _("Before")),
    ("new", _("After")),
    ("reason", _("Reason")),
)


@login_required
@require_GET
def audit_log(request):
    """The audit log of the person's kabupaten (administrators, the inspectorate, superusers)."""
    kabupaten = access.access_kabupaten(request.user, Action.AUDIT, _kabupaten_param(request))
    form = AuditFilter(request.GET or None, kabupaten=kabupaten)
    entries = entries_of(kabupaten, request.user, form)
    if request.GET.get("download") == "xlsx":
        return _download(kabupaten, entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("download", None)
    return render(
        request,
        "monitoring/audit.html",
        {
            "kabupaten": kabupaten,
            "form": form,
            "page": page,
            "rows": [row_of(e) for e in page.object_list],
            "columns": COLUMNS,
            "query": query.urlencode(),
        },
    )


def _kabupaten_param(request) -> int | None:
    value = request.GET.get("kabupaten", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _download(kabupaten: Unit, entries) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from ...reports.xlsx import put_text

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Audit")

    def text_cell(value: str):
        cell = WriteOnlyCell(sheet)
        put_text(cell, value)
        return cell

    sheet.append([text_cell(str(label)) for _key, label in COLUMNS])
    for entry in entries[:EXPORT_LIMIT].iterator(chunk_size=2000):
        row = row_of(entry)
        at = WriteOnlyCell(sheet, value=row["at"].replace(tzinfo=None))
        at.number_format = "yyyy-mm-dd hh:mm:ss"
        sheet.append([at, *(text_cell(row[key]) for key, _label in COLUMNS[1:])])
    out = io.BytesIO()
    workbook.save(out)
    name = f"audit-{kabupaten.pk}-{timezone.localdate().isoformat()}.xlsx"
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
