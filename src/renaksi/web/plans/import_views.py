"""Importing a document in the browser: upload → preview → confirm (one transaction) or cancel.

Each view gets its objects from the gatekeeper (``access_unit`` / ``access_import`` with
``Action.IMPORT``) and changes nothing itself: ``services.stage_import`` reads the upload into a
pending import, ``services.confirm_import`` saves it as a new plan revision (earlier revisions are
kept), ``services.cancel_import`` drops it. Everything read from the document is shown as plain,
autoescaped text.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.db.models import Max
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...core import plan as core
from ...core.periods import period_label
from ...importers import SUPPORTED_SUFFIXES
from ..access import Action, access_import, access_unit
from . import services
from .models import LEVEL_CHOICES, ImportSession, Plan
from .table import FindingView

log = logging.getLogger(__name__)

LEVEL_LABELS = dict(LEVEL_CHOICES)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Document"),
        help_text=gettext_lazy(
            "Word (.docx, .doc), Excel (.xlsx, .xls), PDF, HTML, CSV, text copied out of a document "
            "(.txt, .tsv) or a plan .json."
        ),
        # An empty file is refused by the reader, with the same one-line reason as the command.
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUPPORTED_SUFFIXES)}),
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    version = forms.ChoiceField(
        label=gettext_lazy("Version"),
        choices=Plan.Version.choices,
        initial=Plan.Version.MURNI,
        widget=forms.RadioSelect,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = Path(upload.name or "").name
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise forms.ValidationError(
                _("%(name)s: unknown format %(suffix)s; supported: %(supported)s")
                % {
                    "name": name,
                    "suffix": suffix or _("(no extension)"),
                    "supported": ", ".join(SUPPORTED_SUFFIXES),
                }
            )
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, unit_id: int):
    unit = access_unit(request.user, unit_id, Action.IMPORT)
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                session = services.stage_import(
                    unit=unit,
                    year=form.cleaned_data["year"],
                    version=form.cleaned_data["version"],
                    upload=form.cleaned_data["file"],
                    user=request.user,
                    max_bytes=settings.RENAKSI_MAX_UPLOAD_BYTES,
                )
            except services.ServiceError as exc:
                form.add_error("file", str(exc))
            else:
                return redirect("import_preview", session_id=session.pk)
        status = 400
    else:
        form = ImportForm(initial={"year": timezone.localdate().year})
    return render(
        request,
        "plans/import_upload.html",
        {
            "unit": unit,
            "form": form,
            "supported": ", ".join(SUPPORTED_SUFFIXES),
            "max_megabytes": settings.RENAKSI_MAX_UPLOAD_BYTES // (1024 * 1024),
        },
        status=status,
    )


# ---------------------------------------------------------------------------------------------
# Preview


@dataclass
class Row:
    """One line of the preview table: a node, or one of its indicators."""

    depth: int
    level: str = ""
    level_label: str = ""
    number: str = ""
    code: str = ""
    name: str = ""
    budget: str = ""
    objective: str = ""
    indicator: str = ""
    unit: str = ""
    annual: str = ""
    targets: list[str] = field(default_factory=list)
    line: int | None = None
    anchor: str = ""  # "line-N" on the first row read from line N, for links from findings

    @property
    def is_node(self) -> bool:
        return bool(self.level)


def show_value(value: core.Value) -> str:
    """A value for the page: localised numbers, text as it stands, nothing as an empty cell."""
    value = core.tidy_number(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    if isinstance(value, float):
        return number_format(Decimal(repr(value)).normalize())
    return str(value)


def preview_rows(document: core.Plan) -> list[Row]:
    rows: list[Row] = []
    anchored: set[int] = set()

    def anchor(line: int | None) -> str:
        if line is None or line in anchored:
            return ""
        anchored.add(line)
        return f"line-{line}"

    def visit(node: core.Node, depth: int) -> None:
        rows.append(
            Row(
                depth=depth,
                level=node.level,
                level_label=str(LEVEL_LABELS.get(node.level, node.level)),
                number=node.number or "",
                code=node.code or "",
                name=node.name,
                budget=show_value(node.budget),
                line=node.line,
                anchor=anchor(node.line),
            )
        )
        for indicator in node.indicators:
            rows.append(
                Row(
                    depth=depth,
                    objective=indicator.objective or "",
                    indicator=indicator.name,
                    unit=indicator.unit or "",
                    annual=show_value(indicator.annual_target),
                    targets=[show_value(indicator.targets.get(p)) for p in document.periods],
                    line=indicator.line,
                    anchor=anchor(indicator.line),
                )
            )
        for child in node.children:
            visit(child, depth + 1)

    for node in document.nodes:
        visit(node, 0)
    return rows


@login_required
@require_GET
def import_preview(request, session_id):
    session = access_import(request.user, session_id, Action.IMPORT)
    if session.status != ImportSession.Status.PENDING:
        return _finished(request, session)
    document = core.Plan.from_dict(session.plan_json)
    counts = [
        (level, label, document.count(level))
        for level, label in LEVEL_CHOICES
        if document.count(level)
    ]
    severities = {
        s: sum(1 for f in document.findings if f.severity == s)
        for s in ("error", "warning", "info")
    }
    latest = Plan.objects.filter(
        unit=session.unit, year=session.year, version=session.version
    ).aggregate(Max("revision"))["revision__max"]
    rows = preview_rows(document)
    return render(
        request,
        "plans/import_preview.html",
        {
            "session": session,
            "unit": session.unit,
            "document": document,
            "periods": [period_label(p) for p in document.periods],
            "rows": rows,
            "anchors": {row.line for row in rows if row.anchor},
            "counts": counts,
            "indicator_count": sum(1 for _ in document.indicators()),
            "findings": [FindingView(f, "import") for f in document.findings],
            "severities": severities,
            "latest_revision": latest,
            "next_revision": (latest or 0) + 1,
            "year_differs": bool(document.year and int(document.year) != session.year),
        },
    )


def _finished(request, session: ImportSession):
    """A preview asked for after the import was confirmed or cancelled."""
    if session.status == ImportSession.Status.CONFIRMED and session.plan_id:
        messages.info(request, _("This import was already saved."))
        return redirect("plan_detail", plan_id=session.plan_id)
    messages.info(request, _("This import was cancelled; nothing of it was saved."))
    return redirect("unit_detail", unit_id=session.unit_id)


# ---------------------------------------------------------------------------------------------
# Confirm or cancel


@login_required
@require_POST
def import_confirm(request, session_id):
    session = access_import(request.user, session_id, Action.IMPORT)
    try:
        plan = services.confirm_import(session=session, user=request.user)
    except services.ServiceError:
        session.refresh_from_db()
        messages.error(request, _("This import was already confirmed or cancelled."))
        if session.plan_id:
            return redirect("plan_detail", plan_id=session.plan_id)
        return redirect("unit_detail", unit_id=session.unit_id)
    except DatabaseError:
        # confirm_import is one transaction: nothing of the plan was saved, the import still waits.
        log.exception("import %s could not be saved", session.pk)
        messages.error(
            request,
            _("The plan could not be saved (database error); nothing was saved. Try again."),
        )
        return redirect("import_preview", session_id=session.pk)
    messages.success(
        request,
        _("Saved %(unit)s %(year)s %(version)s, revision %(revision)s.")
        % {
            "unit": plan.unit.name,
            "year": plan.year,
            "version": plan.get_version_display(),
            "revision": plan.revision,
        },
    )
    return redirect("plan_detail", plan_id=plan.pk)


@login_required
@require_POST
def import_cancel(request, session_id):
    session = access_import(request.user, session_id, Action.IMPORT)
    try:
        services.cancel_import(session=session)
    except services.ServiceError:
        messages.error(request, _("This import was already confirmed or cancelled."))
    else:
        messages.info(request, _("Import cancelled; nothing was saved."))
    return redirect("unit_detail", unit_id=session.unit_id)
