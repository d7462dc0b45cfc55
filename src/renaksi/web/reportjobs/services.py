"""Reports of stored plans: the registry and formats on offer, the unit's signature block, a plan's
report as file bytes, and the kabupaten workbook built by a ``ReportJob``.

The builders and renderers are the pure ones of ``renaksi.reports``; this module only feeds them
the stored plan (``load_document``, a constant number of queries) and the unit's settings.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import threading
import traceback
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext

from ... import reports as reports_pkg
from ...reports import Report, Signature, adoption_line, renderer
from .. import audit
from ..accounts.models import Unit
from ..plans.models import Plan
from ..plans.selectors import load_document, load_documents
from ..plans.services import ServiceError, checked_text, claim_version
from .models import ReportJob, ReportRequest

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Kind:
    """A report on offer: its label, whether it is of one period, and its builder
    ``build(core plan, monitoring, period, signature) -> Report``."""

    key: str
    label: str
    needs_period: bool
    needs_monitoring: bool
    build: Callable
    period_optional: bool = False  # a whole-plan report that may be made up to one period


def report_kinds() -> dict[str, Kind]:
    """The registry's reports (``renaksi.reports.REPORTS``), else the Rencana Aksi alone."""
    from ...reports import rencana_aksi

    registry = getattr(reports_pkg, "REPORTS", None)
    if not isinstance(registry, dict):
        return {
            "rencana-aksi": Kind(
                "rencana-aksi",
                "Rencana Aksi",
                False,
                False,
                lambda plan, monitoring, period, signature: rencana_aksi.build(plan, signature),
            )
        }
    kinds = {}
    for key, entry in registry.items():
        build = getattr(entry, "build", None)
        if not callable(build):
            continue
        kinds[key] = Kind(
            key,
            getattr(entry, "label", key),
            bool(getattr(entry, "needs_period", False)),
            bool(getattr(entry, "needs_monitoring", False)),
            lambda plan, monitoring, period, signature, build=build: build(
                plan, monitoring, period=period, signature=signature
            ),
            bool(getattr(entry, "period_optional", False)),
        )
    return kinds


def available_reports(period: bool = False) -> list[str]:
    """The reports of a whole plan (``period=False``) or of one period of it (``period=True``)."""
    return [
        k
        for k, kind in report_kinds().items()
        if kind.needs_period == period or (period and kind.period_optional)
    ]


def report_label(report: str) -> str:
    kind = report_kinds().get(report)
    return kind.label if kind else report


def available_formats() -> list[str]:
    formats = ["xlsx", "docx"]
    try:
        from ...reports import pdf  # noqa: F401
    except ImportError:
        return formats
    return [*formats, "pdf"]


def signature_of(unit: Unit, today: dt.date | None = None) -> Signature:
    """The unit's signature block: its place and today's date, its head's position, name, NIP."""
    return Signature(
        place=unit.signature_place or None,
        date=today or timezone.localdate(),
        position=unit.head_position or None,
        name=unit.head_name or None,
        nip=unit.head_nip or None,
    )


@dataclass
class Rendered:
    data: bytes
    filename: str
    content_type: str


def file_name(plan: Plan, report: str, fmt: str, period: str | None = None) -> str:
    """renaksi-kecamatan-kaligondang-2022-rencana-aksi.xlsx (-tw2 for a period's report,
    -perubahan, -r2 when not the first revision)."""
    parts = [slugify(plan.unit.name) or "unit", str(plan.year), report]
    if period:
        parts.append(period.lower())
    if plan.version != "murni":
        parts.append(plan.version)
    if plan.revision and plan.revision > 1:
        parts.append(f"r{plan.revision}")
    return f"renaksi-{'-'.join(parts)}.{fmt}"


def monitoring_of(doc) -> object:
    """The plan's realisasi, narrative, budget spent, period states and capaian settings as the
    report builders take them (``reports.data.Monitoring``), in a constant number of queries."""
    from collections import defaultdict

    from ...reports.data import (
        IndicatorData,
        Monitoring,
        NodeData,
        PeriodState,
        keyed_indicators,
        keyed_nodes,
    )
    from ..monitoring import models as m
    from ..monitoring.selectors import engine_settings, realisation_value, rule_of
    from ..plans.selectors import decimal_to_number

    plan = doc.plan
    periods = list(plan.periods)
    realisations = defaultdict(list)
    for r in m.Realisation.objects.filter(indicator__node__plan=plan):
        realisations[r.indicator_id].append(r)
    spent = defaultdict(dict)
    for b in m.BudgetSpent.objects.filter(node__plan=plan):
        spent[b.node_id][b.period] = decimal_to_number(b.amount)
    monitoring = Monitoring(settings=engine_settings(plan.unit.kabupaten))

    def name(user) -> str | None:
        return (user.get_full_name() or user.get_username()) if user else None

    def position(user) -> str | None:
        profile = getattr(user, "profile", None) if user else None
        return (profile.position or None) if profile else None

    # Bukti dukung per realisation: each link's URL, else the file's name as uploaded.
    evidence = defaultdict(list)
    for e in m.Evidence.objects.filter(plan=plan).order_by("uploaded_at", "pk"):
        shown = e.link or e.original_name
        if shown:
            evidence[e.realisation_id].append(shown)
    reports = m.Report.objects.filter(plan=plan).select_related(
        "reviewed_by__profile", "unlocked_by"
    )
    for report in reports:
        state = PeriodState(state=report.state)
        if report.reopened:  # the unlock is the latest decision, not the verification it undid
            state.reopened_by = name(report.unlocked_by) or "-"
            state.reopened_on = timezone.localtime(report.unlocked_at).date()
            state.reopen_reason = report.unlock_reason or None
        else:
            state.verifier, state.note = name(report.reviewed_by), report.reviewer_note or None
            state.verifier_position = position(report.reviewed_by)
        monitoring.periods[report.period] = state
    for key, _node, ci in keyed_indicators(doc.core):
        stored = doc.indicators[id(ci)]
        data = IndicatorData(rule=rule_of(stored), owner=stored.person_in_charge or None)
        for r in realisations[stored.pk]:
            if evidence.get(r.pk):
                data.evidence[r.period] = evidence[r.pk]
            data.actuals[r.period] = realisation_value(r)
            if r.obstacles:
                data.kendala[r.period] = r.obstacles
            if r.supporting_factors:
                data.faktor_pendukung[r.period] = r.supporting_factors
            if r.follow_up:
                data.tindak_lanjut[r.period] = r.follow_up
        monitoring.indicators[key] = data
    for key, node, _parent in keyed_nodes(doc.core):
        upto = spent.get(doc.nodes[id(node)].pk)
        if not upto:
            continue
        # Stored up to each period; the builders take what was spent in each period.
        data = NodeData()
        before = 0.0
        for p in periods:
            if p in upto and upto[p] is not None:
                data.spent[p] = float(upto[p]) - before
                before = float(upto[p])
        monitoring.nodes[key] = data
    return monitoring


def plan_state(plan: Plan) -> str:
    """The stored plan's state as its reports print it under their title (``adoption_line``)."""
    if not plan.is_adopted:
        return adoption_line(None)
    return adoption_line(plan.adopted_on, plan.decree_number)


def render_plan_report(
    plan: Plan,
    report: str,
    fmt: str,
    today: dt.date | None = None,
    period: str | None = None,
    paper: str | None = None,
) -> Rendered:
    """``report`` of the stored plan in ``fmt`` (of ``period`` when it is a period's report),
    signed and on the paper the unit's settings say (``paper`` overrides the paper), the plan's
    state (adopted, with its decree, or a draft) under the title."""
    kind = report_kinds()[report]
    doc = load_document(plan)
    monitoring = monitoring_of(doc) if kind.needs_monitoring else None
    if not (kind.needs_period or kind.period_optional):
        period = None
    built = kind.build(doc.core, monitoring, period, signature_of(plan.unit, today))
    built.title.append(plan_state(plan))
    return Rendered(
        data=renderer(fmt)(built, paper or plan.unit.paper),
        filename=file_name(plan, report, fmt, period),
        content_type=CONTENT_TYPES[fmt],
    )


SETTINGS_FIELDS = ("signature_place", "head_position", "head_name", "head_nip", "paper")


@transaction.atomic
def update_report_settings(
    *,
    unit: Unit,
    signature_place: str,
    head_position: str,
    head_name: str,
    head_nip: str,
    paper: str,
    expected_version: int | None = None,
    user=None,
) -> Unit:
    """Set who signs the unit's reports (place, position, name, NIP) and the paper they print on.

    Raises ServiceError for a paper no renderer knows, and for a text longer than its field or
    holding a NUL; texts are stored stripped, without control characters. ``expected_version``
    is the settings version the form was opened with: when someone saved the settings since,
    ``StaleEdit`` is raised and nothing is written.
    """
    # A unit's paper is one of its field's choices (A3 is chosen per download, not per unit).
    if paper not in dict(Unit._meta.get_field("paper").choices):
        raise ServiceError(gettext("unknown paper %(paper)s") % {"paper": paper})
    texts = {
        "signature_place": signature_place,
        "head_position": head_position,
        "head_name": head_name,
        "head_nip": head_nip,
    }
    before = {name: getattr(unit, name) for name in SETTINGS_FIELDS}
    for name, value in texts.items():
        field = Unit._meta.get_field(name)
        text = checked_text(
            value, "note", limit=field.max_length, what=capfirst(field.verbose_name)
        )
        setattr(unit, name, text)
    unit.paper = paper
    claim_version(
        unit,
        expected_version,
        gettext(
            "Someone else saved the report settings of %(unit)s after you opened this form. Reload the page to see their change; yours was not saved."
        )
        % {"unit": unit.name},
        field="settings_version",
    )
    unit.save(update_fields=[*SETTINGS_FIELDS, "settings_version"])
    audit.record_many(
        [
            {
                "user": user,
                "unit": unit,
                "kind": _kinds().REPORTS,
                "field": name,
                "old": old,
                "new": getattr(unit, name),
            }
            for name, old in before.items()
        ]
    )
    return unit


def _kinds():
    from ..monitoring.models import History

    return History.Kind


# ---------------------------------------------------------------------------------------------
# The kabupaten workbook


def current_plans(kabupaten: Unit, year: int) -> list[Plan]:
    """Each unit's current plan of the year (murni before perubahan: the perubahan when both)."""
    plans = (
        Plan.objects.filter(unit__parent=kabupaten, year=year, is_current=True)
        .select_related("unit", "unit__parent")
        .order_by("unit__name", "version")
    )
    chosen: dict[int, Plan] = {}
    for plan in plans:
        if plan.unit_id not in chosen or plan.version == "perubahan":
            chosen[plan.unit_id] = plan
    return sorted(chosen.values(), key=lambda p: p.unit.name)


def summary_report(kabupaten: Unit, year: int, rows: list[tuple[str, str, int, str]]) -> Report:
    """The summary sheet: one row per unit with its plan, how many indicators it holds and the
    plan's state (``plan_state``)."""
    from ...reports import CENTER, HEADING, NUMBER, TEXT, Cell

    return Report(
        name=f"ringkasan-{year}",
        title=[f"RENCANA AKSI TAHUN {year}", kabupaten.name.upper()],
        header=[
            [
                Cell(t, HEADING)
                for t in ("No", "Unit", "Rencana", "Jumlah Indikator", "Status Penetapan")
            ]
        ],
        body=[
            [
                Cell(str(n), CENTER),
                Cell(unit, TEXT),
                Cell(plan, CENTER),
                Cell(str(count), NUMBER, value=count),
                Cell(state, TEXT),
            ]
            for n, (unit, plan, count, state) in enumerate(rows, start=1)
        ],
        widths=[5.0, 40.0, 18.0, 16.0, 36.0],
        landscape=False,
    )


def build_kabupaten_workbook(kabupaten: Unit, year: int, today: dt.date | None = None) -> bytes:
    """A summary sheet first, then one sheet per unit (its current plan's Rencana Aksi)."""
    from ...reports import rencana_aksi
    from ...reports.xlsx import render_workbook

    sheets = []
    summary = []
    plans = current_plans(kabupaten, year)
    documents = load_documents(plans)  # three queries for every unit's plan
    for plan in plans:
        doc = documents[plan.pk]
        report = rencana_aksi.build(doc.core, signature_of(plan.unit, today))
        state = plan_state(plan)
        report.title.append(state)
        sheets.append((plan.unit.name, report))
        summary.append(
            (
                plan.unit.name,
                f"{plan.get_version_display()} r{plan.revision}",
                sum(1 for _ in doc.core.indicators()),
                state,
            )
        )
    return render_workbook(sheets, summary_report(kabupaten, year, summary), kabupaten.paper)


# ---------------------------------------------------------------------------------------------
# Workbook jobs: one per kabupaten, year and settings at a time, built by a bounded pool of
# threads, their old files removed. Every request is recorded (ReportRequest) with its outcome.

# A job left running longer than this is taken for dead (its server stopped while it was built):
# a request does not join it, and ``run_pending`` builds it again.
STALE_AFTER = dt.timedelta(minutes=30)
# Jobs of one kabupaten waiting or being built at once; a request beyond it is refused.
MAX_WAITING = 10
# A file under reports/ that no job names is removed once it is this old (a job saves its file a
# moment before it records it).
ORPHAN_AFTER = dt.timedelta(hours=1)
REPORTS_DIR = "reports"


def settings_key(kabupaten: Unit) -> str:
    """A digest of what a workbook is built with besides the plans: the kabupaten's paper and
    its units' signature blocks. Requests while a job waits or is built join it only if equal."""
    import hashlib
    import json

    units = Unit.objects.filter(parent=kabupaten).order_by("pk")
    data = {
        "paper": kabupaten.paper,
        "units": [[u.pk, *(getattr(u, name) for name in SETTINGS_FIELDS)] for u in units],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _active(kabupaten: Unit):
    """The kabupaten's jobs waiting, or being built and not taken for dead."""
    alive = timezone.now() - STALE_AFTER
    return ReportJob.objects.filter(kabupaten=kabupaten).filter(
        models.Q(status=ReportJob.Status.PENDING)
        | models.Q(status=ReportJob.Status.RUNNING, started_at__gte=alive)
    )


@transaction.atomic
def request_workbook(*, kabupaten: Unit, year: int, user) -> ReportRequest:
    """Ask for the kabupaten's workbook of ``year``.

    A job of the same kabupaten, year and settings that is waiting or being built is joined
    (no new job: thirty clicks make one workbook); else a new job is made and handed to the pool
    once the transaction commits, unless ``MAX_WAITING`` jobs of the kabupaten are waiting or
    being built already (refused). The request and its outcome are recorded either way.
    Requests of one kabupaten are serialised (its row is locked), so two at once never both make
    a job.
    """
    Unit.objects.select_for_update().filter(pk=kabupaten.pk).first()
    key = settings_key(kabupaten)
    active = _active(kabupaten)
    job = active.filter(year=year, settings_key=key).order_by("pk").first()
    if job is not None:
        outcome = ReportRequest.Outcome.JOINED
    elif active.count() >= MAX_WAITING:
        outcome = ReportRequest.Outcome.REFUSED
    else:
        outcome = ReportRequest.Outcome.CREATED
        job = ReportJob.objects.create(
            kabupaten=kabupaten, year=year, requested_by=user, settings_key=key
        )
        job_id = job.pk
        transaction.on_commit(lambda: start_in_background(job_id))
    request = ReportRequest.objects.create(
        kabupaten=kabupaten, year=year, requested_by=user, outcome=outcome, job=job
    )
    audit.record(
        user=user,
        unit=kabupaten,
        kind=_kinds().REPORTS,
        subject=str(year),
        field="workbook",
        new=outcome,
    )
    log.info(
        "workbook request %s: %s %s by %s: %s%s",
        request.pk,
        kabupaten,
        year,
        getattr(user, "username", None),
        outcome,
        f" (job {job.pk})" if job else "",
    )
    return request


class _Pool:
    """At most ``workers`` threads building jobs, the others waiting in its queue (and in the
    database, as pending). Its threads are daemons: a server that stops does not wait for the
    workbooks; a job it left waiting or being built is built by ``renaksi jobs``."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.threads: list[threading.Thread] = []
        self.lock = threading.Lock()

    def submit(self, fn: Callable, *args) -> Future:
        future: Future = Future()
        self.queue.put((future, fn, args))
        with self.lock:
            self.threads = [t for t in self.threads if t.is_alive()]
            if len(self.threads) < self.workers:
                thread = threading.Thread(
                    target=self._run, name=f"report-job-{len(self.threads) + 1}", daemon=True
                )
                thread.start()
                self.threads.append(thread)
        return future

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            future, fn, args = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:
                future.set_exception(exc)

    def shutdown(self, wait: bool = True) -> None:
        """Stop its threads once the queue is worked off."""
        with self.lock:
            threads, self.threads = self.threads, []
        for _ in threads:
            self.queue.put(None)
        if wait:
            for thread in threads:
                thread.join()


_pool: _Pool | None = None
_pool_lock = threading.Lock()


def _executor() -> _Pool:
    """The pool that builds workbooks in this process: RENAKSI_REPORT_WORKERS threads at most."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = _Pool(int(settings.RENAKSI_REPORT_WORKERS))
        return _pool


def shutdown_pool(wait: bool = True) -> None:
    """Stop the pool (the next job starts a new one, with the settings of then)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=wait)


def _work(job_id: int) -> None:
    try:
        run_job(job_id)
    except Exception:
        log.exception("report job %s could not be run", job_id)
    finally:
        connections.close_all()  # this worker thread's connections: none kept open while idle


def start_in_background(job_id: int) -> Future:
    """Hand the job to the pool; it is built when a worker is free."""
    return _executor().submit(_work, job_id)


def run_job(job_id: int, builder: Callable[[Unit, int], bytes] | None = None) -> ReportJob | None:
    """Build a pending job's workbook (claimed first, so two runners never build the same one),
    then remove the kabupaten's old workbook files."""
    claimed = ReportJob.objects.filter(pk=job_id, status=ReportJob.Status.PENDING).update(
        status=ReportJob.Status.RUNNING, started_at=timezone.now()
    )
    job = ReportJob.objects.select_related("kabupaten").filter(pk=job_id).first()
    if not claimed or job is None:
        return job
    try:
        data = (builder or build_kabupaten_workbook)(job.kabupaten, job.year)
        job.file.save(f"{uuid.uuid4().hex}.xlsx", ContentFile(data), save=False)
    except Exception as exc:
        log.exception("report job %s failed", job_id)
        job.status = ReportJob.Status.FAILED
        job.error = f"{type(exc).__name__}: {exc}"[:2000] or traceback.format_exc()[-2000:]
    else:
        job.status = ReportJob.Status.DONE
        job.error = ""
        job.size = len(data)
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "file", "error", "size", "finished_at"])
    log.info(
        "report job %s %s %s: %s in %.1f s",
        job.pk,
        job.kabupaten,
        job.year,
        job.status,
        (job.finished_at - job.started_at).total_seconds() if job.started_at else 0.0,
    )
    if job.status == ReportJob.Status.DONE:
        try:
            clean_old_files(kabupaten=job.kabupaten)
        except Exception:  # the workbook is built; a file that cannot be removed waits for later
            log.exception("old workbooks of %s could not be removed", job.kabupaten)
    return job


def run_pending(stale_after: dt.timedelta = STALE_AFTER) -> list[ReportJob]:
    """Every pending job, oldest first, in this process (``renaksi jobs``).

    A job left running longer than ``stale_after`` (its server stopped while it was being built)
    is waiting again and is built too.
    """
    ReportJob.objects.filter(
        status=ReportJob.Status.RUNNING, started_at__lt=timezone.now() - stale_after
    ).update(status=ReportJob.Status.PENDING)
    done = []
    for pk in (
        ReportJob.objects.filter(status=ReportJob.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        job = run_job(pk)
        if job is not None:
            done.append(job)
    return done


@dataclass
class Cleaned:
    """What ``clean_old_files`` removed: the jobs whose files went, stray files."""

    removed: list[ReportJob]
    orphans: list[str]

    def describe(self) -> str:
        return (
            f"removed {len(self.removed)} old workbook file{'' if len(self.removed) == 1 else 's'}"
            f" and {len(self.orphans)} stray file{'' if len(self.orphans) == 1 else 's'}"
        )


def clean_old_files(
    *,
    kabupaten: Unit | None = None,
    keep: int | None = None,
    keep_days: int | None = None,
    now: dt.datetime | None = None,
) -> Cleaned:
    """Remove the files of old workbooks: beyond the ``keep`` newest of each kabupaten
    (RENAKSI_REPORT_KEEP; 0 keeps any number) or finished more than ``keep_days`` days ago
    (RENAKSI_REPORT_KEEP_DAYS; 0 keeps them however old). The job stays, with its file name
    cleared and ``removed_at`` set. Without ``kabupaten`` (``renaksi jobs``), also files under
    reports/ that no job names, once an hour old.
    """
    keep = settings.RENAKSI_REPORT_KEEP if keep is None else keep
    keep_days = settings.RENAKSI_REPORT_KEEP_DAYS if keep_days is None else keep_days
    now = now or timezone.now()
    jobs = ReportJob.objects.filter(status=ReportJob.Status.DONE).exclude(file="")
    if kabupaten is not None:
        jobs = jobs.filter(kabupaten=kabupaten)
    removed = []
    seen: dict[int, int] = {}
    for job in jobs.select_related("kabupaten").order_by("kabupaten_id", "-finished_at", "-pk"):
        seen[job.kabupaten_id] = rank = seen.get(job.kabupaten_id, 0) + 1
        finished = job.finished_at or job.created_at
        too_many = keep > 0 and rank > keep
        too_old = keep_days > 0 and finished < now - dt.timedelta(days=keep_days)
        if not (too_many or too_old):
            continue
        name = job.file.name
        job.file.storage.delete(name)  # a file already gone is no error
        # Only if no one changed it meanwhile (another cleaner).
        if ReportJob.objects.filter(pk=job.pk, file=name).update(file="", removed_at=now):
            job.file.name, job.removed_at = "", now
            removed.append(job)
            log.info("report job %s: old workbook %s removed", job.pk, name)
    orphans = [] if kabupaten is not None else _remove_orphans(now)
    return Cleaned(removed=removed, orphans=orphans)


def _remove_orphans(now: dt.datetime) -> list[str]:
    storage = ReportJob._meta.get_field("file").storage
    try:
        _dirs, names = storage.listdir(REPORTS_DIR)
    except FileNotFoundError:
        return []
    named = set(ReportJob.objects.exclude(file="").values_list("file", flat=True))
    removed = []
    for base in names:
        name = f"{REPORTS_DIR}/{base}"
        if name in named:
            continue
        try:
            modified = storage.get_modified_time(name)
        except FileNotFoundError:
            continue
        if modified < now - ORPHAN_AFTER:
            storage.delete(name)
            removed.append(name)
            log.info("stray workbook file %s removed", name)
    return removed
