"""Writes: every change to plans goes through one of these functions, each atomic.

Views and commands parse their input, call one service, and render. Services take keyword-only
arguments, check what the data must satisfy (not who may do it: that is ``access.py``), and raise
``ServiceError`` with a message a person understands.
"""

from __future__ import annotations

import json
import logging
import tempfile
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, models, transaction
from django.db.models import Case, F, Max, When
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, gettext_lazy

from ...core import plan as core
from ...core import text as limits
from ...core.achievement import infer_rule
from ...core.numbers import format_number
from ...core.plan import LEVELS, parent_level
from ...importers import (
    Interpretation,
    Mapping,
    MappingError,
    Reading,
    UnreadableDocument,
    document_kind,
    interpret_grid,
    read_grid,
    read_plan,
)
from ...importers.grid import Grid
from ...importers.isolated import read_grid_isolated
from ...importers.limits import tidy_plan
from .. import audit
from ..accounts.models import Unit
from ..storage import forget as forget_stored
from . import corrections, import_review
from .models import DECREE_LENGTH, ImportSession, Indicator, LayoutTemplate, Node, Plan, Target

log = logging.getLogger(__name__)


class ServiceError(Exception):
    """A change that cannot be made, with the reason for the person who asked."""


class StaleEdit(ServiceError):
    """Someone else saved the same thing since this form was opened; nothing was overwritten."""


def claim_version(
    obj: models.Model, expected_version: int | None, message: str, *, field="version"
):
    """Take the next version of ``obj`` for a save, inside the caller's transaction.

    One conditional UPDATE: ``version = version + 1`` only where it still is ``expected_version``,
    the version the edit form was opened with. The row stays locked until the transaction ends,
    so of several saves made with the same version exactly one goes through; the others (waiting
    for the lock on PostgreSQL, for the write lock on SQLite) then find the bumped version, and
    are refused with ``StaleEdit(message)`` before anything of theirs is written. ``None`` (a
    program, not a form) takes the next version without checking.
    """
    rows = type(obj).objects.filter(pk=obj.pk)
    if expected_version is not None:
        rows = rows.filter(**{field: expected_version})
    if not rows.update(**{field: F(field) + 1}):
        raise StaleEdit(message)
    if expected_version is None:
        expected_version = rows.values_list(field, flat=True).get() - 1
    setattr(obj, field, expected_version + 1)


# ---------------------------------------------------------------------------------------------
# Values

# What each limited text is called in a refusal ("The name can have at most …").
TEXT_LABELS = {
    "name": gettext_lazy("The name"),
    "indicator": gettext_lazy("The indicator"),
    "objective": gettext_lazy("The result statement"),
    "unit": gettext_lazy("The unit"),
    "code": gettext_lazy("The code"),
    "number": gettext_lazy("The numbering"),
    "value": gettext_lazy("A text value"),
    "note": gettext_lazy("The text"),
    "decree": gettext_lazy("The decree number"),
}


def checked_text(
    value: str,
    kind: str,
    error: type[Exception] | None = None,
    *,
    limit: int | None = None,
    what: str | None = None,
) -> str:
    """``value`` as stored: control characters removed, line breaks as "\\n", stripped.

    Raises ``error`` (ServiceError) for a NUL character or for a text longer than its limit:
    ``core.text.LIMITS[kind]`` unless ``limit`` is given; ``what`` names the text in the message
    (else ``TEXT_LABELS[kind]``).
    """
    error = error or ServiceError
    label = what or TEXT_LABELS.get(kind, TEXT_LABELS["note"])
    value = value or ""
    if limits.has_nul(value):
        raise error(
            gettext("%(what)s holds a NUL character, which is not allowed.") % {"what": label}
        )
    value = limits.strip_controls(value.replace("\r\n", "\n")).strip()
    limit = limit if limit is not None else limits.LIMITS[kind]
    if len(value) > limit:
        raise error(
            gettext("%(what)s can have at most %(limit)s characters (it has %(length)s).")
            % {"what": label, "limit": format_number(limit), "length": format_number(len(value))}
        )
    return value


def checked_value(value: core.Value, error: type[Exception] | None = None) -> core.Value:
    """A target or realisasi as stored: a text one is a ``checked_text`` of kind "value"."""
    if isinstance(value, str):
        return checked_text(value, "value", error) or None
    return value


def to_decimal(value: core.Value) -> tuple[Decimal | None, str]:
    """A core value as stored: (number, "") or (None, text) or (None, "")."""
    if value is None:
        return None, ""
    if isinstance(value, bool):
        return None, str(value)
    if isinstance(value, int | float | Decimal):
        # A Decimal (a form's or a spreadsheet's number) is a number too: stored as text it
        # would print as "22.50" and give no capaian. NaN and infinities are no quantity.
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value))
        except InvalidOperation:
            return None, str(value)
        if not number.is_finite():
            return None, str(value)[:100]
        return number, ""
    return None, str(value)[:100]


# ---------------------------------------------------------------------------------------------
# Importing a whole plan


def import_plan(
    *,
    unit: Unit,
    year: int,
    version: str,
    document: core.Plan,
    user=None,
    source_name: str = "",
    confirmed_pairs=(),
    leave_behind: bool = False,
    unlock_reason: str = "",
    expected_carry_over: str | None = None,
) -> Plan:
    """Save a plan read from a document as a new revision; earlier revisions are kept.

    The new revision takes over the year's work of the revision it replaces
    (``monitoring.carry_over``): realisasi, evidence, settings, workflow state and history of
    every indicator paired with one of it, the uncertain pairs only when their new paths are in
    ``confirmed_pairs``. ``CarryOverNotConfirmed`` (nothing saved) when realisasi would be left
    behind without ``leave_behind``, when a verified period changes without ``unlock_reason``,
    or when ``expected_carry_over`` (the preview's signature) no longer matches.

    Runs a fixed number of statements per cascade level (bulk inserts), so a plan of a thousand
    indicators saves as fast as one of ten. All or nothing, evidence files copied included. The
    document's texts are held to their limits first (``importers.limits.tidy_plan``: what the
    importer already did, for a plan that did not come through it); a text cut is a ``text-cut``
    finding of the revision.
    """
    from ..monitoring import carry_over

    tidy_plan(document)
    if version not in Plan.Version.values:
        raise ServiceError(gettext("unknown version %(version)r") % {"version": version})
    if not 2000 <= int(year) <= 2100:
        raise ServiceError(gettext("year %(year)s is out of range") % {"year": year})
    unlock_reason = checked_text(unlock_reason or "", "note")
    written: list = []
    try:
        with transaction.atomic():
            return _import_plan(
                unit=unit,
                year=year,
                version=version,
                document=document,
                user=user,
                source_name=source_name,
                carry=dict(
                    confirmed=tuple(confirmed_pairs),
                    leave_behind=leave_behind,
                    unlock_reason=unlock_reason,
                    expected_signature=expected_carry_over,
                    written=written,
                ),
            )
    except carry_over.CarryOverError as exc:
        forget_stored(written)
        raise CarryOverNotConfirmed(str(exc)) from exc
    except BaseException:
        forget_stored(written)
        raise


class CarryOverNotConfirmed(ServiceError):
    """A new revision would leave realisasi behind or change a verified period without the
    person's confirmation (or with a confirmation given for another preview)."""


def _import_plan(*, unit, year, version, document, user, source_name, carry) -> Plan:
    from ..monitoring import carry_over

    previous = (
        Plan.objects.select_for_update()
        .filter(unit=unit, year=year, version=version)
        .aggregate(Max("revision"))["revision__max"]
    )
    replaced = carry_over.replaced_plan(unit, year, version)
    written = carry.pop("written")
    prepared = (
        carry_over.prepare(previous=replaced, document=document, **carry) if replaced else None
    )
    Plan.objects.filter(unit=unit, year=year, version=version, is_current=True).update(
        is_current=False
    )
    if replaced is not None and replaced.version != version:
        # A first perubahan replaces the murni plan of the year: the year goes on in it.
        Plan.objects.filter(pk=replaced.pk).update(is_current=False)
    plan = Plan.objects.create(
        unit=unit,
        year=year,
        version=version,
        revision=(previous or 0) + 1,
        periods=list(document.periods),
        document_unit=(document.unit or "")[:200],
        source_name=limits.strip_controls(source_name)[:255],
        import_findings=[f.to_dict() for f in document.findings],
        created_by=user if getattr(user, "pk", None) else None,
    )
    saved = _save_tree(plan, document, prepared)
    audit.record(
        user=user,
        plan=plan,
        kind=_kind().IMPORT,
        subject=plan.source_name,
        field="revision",
        new=f"{plan.year} {plan.version} revisi {plan.revision}",
    )
    if prepared is not None:
        carry_over.copy_work(prepared=prepared, plan=plan, saved=saved, user=user, written=written)
    return plan


def _kind():
    from ..monitoring.models import History

    return History.Kind


def _save_tree(plan: Plan, document: core.Plan, prepared=None) -> dict[int, Node | Indicator]:
    """Save the document's tree into ``plan``; returns each row by ``id()`` of the core node or
    indicator it was made of. ``prepared`` (a carry-over) gives the rows their ``origin`` and
    the settings they take over as they are made (no update after)."""
    saved: dict[int, Node | Indicator] = {}
    # Level by level (breadth first): each level's nodes need their parents' ids.
    layer: list[tuple[core.Node, Node | None]] = [(n, None) for n in document.nodes]
    pending_indicators: list[tuple[core.Indicator, Node, int]] = []
    while layer:
        rows = []
        for position, (c, parent) in enumerate(layer):
            budget, _text = to_decimal(c.budget)
            rows.append(
                Node(
                    plan=plan,
                    parent=parent,
                    level=c.level,
                    code=(c.code or "")[: limits.CODE_LENGTH],
                    number=(c.number or "")[: limits.NUMBER_LENGTH],
                    name=c.name,
                    budget=budget,
                    position=position,
                    source_line=c.line,
                    origin=prepared.origin_of(c) if prepared else None,
                )
            )
        created = Node.objects.bulk_create(rows)
        next_layer = []
        for (c, _parent), row in zip(layer, created, strict=True):
            saved[id(c)] = row
            for position, ci in enumerate(c.indicators):
                pending_indicators.append((ci, row, position))
            next_layer.extend((child, row) for child in c.children)
        # Positions count among siblings; renumber per parent to keep document order.
        _renumber(created)
        layer = next_layer
    rows = []
    for ci, node, position in pending_indicators:
        row = _indicator_row(ci, node, position)
        if prepared is not None and id(ci) in prepared.indicators:
            row.origin = prepared.origin_of(ci)
            for name, value in prepared.settings[id(ci)].items():
                setattr(row, name, value)
        rows.append(row)
    indicators = Indicator.objects.bulk_create(rows)
    targets = []
    for (ci, _node, _position), row in zip(pending_indicators, indicators, strict=True):
        saved[id(ci)] = row
        for kind, values in (
            (Target.Kind.TARGET, ci.targets),
            (Target.Kind.ACTUAL, ci.actuals or {}),
        ):
            for period, value in values.items():
                number, text = to_decimal(value)
                if number is None and not text:
                    continue  # an empty period is the absence of a row
                targets.append(
                    Target(indicator=row, kind=kind, period=period, value=number, text=text)
                )
    Target.objects.bulk_create(targets)
    return saved


def _renumber(nodes: list[Node]) -> None:
    counters: dict[int | None, int] = {}
    changed = []
    for n in nodes:
        position = counters.get(n.parent_id, 0)
        counters[n.parent_id] = position + 1
        if n.position != position:
            n.position = position
            changed.append(n)
    if changed:
        Node.objects.bulk_update(changed, ["position"])


def _indicator_row(ci: core.Indicator, node: Node, position: int) -> Indicator:
    annual_value, annual_text = to_decimal(ci.annual_target)
    extra = dict(ci.extra or {})
    # Settings the document does not give are guessed from the wording; the uncertain guesses
    # are kept in ``to_confirm`` and shown as findings until a person confirms them.
    inference = infer_rule(ci.name, ci.unit)
    to_confirm = []
    if extra.get("aggregation") not in Indicator.Aggregation.values:
        extra["aggregation"] = inference.rule.aggregation
        if "aggregation" in inference.uncertain:
            to_confirm.append("aggregation")
    if extra.get("polarity") not in Indicator.Polarity.values:
        extra["polarity"] = inference.rule.polarity
        if "polarity" in inference.uncertain:
            to_confirm.append("polarity")
    return Indicator(
        node=node,
        position=position,
        objective=ci.objective or "",
        name=ci.name,
        unit=(ci.unit or "")[: limits.UNIT_LENGTH],
        polarity=extra.get("polarity")
        if extra.get("polarity") in Indicator.Polarity.values
        else "",
        aggregation=extra.get("aggregation")
        if extra.get("aggregation") in Indicator.Aggregation.values
        else "",
        target_mode=extra.get("target_mode")
        if extra.get("target_mode") in Indicator.TargetMode.values
        else Indicator.TargetMode.CUMULATIVE,
        annual_value=annual_value,
        annual_text=annual_text,
        person_in_charge=_person_in_charge(extra.get("person_in_charge")),
        **_renstra_fields(extra),
        source_line=ci.line,
        to_confirm=to_confirm,
    )


def _person_in_charge(value) -> str:
    """The plan's ``person_in_charge`` as stored: one line of text, cut to the field's size."""
    if not isinstance(value, str):
        return ""
    return " ".join(limits.strip_controls(value).split())[
        : Indicator._meta.get_field("person_in_charge").max_length
    ]


def _renstra_fields(extra: dict) -> dict:
    """The Renstra figures of an imported indicator (optional keys ``renstra_target`` and
    ``renstra_realised``: a number, or a text as written) as the model stores them; a value of
    another kind is left out, a text is cut at the length of a stored value."""
    out = {}
    for key in ("renstra_target", "renstra_realised"):
        value = extra.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            continue
        if isinstance(value, str):
            value = value.strip()[: limits.VALUE_LENGTH] or None
        out[f"{key}_value"], out[f"{key}_text"] = to_decimal(value)
    return out


# ---------------------------------------------------------------------------------------------
# Importing through the browser: stage, preview, correct, confirm or cancel

# The document as read is kept with the pending import (to read it again with a correction) when
# it has at most this many rows and this size as JSON; a larger one is previewed without the
# correction panel (``renaksi parse --mapping`` corrects it).
MAX_GRID_ROWS = 20_000
MAX_GRID_BYTES = 10 * 1024 * 1024
# Layout templates looked at for one upload (the newest; the unit's own first).
MAX_TEMPLATES = 500


class ImportFinished(ServiceError):
    """The import was already confirmed or cancelled."""


class StaleImport(ServiceError):
    """The reading changed since the form was rendered (a correction made in another tab)."""


class NothingRead(ServiceError):
    """No plan was read from the document (yet): nothing to save."""


class MismatchNotConfirmed(ServiceError):
    """The document names another unit or year, and the person did not confirm saving it."""

    def __init__(self, found: import_review.Mismatch):
        super().__init__(found.statement())
        self.mismatch = found


def _read_upload(path: Path, name: str):
    """The uploaded document's grid: read in a process of its own, limited in time and memory
    (``settings.RENAKSI_READ_ISOLATED``), so that no document can exhaust the web process."""
    if not settings.RENAKSI_READ_ISOLATED:
        return read_grid(path)
    return read_grid_isolated(
        path,
        name=name,
        seconds=settings.RENAKSI_READ_SECONDS,
        memory_mb=settings.RENAKSI_READ_MEMORY_MB,
    )


def stage_import(
    *, unit: Unit, year: int, version: str, upload, user, max_bytes: int
) -> ImportSession:
    """Keep an uploaded document and queue it to be read: an import that is ``reading``.

    Nothing is read here: the worker reads the document (``tasks.read_import`` →
    ``read_import``) and the import becomes ``pending`` (its preview) or ``failed`` (with the
    reader's one-line reason). A file larger than ``max_bytes`` raises ServiceError and nothing
    is kept.
    """
    name = limits.strip_controls(Path(upload.name or "document").name)[:255] or "document"
    if upload.size is not None and upload.size > max_bytes:
        raise ServiceError(
            gettext("%(name)s: the file is larger than %(size)s")
            % {"name": name, "size": filesizeformat(max_bytes)}
        )
    session = ImportSession(
        unit=unit,
        year=year,
        version=version,
        source_name=name,
        status=ImportSession.Status.READING,
        created_by=user,
    )
    session.file.save("upload.bin", upload, save=False)
    session.save()
    audit.record(
        user=user,
        unit=session.unit_id,
        kind=_kind().IMPORT,
        subject=name,
        field="status",
        new=ImportSession.Status.READING,
    )
    from .tasks import read_import as read_task

    try:
        read_task.enqueue(str(session.pk), get_language() or settings.LANGUAGE_CODE)
    except DatabaseError:
        log.exception("import %s could not be queued", session.pk)
        _finish_reading(
            session.pk,
            status=ImportSession.Status.FAILED,
            read_error=gettext("%(name)s: the document could not be queued for reading; try again")
            % {"name": name},
        )
    session.refresh_from_db()  # read already, when the tasks run at once (the immediate backend)
    return session


def read_import(session_id: str, language: str | None = None) -> str:
    """Read the upload of an import that is ``reading`` (the worker's task); return its status.

    The document is read once into a grid, kept with the import (``ImportSession.grid``) so that a
    person's correction reads it again without the file. The layout templates of the unit and its
    kabupaten that fit the document are applied (``corrections.mapping_from_templates``). A
    document whose rows form a table but in which the importer finds no plan table is kept too,
    unread, for the person to mark its header row. A document that cannot be read ends ``failed``
    with the reader's one-line reason. An import no longer ``reading`` (cancelled, or given up as
    stuck) is left as it is; the file is removed in every case.
    """
    session = ImportSession.objects.select_related("unit").filter(pk=session_id).first()
    if session is None:
        return "missing"
    started = ImportSession.objects.filter(
        pk=session.pk, status=ImportSession.Status.READING, read_started_at__isnull=True
    ).update(read_started_at=timezone.now())
    if not started:
        return session.status
    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            fields, used = _read_kept_file(session)
        except ServiceError as exc:
            fields, used = {"status": ImportSession.Status.FAILED, "read_error": str(exc)}, []
        except Exception:
            log.exception("import %s: the reader failed", session.pk)
            fields = {
                "status": ImportSession.Status.FAILED,
                "read_error": gettext(
                    "%(name)s: the document could not be read (the reader stopped)"
                )
                % {"name": session.source_name},
            }
            used = []
        finally:
            _remove_file(session)
    return _finish_reading(session.pk, used=used, **fields)


def _remove_file(session: ImportSession) -> None:
    if session.file:
        try:
            session.file.storage.delete(session.file.name)
        except OSError:
            log.warning("import %s: its upload could not be removed", session.pk)


def _finish_reading(session_id, *, used: list[int] = (), **fields) -> str:
    """Store what the reading gave, if the import is still ``reading``; return its status."""
    fields["read_error"] = " ".join(str(fields.get("read_error", "")).split())[:500]
    with transaction.atomic():
        session = (
            ImportSession.objects.select_for_update()
            .filter(pk=session_id, status=ImportSession.Status.READING)
            .first()
        )
        if session is None:
            found = ImportSession.objects.filter(pk=session_id).values_list("status", flat=True)
            return found.first() or "missing"
        for name, value in fields.items():
            setattr(session, name, value)
        session.file = ""
        session.save(update_fields=[*fields, "file"])
        if used:
            session.templates.set(used)
        # The reading's end, on behalf of the person who uploaded the document.
        audit.record(
            user=session.created_by,
            unit=session.unit_id,
            kind=_kind().IMPORT,
            subject=session.source_name,
            field="status",
            old=ImportSession.Status.READING,
            new=session.status,
            reason=session.read_error,
        )
    return session.status


def _read_kept_file(session: ImportSession) -> tuple[dict, list[int]]:
    """The fields of a read import (``pending``) and the templates used; raises ServiceError with
    the reader's one-line reason."""
    name = session.source_name
    suffix = Path(name).suffix.lower()
    unit = session.unit

    def reason(exc: Exception | str) -> str:
        return str(exc).replace(f"upload{suffix}", name)

    if not session.file:
        raise ServiceError(
            gettext("%(name)s: the uploaded file is no longer there; upload it again")
            % {"name": name}
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        with session.file.open("rb") as source, path.open("wb") as fh:
            for chunk in source.chunks():
                fh.write(chunk)
        try:
            is_plan_json = document_kind(path) == "json"
            grid = None if is_plan_json else _read_upload(path, name)
        except UnreadableDocument as exc:
            raise ServiceError(reason(exc)) from exc
        if grid is None:
            # A plan JSON file has no grid: it is read as it is, and cannot be corrected.
            try:
                document = read_plan(path)
            except UnreadableDocument as unreadable:
                raise ServiceError(reason(unreadable)) from unreadable
            return {"status": ImportSession.Status.PENDING, "plan_json": document.to_dict()}, []
    grid.source = name
    result, read_error = _interpret(grid, None)
    used: list[int] = []
    templates = _templates_for(unit)
    if templates:
        fingerprints = [t.fingerprint for t in result.reading.tables] if result else []
        mapping, used = corrections.mapping_from_templates(templates, fingerprints, grid)
        if mapping:
            applied, _error = _interpret(grid, mapping)
            if applied is not None:
                result, read_error = applied, ""
            else:
                mapping, used = Mapping(), []
    else:
        mapping = Mapping()
    if result is None and not _has_table_rows(grid):
        raise ServiceError(reason(read_error))
    kept = grid.to_dict()
    if len(grid.rows) > MAX_GRID_ROWS or len(json.dumps(kept)) > MAX_GRID_BYTES:
        kept = None
        if result is None:
            raise ServiceError(reason(read_error))
    fields = {
        "status": ImportSession.Status.PENDING,
        "plan_json": (result.plan if result else core.Plan()).to_dict(),
        "grid": kept,
        "reading": result.reading.to_dict() if result else {},
        "mapping": mapping.to_dict(),
        "read_error": reason(read_error)[:500] if read_error else "",
    }
    return fields, used


# A reading is given up (the import shown as failed) this long after it began beyond the reader's
# own limit (RENAKSI_READ_SECONDS, and 5 s of wall clock), and an upload no worker has taken this
# many times the reader's limit after it was queued.
READING_GRACE_SECONDS = 30
QUEUE_WAIT_FACTOR = 5


def reading_deadline(session: ImportSession):
    """When a ``reading`` import is given up as stuck (a killed worker, no worker running)."""
    seconds = settings.RENAKSI_READ_SECONDS
    if session.read_started_at is not None:
        return session.read_started_at + timedelta(seconds=seconds + 5 + READING_GRACE_SECONDS)
    return session.created_at + timedelta(
        seconds=QUEUE_WAIT_FACTOR * seconds + READING_GRACE_SECONDS
    )


def expire_reading(session: ImportSession, now=None) -> ImportSession:
    """A ``reading`` import past its deadline ends ``failed``, with one line saying why."""
    if session.status != ImportSession.Status.READING:
        return session
    now = now or timezone.now()
    if now <= reading_deadline(session):
        return session
    values = {"name": session.source_name, "seconds": settings.RENAKSI_READ_SECONDS}
    if session.read_started_at is not None:
        message = gettext(
            "%(name)s: reading it took longer than %(seconds)s s (the reader's time limit "
            "passed); upload it again, or save only the plan's pages or sheets"
        )
    else:
        message = gettext(
            "%(name)s: no reader took the document in time (the site's worker is not running?); "
            "upload it again later or tell the administrator"
        )
    _finish_reading(session.pk, status=ImportSession.Status.FAILED, read_error=message % values)
    _remove_file(session)
    session.refresh_from_db()
    return session


def _interpret(grid: Grid, mapping: Mapping | None) -> tuple[Interpretation | None, str]:
    """The grid read (with a correction), or None and the importer's reason."""
    try:
        return interpret_grid(grid, mapping=mapping or None), ""
    except UnreadableDocument as exc:
        return None, str(exc)


def _has_table_rows(grid: Grid) -> bool:
    """Rows that look like a table (two of three cells or more): worth marking a header in."""
    return sum(1 for row in grid.rows if sum(1 for c in row.cells if c) >= 3) >= 2


def _templates_for(unit: Unit) -> list[corrections.TemplateRef]:
    """The layout templates an upload for ``unit`` may use: its own first, then its kabupaten's
    (any unit's, or made for the whole kabupaten), newest first. One query."""
    kabupaten = unit.parent_id or unit.pk
    rows = (
        LayoutTemplate.objects.filter(kabupaten_id=kabupaten)
        .annotate(own=Case(When(unit_id=unit.pk, then=0), default=1))
        .order_by("own", "-created_at", "-id")
        .values_list("pk", "fingerprint", "header_text", "mapping")[:MAX_TEMPLATES]
    )
    return [corrections.TemplateRef(*row) for row in rows]


def _pending(session: ImportSession, expected_edits: int | None) -> ImportSession:
    """The import locked for a change: still waiting, and as the form saw it."""
    session = ImportSession.objects.select_for_update().select_related("unit").get(pk=session.pk)
    if session.status != ImportSession.Status.PENDING:
        raise ImportFinished(gettext("this import was already confirmed or cancelled"))
    if expected_edits is not None and session.edits != expected_edits:
        raise StaleImport(
            gettext(
                "the reading was changed since this page was opened (in another window?): "
                "nothing was changed; here is the current reading"
            )
        )
    return session


def _reread(session: ImportSession, mapping: Mapping, *, allow_unread: bool) -> ImportSession:
    """Read the kept grid again with ``mapping`` and keep the result, or raise and keep nothing."""
    grid = Grid.from_dict(session.grid)
    result, error = _interpret(grid, mapping)
    if result is None and not allow_unread:
        raise ServiceError(error)
    session.plan_json = (result.plan if result else core.Plan()).to_dict()
    session.reading = result.reading.to_dict() if result else {}
    session.mapping = mapping.to_dict()
    session.read_error = error[:500]
    session.edits += 1
    session.save(
        update_fields=["plan_json", "reading", "mapping", "read_error", "edits", "corrected"]
    )
    return session


@transaction.atomic
def correct_import(
    *,
    session: ImportSession,
    expected_edits: int,
    correction: corrections.Correction,
    user=None,
) -> ImportSession:
    """Apply a person's correction to a pending import: the kept document is read again with it.

    ``expected_edits`` is the number of edits the form was rendered with: a stale form raises
    StaleImport and changes nothing. A correction that is not one (MappingError) or with which no
    plan table is found any more raises ServiceError and changes nothing.
    """
    session = _pending(session, expected_edits)
    if session.grid is None:
        raise ServiceError(gettext("this document cannot be corrected here"))
    try:
        mapping = corrections.apply_correction(
            Mapping.from_dict(session.mapping or {}),
            Reading.from_dict(session.reading or {}),
            Grid.from_dict(session.grid),
            correction,
        )
    except MappingError as exc:
        raise ServiceError(str(exc)) from exc
    session.corrected = True
    session = _reread(session, mapping, allow_unread=bool(session.read_error))
    _record_reading(session, user, "corrected")
    return session


def _record_reading(session: ImportSession, user, what: str) -> None:
    audit.record(
        user=user,
        unit=session.unit_id,
        kind=_kind().IMPORT,
        subject=session.source_name,
        field="reading",
        old=str(session.edits - 1),
        new=str(session.edits),
        reason=what,
    )


@transaction.atomic
def reset_import_reading(
    *, session: ImportSession, expected_edits: int, user=None
) -> ImportSession:
    """Read a pending import again without any correction: the person's and the templates'."""
    session = _pending(session, expected_edits)
    if session.grid is None:
        raise ServiceError(gettext("this document cannot be corrected here"))
    session.corrected = False
    session = _reread(session, Mapping(), allow_unread=True)
    session.templates.clear()
    _record_reading(session, user, "reset")
    return session


@transaction.atomic
def confirm_import(
    *,
    session: ImportSession,
    user,
    expected_edits: int | None = None,
    mismatch_confirmed: bool = False,
    confirmed_pairs=(),
    leave_behind: bool = False,
    unlock_reason: str = "",
    expected_carry_over: str | None = None,
) -> Plan:
    """Save a previewed import as a new plan revision, in one transaction.

    Refused (ServiceError, nothing saved) when the import is no longer pending, when the form was
    rendered before the latest correction (``expected_edits``), when nothing was read, and when
    the document names another unit or year than the one chosen and ``mismatch_confirmed`` is
    not given. The carry-over of the replaced revision's work takes ``confirmed_pairs``,
    ``leave_behind``, ``unlock_reason`` and ``expected_carry_over`` (see ``import_plan``). A
    reading a person corrected is kept as layout templates for the next documents.
    """
    session = _pending(session, expected_edits)
    document = core.Plan.from_dict(session.plan_json)
    if session.read_error or not document.nodes:
        raise NothingRead(gettext("no plan was read from this document: nothing to save"))
    found = import_review.mismatch(document, session.unit.name, session.year)
    if found is not None and not mismatch_confirmed:
        raise MismatchNotConfirmed(found)
    plan = import_plan(
        unit=session.unit,
        year=session.year,
        version=session.version,
        document=document,
        user=user,
        source_name=session.source_name,
        confirmed_pairs=confirmed_pairs,
        leave_behind=leave_behind,
        unlock_reason=unlock_reason,
        expected_carry_over=expected_carry_over,
    )
    if session.corrected and session.grid is not None:
        _keep_templates(session, user)
    session.status = ImportSession.Status.CONFIRMED
    session.plan = plan
    session.grid = None  # the document is not kept once read into the plan
    session.save(update_fields=["status", "plan", "grid"])
    audit.record(
        user=user,
        plan=plan,
        kind=_kind().IMPORT,
        subject=session.source_name,
        field="status",
        old=ImportSession.Status.PENDING,
        new=session.status,
    )
    return plan


def _keep_templates(session: ImportSession, user) -> list[LayoutTemplate]:
    drafts = corrections.templates_from(
        Mapping.from_dict(session.mapping or {}),
        Reading.from_dict(session.reading or {}),
        Grid.from_dict(session.grid),
    )
    unit = session.unit
    return LayoutTemplate.objects.bulk_create(
        [
            LayoutTemplate(
                kabupaten_id=unit.parent_id or unit.pk,
                unit=unit,
                fingerprint=draft.fingerprint,
                header_text=draft.header_text,
                mapping=draft.mapping(),
                source_name=session.source_name,
                created_by=user if getattr(user, "pk", None) else None,
            )
            for draft in drafts
        ]
    )


@transaction.atomic
def cancel_import(*, session: ImportSession, user=None) -> None:
    """Drop a previewed import, or one still being read; nothing of it is saved, and the document
    read is not kept."""
    session = ImportSession.objects.select_for_update().get(pk=session.pk)
    if session.status not in (ImportSession.Status.PENDING, ImportSession.Status.READING):
        raise ImportFinished(gettext("this import was already confirmed or cancelled"))
    was = session.status
    _remove_file(session)
    session.status = ImportSession.Status.CANCELLED
    session.plan_json = {}
    session.grid = None
    session.file = ""
    session.save(update_fields=["status", "plan_json", "grid", "file"])
    audit.record(
        user=user,
        unit=session.unit_id,
        kind=_kind().IMPORT,
        subject=session.source_name,
        field="status",
        old=was,
        new=session.status,
    )


# ---------------------------------------------------------------------------------------------
# Editing nodes


def _next_position(plan: Plan, parent: Node | None) -> int:
    last = Node.objects.filter(plan=plan, parent=parent).aggregate(Max("position"))["position__max"]
    return 0 if last is None else last + 1


def _check_level(level: str, parent: Node | None) -> None:
    if level not in LEVELS:
        raise ServiceError(gettext("unknown level %(level)r") % {"level": level})
    if parent is not None and LEVELS.index(level) <= LEVELS.index(parent.level):
        raise ServiceError(
            gettext("a %(level)s cannot stand under a %(parent)s: the cascade goes %(cascade)s")
            % {"level": level, "parent": parent.level, "cascade": " → ".join(LEVELS)}
        )


@transaction.atomic
def create_node(
    *,
    plan: Plan,
    parent: Node | None,
    level: str,
    name: str,
    code: str = "",
    number: str = "",
    budget: Decimal | None = None,
    user=None,
) -> Node:
    _refuse_if_adopted(plan.pk)
    if parent is not None and parent.plan_id != plan.pk:
        raise ServiceError(gettext("the parent belongs to another plan"))
    _check_level(level, parent)
    name = checked_text(name, "name")
    if not name:
        raise ServiceError(gettext("a name is required"))
    node = Node.objects.create(
        plan=plan,
        parent=parent,
        level=level,
        name=name,
        code=checked_text(code, "code"),
        number=checked_text(number, "number"),
        budget=budget,
        position=_next_position(plan, parent),
    )
    audit.record(
        user=user,
        plan=plan,
        node=node,
        kind=_kind().STRUCTURE,
        field="created",
        new=f"{node.level} {node.name}",
    )
    return node


@transaction.atomic
def update_node(
    *,
    node: Node,
    name: str,
    code: str = "",
    number: str = "",
    budget: Decimal | None = None,
    level: str | None = None,
    expected_version: int | None = None,
    user=None,
) -> Node:
    """Change a node's fields. ``expected_version`` is the version its edit form was opened with:
    when someone saved the node since, ``StaleEdit`` is raised and nothing is written."""
    _refuse_if_adopted(node.plan_id)
    name = checked_text(name, "name")
    code, number = checked_text(code, "code"), checked_text(number, "number")
    if not name:
        raise ServiceError(gettext("a name is required"))
    before = {field: getattr(node, field) for field in _NODE_TRACKED}
    if level and level != node.level:
        _check_level(level, node.parent)
        lowest_child = node.children.order_by().values_list("level", flat=True)
        if any(LEVELS.index(c) <= LEVELS.index(level) for c in lowest_child):
            raise ServiceError(
                gettext("a %(level)s cannot hold the nodes under this one") % {"level": level}
            )
    claim_version(
        node,
        expected_version,
        gettext(
            "Someone else saved '%(name)s' after you opened this form. Reload the page to see their change; yours was not saved."
        )
        % {"name": node.name},
    )
    if level:
        node.level = level
    node.name, node.code, node.number, node.budget = name, code, number, budget
    node.save(update_fields=["level", "name", "code", "number", "budget", "version"])
    audit.record_many(
        [
            {
                "user": user,
                "plan": node.plan,
                "node": node,
                "kind": _kind().STRUCTURE,
                "field": field,
                "old": old,
                "new": getattr(node, field),
            }
            for field, old in before.items()
        ]
    )
    return node


_NODE_TRACKED = ("level", "name", "code", "number", "budget")


@transaction.atomic
def delete_node(*, node: Node, user=None) -> None:
    """Remove a node with everything under it; its later siblings move up.

    Refused (ServiceError) while an indicator in it has realisasi in a submitted or verified
    period: the period must be returned first. Its history stays (naming what was deleted), the
    deletion is recorded, and its evidence files leave the storage once the deletion is saved.
    """
    _refuse_if_adopted(node.plan_id)
    nodes = _subtree_ids(node)
    indicators = list(Indicator.objects.filter(node_id__in=nodes).values_list("id", flat=True))
    _refuse_if_locked(plan_id=node.plan_id, indicator_ids=indicators, what=node.name)
    _keep_history(plan_id=node.plan_id, node_ids=nodes, indicator_ids=indicators)
    _record_structure(plan=node.plan, field="deleted", old=f"{node.level} {node.name}", user=user)
    files = _evidence_files(indicators)
    Node.objects.filter(
        plan_id=node.plan_id, parent_id=node.parent_id, position__gt=node.position
    ).update(position=F("position") - 1)
    node.delete()
    _remove_files_on_commit(files)


@transaction.atomic
def move_node(*, node: Node, offset: int, user=None) -> Node:
    """Swap a node with its sibling ``offset`` places away (-1 up, +1 down); at an end, nothing.
    Refused while an indicator in it has realisasi in a submitted or verified period."""
    _refuse_if_adopted(node.plan_id)
    nodes = _subtree_ids(node)
    _refuse_if_locked(
        plan_id=node.plan_id,
        indicator_ids=list(
            Indicator.objects.filter(node_id__in=nodes).values_list("id", flat=True)
        ),
        what=node.name,
    )
    siblings = list(
        Node.objects.select_for_update()
        .filter(plan_id=node.plan_id, parent_id=node.parent_id)
        .order_by("position", "id")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == node.pk)
    target = index + offset
    if not 0 <= target < len(siblings):
        return node
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    Node.objects.bulk_update(siblings, ["position"])
    moved = next(s for s in siblings if s.pk == node.pk)
    _record_move(user=user, plan=node.plan, node=node, old=index, new=target)
    return moved


# ---------------------------------------------------------------------------------------------
# Editing indicators and targets


@transaction.atomic
def create_indicator(
    *, node: Node, name: str, objective: str = "", unit: str = "", user=None, **settings
) -> Indicator:
    _refuse_if_adopted(node.plan_id)
    name = checked_text(name, "indicator")
    if not name:
        raise ServiceError(gettext("an indicator needs a name"))
    last = node.indicators.aggregate(Max("position"))["position__max"]
    indicator = Indicator(
        node=node,
        name=name,
        objective=checked_text(objective, "objective"),
        unit=checked_text(unit, "unit"),
        position=0 if last is None else last + 1,
    )
    _apply_settings(indicator, settings)
    indicator.save()
    audit.record(
        user=user,
        plan=node.plan,
        indicator=indicator,
        kind=_kind().STRUCTURE,
        field="created",
        new=f"indikator {indicator.name}",
    )
    return indicator


@transaction.atomic
def update_indicator(
    *,
    indicator: Indicator,
    name: str,
    objective: str = "",
    unit: str = "",
    user=None,
    expected_version: int | None = None,
    targets: dict[str, core.Value] | None = None,
    **settings,
) -> Indicator:
    """Change an indicator's fields and settings, and its targets when ``targets`` is given
    (period → value, as ``set_targets``), all in one save.

    ``expected_version`` is the version its edit form was opened with: when someone saved the
    indicator or its targets since, ``StaleEdit`` is raised and nothing is written.

    Of an adopted plan only the settings that say how capaian is computed (polarity,
    aggregation) change; a change of anything else (its texts, target mode, weight, annual
    target, targets) is refused (``PlanAdopted``) and nothing is written.
    """
    name = checked_text(name, "indicator")
    objective, unit = checked_text(objective, "objective"), checked_text(unit, "unit")
    if not name:
        raise ServiceError(gettext("an indicator needs a name"))
    plan_id = indicator.node.plan_id
    adopted = Plan.objects.filter(pk=plan_id, status=Plan.Status.FINAL).exists()
    # Of an adopted plan, a save that changes only the capaian settings goes through. A plan
    # adopted between this read and the lock below refuses the save whole (never too little).
    settings_only = adopted and not _changes_plan(
        indicator, name, objective, unit, settings, targets
    )
    _refuse_if_adopted(plan_id, settings_only=settings_only)
    claim_version(indicator, expected_version, _stale_indicator(indicator))
    before = {field: getattr(indicator, field) for field in _TRACKED}
    indicator.name, indicator.objective, indicator.unit = name, objective, unit
    _apply_settings(indicator, settings)
    # Saving the settings is the person's confirmation of what was guessed on import.
    indicator.to_confirm = [k for k in indicator.to_confirm if k not in settings]
    indicator.save(update_fields=[*_TRACKED, "to_confirm", "version"])
    _record_settings(indicator, before, user)
    if targets is not None:
        _write_targets(indicator=indicator, values=targets, kind=Target.Kind.TARGET, user=user)
    return indicator


def _changes_plan(indicator: Indicator, name, objective, unit, settings, targets) -> bool:
    """Would this save change more of the indicator than its capaian settings?"""
    probe = Indicator(
        name=name,
        objective=objective,
        unit=unit,
        **{field: getattr(indicator, field) for field in _TRACKED if field not in _TEXTS},
    )
    _apply_settings(probe, settings)
    return any(
        audit.shown(getattr(probe, field)) != audit.shown(getattr(indicator, field))
        for field in _TRACKED
        if field not in _CAPAIAN_SETTINGS
    ) or bool(targets and _target_changes(indicator, targets, Target.Kind.TARGET))


def _stale_indicator(indicator: Indicator) -> str:
    return gettext(
        "Someone else saved the indicator '%(name)s' or its targets after you opened this form. Reload the page to see their change; yours was not saved."
    ) % {"name": indicator.name}


_SETTINGS = {
    "polarity",
    "aggregation",
    "target_mode",
    "weight",
    "annual_target",
    "person_in_charge",
    "renstra_target",
    "renstra_realised",
}


def _apply_settings(indicator: Indicator, settings: dict) -> None:
    unknown = set(settings) - _SETTINGS
    if unknown:
        raise ServiceError(
            gettext("unknown indicator settings: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    for key in ("polarity", "aggregation"):
        if key in settings:
            setattr(indicator, key, settings[key] or "")
    if settings.get("target_mode"):
        indicator.target_mode = settings["target_mode"]
    if settings.get("weight") is not None:
        if Decimal(settings["weight"]) <= 0:
            raise ServiceError(gettext("a weight must be more than 0"))
        indicator.weight = Decimal(settings["weight"])
    if "annual_target" in settings:
        annual = checked_value(settings["annual_target"])
        indicator.annual_value, indicator.annual_text = to_decimal(annual)
    if "person_in_charge" in settings:
        field = Indicator._meta.get_field("person_in_charge")
        text = checked_text(
            settings["person_in_charge"] or "",
            "note",
            limit=field.max_length,
            what=capfirst(field.verbose_name),
        )
        indicator.person_in_charge = " ".join(text.split())
    for key in ("renstra_target", "renstra_realised"):
        if key in settings:
            value, text = to_decimal(checked_value(settings[key]))
            setattr(indicator, f"{key}_value", value)
            setattr(indicator, f"{key}_text", text)


@transaction.atomic
def delete_indicator(*, indicator: Indicator, user=None) -> None:
    """Remove an indicator; refused while it has realisasi in a submitted or verified period.
    Its history stays, the deletion is recorded, its evidence files leave the storage."""
    plan_id = indicator.node.plan_id
    _refuse_if_adopted(plan_id)
    _refuse_if_locked(plan_id=plan_id, indicator_ids=[indicator.pk], what=indicator.name)
    _keep_history(plan_id=plan_id, node_ids=[], indicator_ids=[indicator.pk])
    _record_structure(
        plan=indicator.node.plan, field="deleted", old=f"indikator {indicator.name}", user=user
    )
    files = _evidence_files([indicator.pk])
    Indicator.objects.filter(node_id=indicator.node_id, position__gt=indicator.position).update(
        position=F("position") - 1
    )
    indicator.delete()
    _remove_files_on_commit(files)


@transaction.atomic
def move_indicator(*, indicator: Indicator, offset: int, user=None) -> Indicator:
    _refuse_if_adopted(indicator.node.plan_id)
    _refuse_if_locked(
        plan_id=indicator.node.plan_id, indicator_ids=[indicator.pk], what=indicator.name
    )
    siblings = list(
        Indicator.objects.select_for_update()
        .filter(node_id=indicator.node_id)
        .order_by("position", "id")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == indicator.pk)
    target = index + offset
    if not 0 <= target < len(siblings):
        return indicator
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    Indicator.objects.bulk_update(siblings, ["position"])
    moved = next(s for s in siblings if s.pk == indicator.pk)
    _record_move(user=user, plan=indicator.node.plan, indicator=indicator, old=index, new=target)
    return moved


def _record_move(*, user, plan: Plan, old: int, new: int, node=None, indicator=None) -> None:
    audit.record(
        user=user,
        plan=plan,
        node=node,
        indicator=indicator,
        kind=_kind().STRUCTURE,
        field="position",
        old=old + 1,
        new=new + 1,
    )


@transaction.atomic
def set_targets(
    *,
    indicator: Indicator,
    values: dict[str, core.Value],
    kind: str = Target.Kind.TARGET,
    user=None,
    reason: str = "",
    expected_version: int | None = None,
) -> None:
    """Replace the indicator's values for the given periods (None clears a period).

    A period whose quarterly report is verified is locked: changing its target is refused (an
    administrator unlocks the period first). Every change is kept in the history. A change bumps
    the indicator's version (its edit form holds the targets); with ``expected_version``, a
    version other than the indicator's is refused (``StaleEdit``) and nothing is written. Of an
    adopted plan, refused (``PlanAdopted``): its targets change through a new revision.
    """
    _refuse_if_adopted(indicator.node.plan_id)
    if expected_version is not None:
        claim_version(indicator, expected_version, _stale_indicator(indicator))
    changed = _write_targets(
        indicator=indicator, values=values, kind=kind, user=user, reason=reason
    )
    if changed and expected_version is None:
        claim_version(indicator, None, _stale_indicator(indicator))


def _write_targets(
    *, indicator: Indicator, values: dict[str, core.Value], kind: str, user=None, reason: str = ""
) -> bool:
    """Write the values that differ from the stored ones (history kept); whether any did."""
    from ..monitoring.models import History, Report

    plan = indicator.node.plan
    changes = _target_changes(indicator, values, kind)
    if not changes:
        return False
    locked = set(
        Report.objects.filter(
            plan=plan, period__in=[c[0] for c in changes], state=Report.State.VERIFIED
        ).values_list("period", flat=True)
    )
    if locked:
        raise ServiceError(
            gettext("%(periods)s verified and locked: an administrator must unlock it first")
            % {"periods": ", ".join(sorted(locked))}
        )
    Target.objects.filter(
        indicator=indicator, kind=kind, period__in=[c[0] for c in changes]
    ).delete()
    Target.objects.bulk_create(
        [
            Target(indicator=indicator, kind=kind, period=period, value=number, text=text)
            for period, _old, _new, number, text in changes
            if number is not None or text
        ]
    )
    audit.record_many(
        [
            {
                "user": user,
                "plan": plan,
                "indicator": indicator,
                "period": period,
                "kind": History.Kind.TARGET
                if kind == Target.Kind.TARGET
                else History.Kind.REALISATION,
                "field": kind,
                "old": old,
                "new": new,
                "reason": reason,
            }
            for period, old, new, _number, _text in changes
        ]
    )
    return True


def _target_changes(
    indicator: Indicator, values: dict[str, core.Value], kind: str
) -> list[tuple[str, str, str, Decimal | None, str]]:
    """(period, old as shown, new as shown, number, text) of each value that differs from the
    stored one; ServiceError for a text too long or a period the plan does not have."""
    values = {period: checked_value(value) for period, value in values.items()}
    unknown = set(values) - set(indicator.node.plan.periods)
    if unknown:
        raise ServiceError(
            gettext("periods not in this plan: %(periods)s")
            % {"periods": ", ".join(sorted(unknown))}
        )
    existing = {
        t.period: t
        for t in Target.objects.filter(indicator=indicator, kind=kind, period__in=list(values))
    }
    changes = []
    for period, value in values.items():
        number, text = to_decimal(value)
        old = existing.get(period)
        old_text = _shown(old.value if old else None, old.text if old else "")
        new_text = _shown(number, text)
        if old_text != new_text:
            changes.append((period, old_text, new_text, number, text))
    return changes


def _shown(number: Decimal | None, text: str) -> str:
    """A stored value as history shows it: "25", "0.9", "WTP" or ""."""
    if number is not None:
        return format(number.normalize(), "f")
    return text or ""


def _record_settings(indicator: Indicator, before: dict, user) -> None:
    from ..monitoring.models import History

    # Values compared as shown: a weight of 1.000 set to 1 is no change.
    audit.record_many(
        [
            {
                "user": user,
                "plan": indicator.node.plan,
                "indicator": indicator,
                "kind": History.Kind.SETTING,
                "field": name,
                "old": old,
                "new": getattr(indicator, name),
            }
            for name, old in before.items()
        ]
    )


_TRACKED = (
    "name",
    "objective",
    "unit",
    "polarity",
    "aggregation",
    "target_mode",
    "weight",
    "annual_value",
    "annual_text",
    "person_in_charge",
    "renstra_target_value",
    "renstra_target_text",
    "renstra_realised_value",
    "renstra_realised_text",
)
_TEXTS = ("name", "objective", "unit")
# The settings that only say how capaian is computed from the adopted targets: they stay
# editable once the plan is adopted (docs/lifecycle.md, "Penetapan").
# The Renstra figures are not the Renja's targets (the Renstra is adopted on its own, and its
# realisasi up to last year is known only later): editable too.
_CAPAIAN_SETTINGS = (
    "polarity",
    "aggregation",
    "renstra_target_value",
    "renstra_target_text",
    "renstra_realised_value",
    "renstra_realised_text",
)


__all__ = [
    "PlanAdopted",
    "ServiceError",
    "adopt_plan",
    "adopted_message",
    "adoption_text",
    "cancel_import",
    "confirm_import",
    "correct_import",
    "create_indicator",
    "create_node",
    "delete_indicator",
    "delete_node",
    "import_plan",
    "move_indicator",
    "move_node",
    "parent_level",
    "reset_import_reading",
    "set_targets",
    "stage_import",
    "update_indicator",
    "update_node",
]


# ---------------------------------------------------------------------------------------------
# What a submitted or verified period protects


def _subtree_ids(node: Node) -> list[int]:
    """The ids of a node and every node under it (a query per level: at most five)."""
    ids, frontier = [node.pk], [node.pk]
    while frontier:
        frontier = list(Node.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        ids += frontier
    return ids


def _refuse_if_locked(*, plan_id: int, indicator_ids: list[int], what: str) -> None:
    """ServiceError when one of the indicators has realisasi in a submitted or verified period."""
    from ..monitoring.models import Realisation, Report

    locked = Report.objects.filter(
        plan_id=plan_id, state__in=(Report.State.SUBMITTED, Report.State.VERIFIED)
    ).values_list("period", flat=True)
    periods = sorted(
        set(
            Realisation.objects.filter(
                indicator_id__in=indicator_ids, period__in=list(locked)
            ).values_list("period", flat=True)
        )
    )
    if periods:
        raise ServiceError(
            gettext(
                "“%(name)s” has realisasi in %(periods)s, which is submitted or verified: "
                "return the period to the unit first"
            )
            % {"name": what[:80], "periods": ", ".join(periods)}
        )


def _keep_history(*, plan_id: int, node_ids: list[int], indicator_ids: list[int]) -> None:
    """Name the indicator or node in the history rows about to lose their link to it."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Concat, Substr

    from ..monitoring.models import History

    def name_of(model, ref: str):
        return Subquery(model.objects.filter(pk=OuterRef(ref)).values("name")[:1])

    def level_of(ref: str):
        return Subquery(Node.objects.filter(pk=OuterRef(ref)).values("level")[:1])

    History.objects.filter(plan_id=plan_id, indicator_id__in=indicator_ids, subject="").update(
        subject=Substr(
            Concat(
                models.Value("indikator "),
                name_of(Indicator, "indicator_id"),
                output_field=models.TextField(),
            ),
            1,
            500,
        )
    )
    History.objects.filter(plan_id=plan_id, node_id__in=node_ids, subject="").update(
        subject=Substr(
            Concat(
                level_of("node_id"),
                models.Value(" "),
                name_of(Node, "node_id"),
                output_field=models.TextField(),
            ),
            1,
            500,
        )
    )


def _record_structure(*, plan: Plan, field: str, old: str, user) -> None:
    audit.record(
        user=user,
        plan=plan,
        kind=_kind().STRUCTURE,
        field=field,
        old=old[:2000],
        subject=old,
    )


def _evidence_files(indicator_ids: list[int]) -> list[str]:
    from ..monitoring.models import Evidence

    return [
        name
        for name in Evidence.objects.filter(realisation__indicator_id__in=indicator_ids)
        .exclude(file="")
        .values_list("file", flat=True)
        if name
    ]


def _remove_files_on_commit(names: list[str]) -> None:
    """Remove stored evidence files once the deletion that orphaned them is saved."""
    if not names:
        return
    from django.core.files.storage import default_storage

    def remove() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(remove)


# ---------------------------------------------------------------------------------------------
# Penetapan: adopting a plan's current revision locks its structure and targets


class PlanAdopted(ServiceError):
    """The plan is adopted: its structure and targets change only through a new revision."""


class PlanReplaced(ServiceError):
    """A change of a revision that a newer one replaced (kept as it was)."""


def adoption_text(plan: Plan) -> str:
    """ "3 Jan 2022 (decree 050/12/2022)": the adoption as a refusal names it."""
    return gettext("%(date)s (decree %(number)s)") % {
        "date": formats.date_format(plan.adopted_on, "DATE_FORMAT") if plan.adopted_on else "",
        "number": plan.decree_number,
    }


def adopted_message(plan: Plan) -> str:
    """Why an adopted plan's structure and targets are not changed, as a refusal says it."""
    return gettext(
        "This plan was adopted on %(adoption)s: change it through a new revision (perubahan)."
    ) % {"adoption": adoption_text(plan)}


def _refuse_if_adopted(plan_id: int, *, settings_only: bool = False) -> None:
    """The one check of every change of a plan's structure, targets or indicator settings.

    Refuses (``PlanAdopted``) a change of an adopted plan, unless ``settings_only`` (a change of
    the settings that only say how capaian is computed, which stay editable). Otherwise takes the
    plan's next ``edits`` in one conditional UPDATE inside the caller's transaction: the plan's
    row stays locked until the change is saved, so an adoption and a change of the same plan
    happen one after the other, never interleaved (the adoption then sees the changed count and
    is refused as stale). Called before the service writes anything else, so that every change
    takes the plan's row before its node's or indicator's (one order: no deadlock).
    """
    # A replaced revision is kept as it was, like its realisasi (monitoring.carry_over).
    rows = Plan.objects.filter(pk=plan_id, is_current=True)
    if not settings_only:
        rows = rows.filter(status=Plan.Status.DRAFT)
    if rows.update(edits=F("edits") + 1):
        return
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise ServiceError(gettext("this plan no longer exists"))
    if not plan.is_current:
        raise PlanReplaced(
            gettext(
                "This is revision %(revision)s, replaced by a newer revision of the plan: it is "
                "kept as it was. Change the current revision."
            )
            % {"revision": plan.revision}
        )
    raise PlanAdopted(adopted_message(plan))


@transaction.atomic
def adopt_plan(
    *,
    plan: Plan,
    adopted_on: date,
    decree_number: str,
    expected_edits: int | None = None,
    user=None,
    today: date | None = None,
) -> Plan:
    """Adopt (penetapan) the current revision of a plan: the decree's date and number, and who
    recorded it when. From then on its structure and targets change only through a new revision
    (``_refuse_if_adopted``); its realisasi are reported as before.

    Refused (ServiceError, nothing written): a plan already adopted (``PlanAdopted``), a revision
    that is not the current one, a date before 1 January of the year before the plan's or after
    ``today`` (the local date), an empty decree number, one longer than ``DECREE_LENGTH`` or
    holding a NUL. ``expected_edits`` is the plan's ``edits`` as the page showed it: a plan
    changed since raises ``StaleEdit`` (the person adopts what they saw, or nothing).
    """
    # One line: the number as the decree prints it, whatever the spacing typed.
    decree_number = " ".join(checked_text(decree_number, "decree", limit=DECREE_LENGTH).split())
    if not decree_number:
        raise ServiceError(gettext("The decree number is required."))
    if not isinstance(adopted_on, date):
        raise ServiceError(gettext("The date of the decree is required."))
    locked = Plan.objects.select_for_update().filter(pk=plan.pk).first()
    if locked is None:
        raise ServiceError(gettext("this plan no longer exists"))
    if locked.is_adopted:
        raise PlanAdopted(
            gettext("This plan was already adopted on %(adoption)s.")
            % {"adoption": adoption_text(locked)}
        )
    if not locked.is_current:
        raise ServiceError(
            gettext(
                "Only the current revision of a plan can be adopted: this is revision "
                "%(revision)s, an earlier one."
            )
            % {"revision": locked.revision}
        )
    today = today or timezone.localdate()
    earliest = date(locked.year - 1, 1, 1)
    if adopted_on > today:
        raise ServiceError(
            gettext("The date of the decree, %(date)s, is in the future.")
            % {"date": formats.date_format(adopted_on, "DATE_FORMAT")}
        )
    if adopted_on < earliest:
        raise ServiceError(
            gettext(
                "The date of the decree, %(date)s, is too early for a plan of %(year)s: the "
                "earliest is %(earliest)s."
            )
            % {
                "date": formats.date_format(adopted_on, "DATE_FORMAT"),
                "year": locked.year,
                "earliest": formats.date_format(earliest, "DATE_FORMAT"),
            }
        )
    if expected_edits is not None and locked.edits != expected_edits:
        raise StaleEdit(
            gettext(
                "The plan was changed after you opened its page: look at it again before "
                "adopting it. It was not adopted."
            )
        )
    locked.status = Plan.Status.FINAL
    locked.adopted_on = adopted_on
    locked.decree_number = decree_number
    locked.adopted_by = user if getattr(user, "pk", None) else None
    locked.adopted_at = timezone.now()
    fields = ["status", "adopted_on", "decree_number", "adopted_by", "adopted_at"]
    locked.save(update_fields=[*fields, "updated_at"])
    audit.record_many(
        [
            {
                "user": user,
                "plan": locked,
                "kind": _kind().ADOPTION,
                "field": field,
                "old": old,
                "new": new,
            }
            for field, old, new in (
                ("status", Plan.Status.DRAFT, locked.status),
                ("adopted_on", "", adopted_on),
                ("decree_number", "", decree_number),
            )
        ]
    )
    for field in [*fields, "edits"]:
        setattr(plan, field, getattr(locked, field))
    return plan
