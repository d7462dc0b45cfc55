"""Importing a document in the browser: upload → preview → confirm (one transaction) or cancel.

Each view gets its objects from the gatekeeper (``access_unit`` / ``access_import`` with
``Action.IMPORT``) and changes nothing itself: ``services.stage_import`` keeps the upload and
queues it; the worker reads it (``tasks.read_import``) into a pending import or a failed one,
while the import's page waits (``import_status`` is what its script asks);
``services.correct_import`` reads it again with a person's correction (the
preview's correction panel), ``services.reset_import_reading`` without any,
``services.confirm_import`` saves it as a new plan revision (earlier revisions are kept; the
correction is kept as the layout's template), ``services.cancel_import`` drops it. Everything read
from the document is shown as plain, autoescaped text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.db.models import Max
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...core import plan as core
from ...core.periods import period_label
from ...importers import SUPPORTED_SUFFIXES, Mapping, Reading
from ...importers.grid import Grid
from ..access import Action, access_import, access_unit, can
from ..monitoring import carry_over
from ..monitoring.models import Report
from . import import_panel, import_review, services
from .models import LEVEL_LABELS, ImportSession, Plan
from .table import FindingView

log = logging.getLogger(__name__)


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


def _declared_too_large(request) -> bool:
    """Whether the request declares a body beyond the upload limit (and the form's few fields)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.RENAKSI_MAX_UPLOAD_BYTES + 64 * 1024


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, unit_id: int):
    unit = access_unit(request.user, unit_id, Action.IMPORT)
    status = 200
    if request.method == "POST" and _declared_too_large(request):
        # Refused from the length the browser declares, before the body is read.
        return render(
            request,
            "plans/import_upload.html",
            {
                "unit": unit,
                "form": ImportForm(initial={"year": timezone.localdate().year}),
                "too_large": _("The file is larger than %(size)s MB; nothing was read.")
                % {"size": settings.RENAKSI_MAX_UPLOAD_BYTES // (1024 * 1024)},
                "supported": ", ".join(SUPPORTED_SUFFIXES),
                "max_megabytes": settings.RENAKSI_MAX_UPLOAD_BYTES // (1024 * 1024),
            },
            status=413,
        )
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


def _edits(post) -> int | None:
    value = post.get("edits", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


# ---------------------------------------------------------------------------------------------
# The preview page


def _page(request) -> int:
    value = request.GET.get("part", "1")
    return int(value) if value.isdigit() and len(value) < 6 else 1


def preview_context(request, session: ImportSession) -> dict:
    document = core.Plan.from_dict(session.plan_json)
    reading = Reading.from_dict(session.reading or {})
    grid = Grid.from_dict(session.grid) if session.grid is not None else None
    summary = import_review.summarize(document, reading if grid else None, grid)
    if session.read_error:
        summary.reasons[:] = [_("No plan table was found: mark the header row of a table below.")]
    latest = Plan.objects.filter(
        unit=session.unit, year=session.year, version=session.version
    ).aggregate(Max("revision"))["revision__max"]
    rows = preview_rows(document)
    templates = list(session.templates.select_related("created_by").order_by("pk"))
    panel = (
        import_panel.build_panel(session, document, reading, grid, _page(request)) if grid else None
    )
    previous = carry_over.replaced_plan(session.unit, session.year, session.version)
    carry = carry_over.preview(previous, document) if previous is not None and rows else None
    states = dict(Report.State.choices)
    return {
        "carry": carry,
        "carry_states": [
            (period_label(p), str(states.get(state, state)))
            for p, state in sorted(
                (carry.states if carry else {}).items(),
                key=lambda item: document.periods.index(item[0]),
            )
        ],
        "may_unlock": can(request.user, session.unit, Action.UNLOCK),
        "session": session,
        "unit": session.unit,
        "document": document,
        "summary": summary,
        "mismatch": import_review.mismatch(document, session.unit.name, session.year),
        "periods": [period_label(p) for p in document.periods],
        "rows": rows,
        "anchors": {row.line for row in rows if row.anchor},
        "counts": summary.counts,
        "indicator_count": summary.indicators,
        "findings": [FindingView(f, "import") for f in document.findings],
        "severities": {"error": summary.errors, "warning": summary.warnings, "info": summary.notes},
        "latest_revision": latest,
        "next_revision": (latest or 0) + 1,
        "templates": templates,
        "panel": panel,
        "correcting": bool(
            panel and (summary.looks_wrong or session.corrected or session.read_error)
        ),
        "corrected": session.corrected or bool(templates),
    }


def _preview(request, session: ImportSession, status: int = 200, **errors):
    context = preview_context(request, session)
    context.update(errors)
    return render(request, "plans/import_preview.html", context, status=status)


@login_required
@require_GET
def import_preview(request, session_id):
    session = access_import(request.user, session_id, Action.IMPORT)
    if session.status in _NOT_READ:
        return _reading(request, session)
    if session.status != ImportSession.Status.PENDING:
        return _finished(request, session)
    return _preview(request, session)


# An import whose document is still being read, or could not be read: no preview (yet).
_NOT_READ = (ImportSession.Status.READING, ImportSession.Status.FAILED)


def _elapsed(session: ImportSession) -> int:
    return max(0, int((timezone.now() - session.created_at).total_seconds()))


def _reading(request, session: ImportSession):
    """The page of an import still being read (it refreshes itself), or that could not be."""
    session = services.expire_reading(session)
    if session.status not in _NOT_READ:
        return redirect("import_preview", session_id=session.pk)
    return render(
        request,
        "plans/import_reading.html",
        {
            "session": session,
            "unit": session.unit,
            "failed": session.status == ImportSession.Status.FAILED,
            "started": session.read_started_at is not None,
            "elapsed": _elapsed(session),
            "limit": settings.RENAKSI_READ_SECONDS,
        },
    )


@login_required
@require_GET
def import_status(request, session_id):
    """Where the reading of an upload stands, for the reading page's script: ``reading``
    (``started`` once the worker took it), ``failed`` with the reader's one line, or ``read``."""
    session = services.expire_reading(access_import(request.user, session_id, Action.IMPORT))
    state = {
        ImportSession.Status.READING: "reading",
        ImportSession.Status.FAILED: "failed",
    }.get(session.status, "read")
    response = JsonResponse(
        {
            "state": state,
            "started": session.read_started_at is not None,
            "elapsed": _elapsed(session),
            "error": session.read_error if state == "failed" else "",
        }
    )
    response["Cache-Control"] = "no-store"
    return response


def _finished(request, session: ImportSession):
    """A preview asked for after the import was confirmed or cancelled."""
    if session.status == ImportSession.Status.CONFIRMED and session.plan_id:
        messages.info(request, _("This import was already saved."))
        return redirect("plan_detail", plan_id=session.plan_id)
    messages.info(request, _("This import was cancelled; nothing of it was saved."))
    return redirect("unit_detail", unit_id=session.unit_id)


def _back_to_panel(session: ImportSession, request) -> HttpResponseRedirect:
    url = reverse("import_preview", args=[session.pk])
    page = _page(request)
    if page > 1:
        url += f"?part={page}"
    focus = request.POST.get("focus", "")
    return HttpResponseRedirect(url + (f"#row-{focus}" if focus.isdigit() else "#correct"))


# ---------------------------------------------------------------------------------------------
# Correcting the reading


@login_required
@require_POST
def import_correct(request, session_id):
    session = access_import(request.user, session_id, Action.IMPORT)
    if session.status in _NOT_READ:
        return redirect("import_preview", session_id=session.pk)
    if session.status != ImportSession.Status.PENDING:
        return _finished(request, session)
    expected = _edits(request.POST)
    try:
        correction = import_panel.parse_correction(request.POST)
    except ValueError:
        expected = None
    if expected is None:
        return _preview(
            request, session, 400, correction_error=_("The correction form was incomplete.")
        )
    try:
        services.correct_import(
            session=session, expected_edits=expected, correction=correction, user=request.user
        )
    except services.StaleImport as exc:
        session.refresh_from_db()
        return _preview(request, session, 409, correction_error=str(exc))
    except services.ImportFinished:
        session.refresh_from_db()
        return _finished(request, session)
    except services.ServiceError as exc:
        session.refresh_from_db()
        return _preview(
            request,
            session,
            400,
            correction_error=_("The correction was not applied: %(reason)s") % {"reason": str(exc)},
        )
    return _back_to_panel(session, request)


@login_required
@require_POST
def import_reset(request, session_id):
    """Read the document again without any correction (the person's or a saved template's)."""
    session = access_import(request.user, session_id, Action.IMPORT)
    if session.status in _NOT_READ:
        return redirect("import_preview", session_id=session.pk)
    if session.status != ImportSession.Status.PENDING:
        return _finished(request, session)
    expected = _edits(request.POST)
    if expected is None:
        return _preview(
            request, session, 400, correction_error=_("The correction form was incomplete.")
        )
    try:
        services.reset_import_reading(session=session, expected_edits=expected, user=request.user)
    except services.StaleImport as exc:
        session.refresh_from_db()
        return _preview(request, session, 409, correction_error=str(exc))
    except services.ImportFinished:
        session.refresh_from_db()
        return _finished(request, session)
    except services.ServiceError as exc:
        return _preview(request, session, 400, correction_error=str(exc))
    messages.info(request, _("The document was read again without any correction."))
    return redirect("import_preview", session_id=session.pk)


@login_required
@require_GET
def import_mapping(request, session_id):
    """The correction of a pending import as a mapping file, for ``renaksi parse --mapping``."""
    session = access_import(request.user, session_id, Action.IMPORT)
    response = JsonResponse(
        Mapping.from_dict(session.mapping or {}).to_dict(),
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    stem = Path(session.source_name).stem or "document"
    response["Content-Disposition"] = f'attachment; filename="{slugify(stem)}-mapping.json"'
    return response


# ---------------------------------------------------------------------------------------------
# Confirm or cancel


# Uncertain pairs a person can confirm at once (a form with more is cut, not refused).
MAX_CONFIRMED_PAIRS = 5_000
_PATH = re.compile(r"^\d{1,6}(?:\.\d{1,6}){0,9}#\d{1,6}$")


def _carry_over_answers(request, session: ImportSession) -> dict:
    """The carry-over part of the confirm form: the uncertain pairs ticked as the same, the
    realisasi left behind, the reason for changing a verified period (heard only from someone
    the gatekeeper lets unlock), and the preview's signature."""
    may_unlock = can(request.user, session.unit, Action.UNLOCK)
    signature = request.POST.get("carry_over", "")
    return {
        "confirmed_pairs": [
            path for path in request.POST.getlist("same")[:MAX_CONFIRMED_PAIRS] if _PATH.match(path)
        ],
        "leave_behind": request.POST.get("leave_behind") == "1",
        "unlock_reason": request.POST.get("unlock_reason", "") if may_unlock else "",
        "expected_carry_over": signature if len(signature) == 16 else None,
    }


@login_required
@require_POST
def import_confirm(request, session_id):
    session = access_import(request.user, session_id, Action.IMPORT)
    if session.status in _NOT_READ:
        return redirect("import_preview", session_id=session.pk)
    try:
        plan = services.confirm_import(
            session=session,
            user=request.user,
            expected_edits=_edits(request.POST),
            mismatch_confirmed=request.POST.get("mismatch_confirmed") == "1",
            **_carry_over_answers(request, session),
        )
    except services.CarryOverNotConfirmed as exc:
        return _preview(request, session, 409, confirm_error=str(exc))
    except services.StaleImport as exc:
        session.refresh_from_db()
        return _preview(request, session, 409, confirm_error=str(exc))
    except (services.MismatchNotConfirmed, services.NothingRead) as exc:
        return _preview(request, session, 400, confirm_error=str(exc))
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
        services.cancel_import(session=session, user=request.user)
    except services.ServiceError:
        messages.error(request, _("This import was already confirmed or cancelled."))
    else:
        messages.info(request, _("Import cancelled; nothing was saved."))
    return redirect("unit_detail", unit_id=session.unit_id)
