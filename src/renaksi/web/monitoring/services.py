"""Writes of quarterly monitoring: realisasi, budget spent, evidence, the workflow, deadlines.

Each function is atomic and keyword-only, checks what the data and the workflow must satisfy
(who may act at all is the gatekeeper's: ``access.py``), records every change in History, and
raises ``MonitoringError`` (or its subclass ``Conflict`` for a lost-update attempt) with a message
a person understands.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from ...core import plan as core
from ...core import submission
from ...core.text import has_controls, strip_controls
from .. import audit
from ..accounts.models import Unit
from ..plans.models import Indicator, Node, Plan
from ..plans.services import checked_text, checked_value, to_decimal
from ..storage import forget as forget_stored
from . import selectors
from .models import (
    BudgetSpent,
    Deadline,
    DeadlineChange,
    Evidence,
    History,
    Realisation,
    RealisationUpload,
    Report,
)

log = logging.getLogger(__name__)


class MonitoringError(Exception):
    """A monitoring change that cannot be made, with the reason."""


class Conflict(MonitoringError):
    """Someone else saved the same thing since this form was opened; nothing was overwritten."""


class EvidenceError(MonitoringError):
    """A file or a link that cannot be evidence (type, size, address); nothing was stored."""


class Unconfirmed(MonitoringError):
    """A period with rows to look at (``check``) was submitted without confirming exactly those
    findings; nothing changed."""

    def __init__(self, check: submission.Check):
        self.check = check
        super().__init__(
            _(
                "%(count)s findings to look at before submitting: confirm them (empty rows, missing evidence, implausible values)"
            )
            % {"count": len(check.findings)}
        )


def _text(value: core.Value | Decimal | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
        return format(value, "f")
    return str(value)


def _refuse_if_replaced(plan: Plan) -> None:
    """A revision replaced by a newer one is kept as it was: its work lives on in the newer one
    (``carry_over``), and a change here would be lost there. The plan's row is locked: an import
    replacing it (which updates that row first) waits for this change, or this change waits for
    the import and is refused, so no realisasi lands on a revision after its work was carried."""
    current = (
        Plan.objects.select_for_update().filter(pk=plan.pk).values_list("is_current", flat=True)
    )
    if not any(current):
        raise MonitoringError(
            _(
                "This is revision %(revision)s, replaced by a newer revision of the plan: it is "
                "kept as it was. Enter and review the realisasi on the current revision."
            )
            % {"revision": plan.revision}
        )


def _report_for_update(plan: Plan, period: str) -> Report:
    _refuse_if_replaced(plan)
    if period not in plan.periods:
        raise MonitoringError(_("%(period)s is not a period of this plan") % {"period": period})
    report, _created = Report.objects.select_for_update().get_or_create(plan=plan, period=period)
    return report


def _editable(report: Report) -> None:
    if report.state == Report.State.VERIFIED:
        raise MonitoringError(
            _("%(period)s is verified and locked; an administrator can unlock it")
            % {"period": report.period}
        )
    if report.state == Report.State.SUBMITTED:
        raise MonitoringError(
            _(
                "%(period)s is submitted and waiting for verification; it can be changed when returned"
            )
            % {"period": report.period}
        )


# ---------------------------------------------------------------------------------------------
# Realisasi


@transaction.atomic
def save_realisation(
    *,
    indicator: Indicator,
    period: str,
    value: core.Value,
    obstacles: str = "",
    supporting_factors: str = "",
    follow_up: str = "",
    expected_version: int | None,
    user,
) -> Realisation:
    """Save one indicator's realisasi for a period.

    ``expected_version`` is the version the form was loaded with (None for a realisation that did
    not exist then). If someone saved in between, ``Conflict`` is raised and nothing is written:
    the second person is told, and neither change is lost silently.
    """
    plan = indicator.node.plan
    value = checked_value(value, MonitoringError)
    obstacles, supporting_factors, follow_up = (
        checked_text(text, "note", MonitoringError)
        for text in (obstacles, supporting_factors, follow_up)
    )
    report = _report_for_update(plan, period)
    _editable(report)
    realisation = (
        Realisation.objects.select_for_update().filter(indicator=indicator, period=period).first()
    )
    current_version = realisation.version if realisation else None
    if current_version != expected_version:
        raise Conflict(
            _(
                "Someone else saved the realisasi of '%(name)s' for %(period)s after you opened it. Reload to see their change; yours was not saved."
            )
            % {"name": indicator.name, "period": period}
        )
    number, text = to_decimal(value)
    fields = {
        "value": number,
        "text": text,
        "obstacles": obstacles,
        "supporting_factors": supporting_factors,
        "follow_up": follow_up,
    }
    if realisation is None:
        realisation = Realisation(indicator=indicator, period=period, version=0)
        old = dict.fromkeys(fields, "")
        old["value"] = None
    else:
        old = {name: getattr(realisation, name) for name in fields}
    changes = [
        (name, old[name], new) for name, new in fields.items() if _text(old[name]) != _text(new)
    ]
    if not changes and realisation.pk:
        return realisation
    for name, new in fields.items():
        setattr(realisation, name, new)
    realisation.version += 1
    realisation.updated_by = user if getattr(user, "pk", None) else None
    realisation.save()
    audit.record_many(
        [
            {
                "user": realisation.updated_by,
                "plan": plan,
                "indicator": indicator,
                "period": period,
                "kind": History.Kind.REALISATION,
                "field": "value" if name in ("value", "text") else name,
                "old": _text(before),
                "new": _text(after),
            }
            for name, before, after in changes
            if not (name == "text" and not before and not after)
        ]
    )
    return realisation


@transaction.atomic
def save_budget_spent(
    *, node: Node, period: str, amount: Decimal | None, expected_version: int | None, user
) -> BudgetSpent | None:
    """Budget spent by a node up to a period (None clears it). Same version check as realisasi."""
    plan = node.plan
    _editable(_report_for_update(plan, period))
    spent = BudgetSpent.objects.select_for_update().filter(node=node, period=period).first()
    if (spent.version if spent else None) != expected_version:
        raise Conflict(
            _(
                "Someone else saved the budget spent of '%(name)s' for %(period)s after you opened it."
            )
            % {"name": node.name, "period": period}
        )
    if amount is not None and amount < 0:
        raise MonitoringError(_("budget spent cannot be negative"))
    old = spent.amount if spent else None
    if amount is None:
        if spent:
            spent.delete()
        result = None
    else:
        spent = spent or BudgetSpent(node=node, period=period, version=0)
        spent.amount = amount
        spent.version += 1
        spent.updated_by = user if getattr(user, "pk", None) else None
        spent.save()
        result = spent
    if _text(old) != _text(amount):
        audit.record(
            plan=plan,
            node=node,
            period=period,
            kind=History.Kind.BUDGET,
            field="spent",
            old=_text(old),
            new=_text(amount),
            user=user,
        )
    return result


# ---------------------------------------------------------------------------------------------
# Realisasi from a spreadsheet: a workbook filled in offline, previewed, then saved all at once

# An uploaded workbook waits this long for its confirmation; older ones are removed when the same
# person uploads the same sheet again (nothing else refers to them).
UPLOAD_KEPT = dt.timedelta(days=7)
# The errors an upload keeps and its preview lists, at most.
MAX_UPLOAD_ERRORS = 500


@dataclass(frozen=True)
class RealisationChange:
    """What an uploaded workbook changes of one indicator's realisasi: only the fields edited
    (``value``: a number or a text or None; ``obstacles``, ``supporting_factors``,
    ``follow_up``: texts), and the version its row had at the download."""

    indicator_id: int
    expected_version: int | None
    fields: dict
    row: int = 0


@dataclass(frozen=True)
class SpentChange:
    """What an uploaded workbook changes of one node's budget spent (None clears it)."""

    node_id: int
    expected_version: int | None
    amount: Decimal | None
    row: int = 0


def _same_value(new: core.Value, realisation: Realisation | None) -> bool:
    number, text = to_decimal(new)
    if realisation is None:
        return number is None and not text
    return _text(number) == _text(realisation.value) and text == (realisation.text or "")


def _stored(realisation: Realisation | None, name: str) -> str:
    return (getattr(realisation, name) or "").strip() if realisation is not None else ""


def _changed_fields(keyed, realisation, errors: list) -> dict:
    """The fields of a workbook row whose cells were edited since the download (their digest
    differs from the key's), and whose values differ from what is stored (retyping the same
    number is no change); unreadable cells are added to ``errors``."""
    from . import workbook

    fields = {}
    for column in workbook.REALISATION_COLUMNS:
        if not column.editable or column.key in keyed.bad:
            continue
        raw = keyed.cells.get(column.key)
        if not workbook.edited(raw, keyed.digests.get(column.key, "")):
            continue
        try:
            if column.field == "value":
                value = workbook.parse_realisasi(raw)
                if not _same_value(value, realisation):
                    fields["value"] = workbook.value_to_json(value)
            else:
                text = workbook.parse_narrative(raw, str(column.label))
                if text != _stored(realisation, column.field):
                    fields[column.field] = text
        except workbook.RowError as exc:
            errors.append(workbook.CellError(keyed.row, str(column.label), str(exc)).to_dict())
    return fields


@transaction.atomic
def stage_realisation_upload(
    *, plan: Plan, period: str, read, source_name: str = "", user
) -> RealisationUpload:
    """Keep what an uploaded workbook (``workbook.read_workbook``) would change, for its preview.

    Only the cells edited since the download (their digest differs from the row key's) whose
    values differ from what the period holds are kept, each row with the version it had at the
    download (a row edited offline and on the page since is a conflict in the preview); cells
    that cannot be read (and rows of indicators no longer in the plan) are kept as errors, with
    their row and column. Nothing of the plan changes. A period
    that is submitted or verified is refused (MonitoringError), as the page refuses it. The same
    person's earlier uploads of the same sheet are removed.
    """
    from . import workbook

    _editable(_report_for_update(plan, period))
    errors = [e.to_dict() for e in read.errors]
    indicators = set(Indicator.objects.filter(node__plan=plan).values_list("pk", flat=True))
    current = {
        r.indicator_id: r
        for r in Realisation.objects.filter(indicator__node__plan=plan, period=period)
    }
    changes = []
    for keyed in read.rows:
        if keyed.pk not in indicators:
            errors.append(
                workbook.CellError(
                    keyed.row, "", _("this indicator is no longer in the plan")
                ).to_dict()
            )
            continue
        fields = _changed_fields(keyed, current.get(keyed.pk), errors)
        if fields:
            changes.append(
                {
                    "row": keyed.row,
                    "indicator": keyed.pk,
                    "version": keyed.version,
                    "fields": fields,
                }
            )
    nodes = set(Node.objects.filter(plan=plan).values_list("pk", flat=True))
    spent_now = {s.node_id: s for s in BudgetSpent.objects.filter(node__plan=plan, period=period)}
    spent_changes = []
    label = str(workbook.FIELD_LABELS["spent"])
    for keyed in read.spent:
        if keyed.pk not in nodes:
            errors.append(
                workbook.CellError(
                    keyed.row, "", _("this node is no longer in the plan"), workbook.SPENT_SHEET
                ).to_dict()
            )
            continue
        if "spent" in keyed.bad:
            continue
        stored = spent_now.get(keyed.pk)
        raw = keyed.cells.get("spent")
        if not workbook.edited(raw, keyed.digests.get("spent", "")):
            continue
        try:
            amount = workbook.parse_spent(raw)
        except workbook.RowError as exc:
            errors.append(
                workbook.CellError(keyed.row, label, str(exc), workbook.SPENT_SHEET).to_dict()
            )
            continue
        if _text(amount) != _text(stored.amount if stored else None):
            spent_changes.append(
                {
                    "row": keyed.row,
                    "node": keyed.pk,
                    "version": keyed.version,
                    "amount": _text(amount) if amount is not None else None,
                }
            )
    if len(errors) > MAX_UPLOAD_ERRORS:  # a sheet of garbage: the first ones say enough
        more = len(errors) - MAX_UPLOAD_ERRORS
        rest = ngettext(
            "and %(count)s more cell or row that cannot be read",
            "and %(count)s more cells or rows that cannot be read",
            more,
        ) % {"count": more}
        errors = [*errors[:MAX_UPLOAD_ERRORS], {"row": 0, "column": "", "message": rest}]
    RealisationUpload.objects.filter(
        Q(plan=plan, period=period) | Q(created_at__lt=timezone.now() - UPLOAD_KEPT),
        created_by=user,
    ).delete()
    return RealisationUpload.objects.create(
        plan=plan,
        period=period,
        source_name=strip_controls(Path(source_name or "").name)[:255],
        changes=changes,
        spent_changes=spent_changes,
        errors=errors,
        created_by=user,
    )


def upload_changes(
    upload: RealisationUpload,
) -> tuple[list[RealisationChange], list[SpentChange]]:
    """An upload's changes as the service ``save_realisations`` takes them (reads nothing)."""
    from . import workbook

    rows = [
        RealisationChange(
            indicator_id=int(c["indicator"]),
            expected_version=c["version"],
            fields={
                name: workbook.value_from_json(value) if name == "value" else str(value)
                for name, value in c["fields"].items()
            },
            row=int(c.get("row") or 0),
        )
        for c in upload.changes
    ]
    spent = [
        SpentChange(
            node_id=int(c["node"]),
            expected_version=c["version"],
            amount=Decimal(c["amount"]) if c["amount"] is not None else None,
            row=int(c.get("row") or 0),
        )
        for c in upload.spent_changes
    ]
    return rows, spent


_REALISATION_FIELDS = ("value", "obstacles", "supporting_factors", "follow_up")


@transaction.atomic
def save_realisations(
    *,
    plan: Plan,
    period: str,
    rows: list[RealisationChange],
    spent: list[SpentChange] = (),
    user,
) -> int:
    """Save several indicators' realisasi (and nodes' budget spent) of a period in ONE
    transaction: all of them, or none.

    Each row is saved by ``save_realisation`` (the same checks, history and version bump as the
    page), with the fields it does not change as they are stored. A row whose realisation
    changed since ``expected_version`` raises ``Conflict``, an indicator or node no longer in the
    plan raises ``Conflict`` too, a locked period or a value refused raises ``MonitoringError``:
    then nothing is saved. Returns the number of rows saved.
    """
    from . import workbook

    _editable(_report_for_update(plan, period))
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(
            node__plan=plan, pk__in=[r.indicator_id for r in rows]
        ).select_related("node")
    }
    current = {
        r.indicator_id: r
        for r in Realisation.objects.select_for_update().filter(
            indicator_id__in=list(indicators), period=period
        )
    }
    saved = 0
    for change in rows:
        indicator = indicators.get(change.indicator_id)
        if indicator is None:
            raise Conflict(
                _("An indicator of the sheet was removed from the plan; nothing was saved.")
            )
        indicator.node.plan = plan  # the checked plan, with its unit
        realisation = current.get(indicator.pk)
        if (realisation.version if realisation else None) != change.expected_version:
            raise Conflict(
                _(
                    "The realisasi of '%(name)s' for %(period)s was changed after the download; nothing was saved."
                )
                % {"name": Truncator(indicator.name).chars(80), "period": period}
            )
        merged = {
            "value": workbook.stored_value(realisation),
            "obstacles": realisation.obstacles if realisation else "",
            "supporting_factors": realisation.supporting_factors if realisation else "",
            "follow_up": realisation.follow_up if realisation else "",
        }
        merged.update({k: v for k, v in change.fields.items() if k in _REALISATION_FIELDS})
        save_realisation(
            indicator=indicator,
            period=period,
            expected_version=change.expected_version,
            user=user,
            **merged,
        )
        saved += 1
    nodes = {n.pk: n for n in Node.objects.filter(plan=plan, pk__in=[s.node_id for s in spent])}
    for change in spent:
        node = nodes.get(change.node_id)
        if node is None:
            raise Conflict(_("A node of the sheet was removed from the plan; nothing was saved."))
        node.plan = plan
        save_budget_spent(
            node=node,
            period=period,
            amount=change.amount,
            expected_version=change.expected_version,
            user=user,
        )
        saved += 1
    return saved


@transaction.atomic
def apply_realisation_upload(*, upload: RealisationUpload, user) -> int:
    """Save everything a previewed upload changes (``save_realisations``: all or nothing).

    Refused (MonitoringError, nothing saved) when the upload has errors or was already saved;
    ``Conflict`` when a row changed since the download or the preview: a stale preview never
    overwrites. Returns the number of rows saved.
    """
    upload = (
        RealisationUpload.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__unit", "plan__unit__parent")
        .get(pk=upload.pk)
    )
    if upload.status != RealisationUpload.Status.PENDING:
        raise MonitoringError(_("This upload was already saved."))
    if upload.errors:
        raise MonitoringError(
            _("The workbook has cells that cannot be read: correct them and upload it again.")
        )
    rows, spent = upload_changes(upload)
    saved = save_realisations(
        plan=upload.plan, period=upload.period, rows=rows, spent=spent, user=user
    )
    upload.status = RealisationUpload.Status.APPLIED
    upload.applied_at = timezone.now()
    upload.save(update_fields=["status", "applied_at"])
    return saved


# ---------------------------------------------------------------------------------------------
# Evidence

# What a file must start with to be accepted, by type. Anything else (executables, scripts, HTML)
# is refused whatever its name says.
_SIGNATURES: tuple[tuple[bytes, str, tuple[str, ...]], ...] = (
    (b"%PDF-", "application/pdf", (".pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", (".png",)),
    (b"\xff\xd8\xff", "image/jpeg", (".jpg", ".jpeg")),
    (b"PK\x03\x04", "application/zip", (".docx", ".xlsx", ".pptx", ".zip")),
)
_OFFICE_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".zip": "application/zip",
}


def safe_name(name: str) -> str:
    """The file name to display: no directories, no control characters, at most 255 characters."""
    base = Path(name.replace("\\", "/")).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    return (cleaned or "file")[:255]


def sniff(head: bytes, name: str) -> str:
    """The content type of an evidence file from its first bytes; EvidenceError if not allowed."""
    suffix = Path(safe_name(name)).suffix.lower()
    for magic, content_type, suffixes in _SIGNATURES:
        if head.startswith(magic):
            if suffix not in suffixes:
                raise EvidenceError(
                    _("'%(name)s' is not what its name says (its content is %(type)s)")
                    % {"name": safe_name(name), "type": content_type}
                )
            return _OFFICE_TYPES.get(suffix, content_type)
    raise EvidenceError(
        _(
            "'%(name)s' is not an accepted evidence file: PDF, PNG, JPEG, DOCX, XLSX, PPTX or ZIP only"
        )
        % {"name": safe_name(name)}
    )


@dataclass(frozen=True)
class _Checked:
    """A file or a link found acceptable as evidence, before anything is written."""

    link: str = ""
    name: str = ""
    content_type: str = ""
    data: bytes = b""


def _check_upload(upload) -> _Checked:
    """An uploaded file checked by size and content; ``EvidenceError`` if it cannot be evidence."""
    limit = getattr(django_settings, "RENAKSI_MAX_EVIDENCE_BYTES", 10 * 1024 * 1024)
    if upload.size > limit:
        raise EvidenceError(
            _("'%(name)s' is larger than %(size)s")
            % {"name": safe_name(upload.name), "size": filesizeformat(limit)}
        )
    data = upload.read()
    return _Checked(
        name=safe_name(upload.name), content_type=sniff(data[:16], upload.name), data=data
    )


def _check_link(link: str) -> _Checked:
    """A link checked: http or https, a well-formed address of at most 500 characters."""
    link = link.strip()
    if has_controls(link):
        raise EvidenceError(
            _("'%(link)s' is not a valid link")
            % {"link": Truncator(strip_controls(link)).chars(60)}
        )
    if not link.lower().startswith(("https://", "http://")):
        raise EvidenceError(_("a link must start with https:// or http://"))
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        valid = False
    else:
        valid = len(link) <= 500
    if not valid:
        raise EvidenceError(
            _("'%(link)s' is not a valid link") % {"link": Truncator(link).chars(60)}
        )
    return _Checked(link=link)


def _attach(
    *, realisation: Realisation, plan: Plan, checked: _Checked, user, written: list
) -> Evidence:
    """Store one checked file or link (the file's storage name appended to ``written``)."""
    evidence = Evidence(
        id=uuid.uuid4(),
        plan=plan,
        realisation=realisation,
        uploaded_by=user if getattr(user, "pk", None) else None,
    )
    if checked.link:
        evidence.link = checked.link
    else:
        evidence.content_type = checked.content_type
        evidence.original_name = checked.name
        evidence.size = len(checked.data)
        evidence.file.save(evidence.id.hex, ContentFile(checked.data), save=False)
        written.append((evidence.file.storage, evidence.file.name))
    evidence.save()
    audit.record(
        plan=plan,
        indicator=realisation.indicator,
        period=realisation.period,
        kind=History.Kind.EVIDENCE,
        field="evidence",
        new=evidence.original_name or evidence.link,
        user=evidence.uploaded_by,
    )
    return evidence


def add_evidence(*, realisation: Realisation, upload=None, link: str = "", user) -> Evidence:
    """Attach a file (checked by content and size) or a link to a realisation.

    Atomic, the stored file included: if anything fails, no row is written and the file is
    removed again.
    """
    written: list = []
    try:
        with transaction.atomic():
            plan = realisation.indicator.node.plan
            _editable(_report_for_update(plan, realisation.period))
            if upload is not None:
                checked = _check_upload(upload)
            elif link.strip():
                checked = _check_link(link)
            else:
                raise EvidenceError(_("give a file or a link"))
            return _attach(
                realisation=realisation, plan=plan, checked=checked, user=user, written=written
            )
    except BaseException:
        forget_stored(written)
        raise


def save_realisation_with_evidence(
    *,
    indicator: Indicator,
    period: str,
    value: core.Value,
    obstacles: str = "",
    supporting_factors: str = "",
    follow_up: str = "",
    expected_version: int | None,
    user,
    upload=None,
    link: str = "",
) -> tuple[Realisation, list[Evidence]]:
    """Save one indicator's realisasi for a period together with a file and/or a link, all or
    nothing: a file or link that cannot be evidence (``EvidenceError``), a stale version
    (``Conflict``) or a locked period leaves no realisasi, no evidence, no history and no stored
    file behind.

    Evidence without a value is allowed: the period's realisation is then created (or kept)
    without a value, as a realisation with only a narrative is; the indicator still counts as
    having no realisasi (no capaian, named in reminders) until a value is entered.
    """
    written: list = []
    try:
        with transaction.atomic():
            plan = indicator.node.plan
            _editable(_report_for_update(plan, period))
            # Everything is checked before anything is written.
            checked = []
            if upload is not None:
                checked.append(_check_upload(upload))
            if link.strip():
                checked.append(_check_link(link))
            realisation = save_realisation(
                indicator=indicator,
                period=period,
                value=value,
                obstacles=obstacles,
                supporting_factors=supporting_factors,
                follow_up=follow_up,
                expected_version=expected_version,
                user=user,
            )
            added = [
                _attach(
                    realisation=realisation, plan=plan, checked=item, user=user, written=written
                )
                for item in checked
            ]
    except BaseException:
        forget_stored(written)
        raise
    return realisation, added


@transaction.atomic
def delete_evidence(*, evidence: Evidence, user) -> None:
    """Remove a file or link wrongly attached to a realisation; its file leaves the storage once
    the removal is committed (a rolled-back removal keeps it). Refused, like adding evidence,
    while the period is submitted or verified."""
    evidence = (
        Evidence.objects.select_related("realisation__indicator__node__plan")
        .filter(pk=evidence.pk)
        .first()
    )
    if evidence is None:
        raise MonitoringError(_("this evidence was already removed"))
    realisation = evidence.realisation
    plan = realisation.indicator.node.plan
    # The period's report is locked first, as every other monitoring write does (same lock order).
    _editable(_report_for_update(plan, realisation.period))
    name = evidence.original_name or evidence.link
    stored, storage = evidence.file.name, evidence.file.storage
    if not Evidence.objects.filter(pk=evidence.pk).delete()[0]:
        raise MonitoringError(_("this evidence was already removed"))
    audit.record(
        plan=plan,
        indicator=realisation.indicator,
        period=realisation.period,
        kind=History.Kind.EVIDENCE,
        field="evidence",
        old=name,
        user=user,
    )
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


# ---------------------------------------------------------------------------------------------
# Workflow: draft → submitted → returned → … → verified (locked); unlock with a reason


def _transition(report: Report, new_state: str, user, reason: str = "") -> Report:
    old = report.state
    report.state = new_state
    report.version += 1
    report.save()
    audit.record(
        plan=report.plan,
        period=report.period,
        kind=History.Kind.STATE,
        field="state",
        old=old,
        new=new_state,
        reason=reason,
        user=user,
    )
    return report


def _site_text(message: str, **values) -> str:
    """A text the history keeps, in the site's language whoever acted (the audit log reads the
    same for every overseer). ``message`` is marked for translation where it is written."""
    with translation.override(django_settings.LANGUAGE_CODE):
        return _(message) % values


def _findings_text(check: submission.Check) -> str:
    """The findings a submission was confirmed with, for the history's reason."""
    counts = check.counts
    return _site_text(
        gettext_noop(
            "confirmed before submitting: %(empty)s empty, %(evidence)s without evidence, %(text)s text for a number, %(far)s far from the target"
        ),
        empty=counts[submission.EMPTY],
        evidence=counts[submission.NO_EVIDENCE],
        text=counts[submission.TEXT],
        far=counts[submission.FAR_FROM_TARGET],
    )


def _due_date(plan: Plan, period: str) -> dt.date | None:
    """The kabupaten's due date of the plan's year and ``period`` in force now, if any."""
    kabupaten_id = plan.unit.parent_id or plan.unit_id
    deadline = Deadline.objects.filter(kabupaten_id=kabupaten_id, year=plan.year, period=period)
    return deadline.values_list("due", flat=True).first()


@transaction.atomic
def submit_report(*, plan: Plan, period: str, user, confirmed: bool | str = False) -> Report:
    """Submit a draft or returned period for verification.

    The period is checked first (``selectors.submission_check``: empty rows, realisasi without
    evidence, text where a number is expected, values far from the target). A period with
    findings is submitted only when ``confirmed`` is that check's ``fingerprint`` (the operator
    confirmed exactly what was shown: a sheet changed since shows its new findings again) or
    ``True`` (a caller that knowingly submits whatever the findings: a script, a test); otherwise
    ``Unconfirmed`` is raised with the check and nothing changes. A period without findings needs
    no confirmation. The findings confirmed are the reason of the history's entry.

    Lateness is recorded at the first submission only (docs/lifecycle.md, "Lateness"): the due
    date then in force and the days late (0 on time; none without a due date). A resubmission
    after a return or an unlock keeps them, and so does a due date moved afterwards.
    """
    report = _report_for_update(plan, period)
    if report.state not in (Report.State.DRAFT, Report.State.RETURNED):
        raise MonitoringError(
            _("%(period)s is already %(state)s")
            % {"period": period, "state": report.get_state_display()}
        )
    # Read under the report's lock: every realisasi and evidence write locks the report first,
    # so the sheet checked is the sheet submitted.
    check = selectors.submission_check(plan, period)
    if not check.clean and confirmed is not True and confirmed != check.fingerprint:
        raise Unconfirmed(check)
    now = timezone.now()
    report.submitted_by, report.submitted_at = user, now
    first = report.first_submitted_at is None
    if first:
        due = _due_date(plan, period)
        report.first_submitted_at, report.due_at_submission = now, due
        report.days_late = submission.days_late(timezone.localdate(now), due)
    report = _transition(
        report, Report.State.SUBMITTED, user, "" if check.clean else _findings_text(check)
    )
    if first and report.due_at_submission is not None:
        audit.record(
            plan=plan,
            period=period,
            kind=History.Kind.STATE,
            field="days_late",
            new=report.days_late,
            reason=_site_text(
                gettext_noop("due %(due)s"), due=report.due_at_submission.isoformat()
            ),
            user=user,
        )
    return report


def _reviewed(report: Report, user, note: str) -> None:
    """A review decision (return, verify) replaces the report's current note; an earlier unlock
    is no longer the latest decision (the history keeps it)."""
    report.reviewed_by, report.reviewed_at, report.reviewer_note = user, timezone.now(), note
    report.unlocked_by, report.unlocked_at, report.unlock_reason = None, None, ""


@transaction.atomic
def return_report(*, report: Report, user, note: str) -> Report:
    report = Report.objects.select_for_update().select_related("plan").get(pk=report.pk)
    _refuse_if_replaced(report.plan)
    if report.state != Report.State.SUBMITTED:
        raise MonitoringError(_("only a submitted report can be returned"))
    note = checked_text(note, "note", MonitoringError)
    if not note:
        raise MonitoringError(_("say what must be corrected: a returned report needs a note"))
    if report.submitted_by_id == getattr(user, "pk", None):
        raise MonitoringError(_("you submitted this report; someone else must review it"))
    _reviewed(report, user, note.strip())
    return _transition(report, Report.State.RETURNED, user, note.strip())


@transaction.atomic
def verify_report(*, report: Report, user, note: str = "") -> Report:
    report = Report.objects.select_for_update().select_related("plan").get(pk=report.pk)
    _refuse_if_replaced(report.plan)
    if report.state != Report.State.SUBMITTED:
        raise MonitoringError(_("only a submitted report can be verified"))
    note = checked_text(note, "note", MonitoringError)
    if report.submitted_by_id == getattr(user, "pk", None):
        raise MonitoringError(_("you submitted this report; someone else must verify it"))
    _reviewed(report, user, note.strip())
    return _transition(report, Report.State.VERIFIED, user, note.strip())


@transaction.atomic
def unlock_report(*, report: Report, user, reason: str) -> Report:
    """Reopen a verified period for corrections (it becomes returned).

    The reason becomes the report's current note, with who and when (``unlocked_*``): the sheet,
    the reports and the reminders say "Reopened by <name> (<date>): <reason>" instead of the
    verification's note, which stays in ``reviewer_note`` and in the history. The next return or
    verification clears the unlock (it is then no longer the latest decision).
    """
    report = Report.objects.select_for_update().select_related("plan").get(pk=report.pk)
    _refuse_if_replaced(report.plan)
    if report.state != Report.State.VERIFIED:
        raise MonitoringError(_("only a verified report can be unlocked"))
    reason = checked_text(reason, "note", MonitoringError)
    if not reason:
        raise MonitoringError(_("unlocking a verified report needs a reason"))
    report.unlocked_by = user if getattr(user, "pk", None) else None
    report.unlocked_at, report.unlock_reason = timezone.now(), reason.strip()
    return _transition(report, Report.State.RETURNED, user, reason.strip())


# ---------------------------------------------------------------------------------------------
# Deadlines


def _record_deadline_change(
    *, kabupaten: Unit, year: int, period: str, old: dt.date | None, new: dt.date | None, user
) -> DeadlineChange:
    audit.record(
        user=user,
        unit=kabupaten,
        period=period,
        kind=History.Kind.DEADLINE,
        subject=f"{year} {period}",
        field="due",
        old=old,
        new=new,
    )
    return DeadlineChange.objects.create(
        kabupaten=kabupaten,
        year=year,
        period=period,
        old=old,
        new=new,
        user=user if getattr(user, "pk", None) else None,
    )


@transaction.atomic
def set_deadline(*, kabupaten: Unit, year: int, period: str, due: dt.date, user=None) -> Deadline:
    """Set or move the kabupaten's due date of a period; the change (old → new, who, when) is
    kept in DeadlineChange. Setting the date it already has changes and records nothing."""
    if kabupaten.parent_id is not None:
        raise MonitoringError(_("deadlines are set by the kabupaten"))
    current = (
        Deadline.objects.select_for_update()
        .filter(kabupaten=kabupaten, year=year, period=period)
        .first()
    )
    old = current.due if current else None
    deadline, _created = Deadline.objects.update_or_create(
        kabupaten=kabupaten, year=year, period=period, defaults={"due": due}
    )
    if old != due:
        _record_deadline_change(
            kabupaten=kabupaten, year=year, period=period, old=old, new=due, user=user
        )
    return deadline


@transaction.atomic
def delete_deadline(*, deadline: Deadline, user) -> None:
    """Remove a due date the kabupaten set (the period then has none; nobody is late for it).

    The removal is kept in DeadlineChange (the date removed, who, when), like setting one.
    """
    deadline = Deadline.objects.select_related("kabupaten").filter(pk=deadline.pk).first()
    if deadline is None:
        raise MonitoringError(_("this due date was already removed"))
    if deadline.kabupaten.parent_id is not None:
        raise MonitoringError(_("deadlines are set by the kabupaten"))
    if not Deadline.objects.filter(pk=deadline.pk).delete()[0]:
        raise MonitoringError(_("this due date was already removed"))
    _record_deadline_change(
        kabupaten=deadline.kabupaten,
        year=deadline.year,
        period=deadline.period,
        old=deadline.due,
        new=None,
        user=user,
    )
    log.info(
        "due date removed: kabupaten %s, %s %s, was %s, by %s",
        deadline.kabupaten_id,
        deadline.year,
        deadline.period,
        deadline.due.isoformat(),
        getattr(user, "pk", None),
    )
