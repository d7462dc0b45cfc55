"""The ``renaksi`` command.

    renaksi parse FILE [--json | --reading] [--mapping MAPPING.json]
                                  the plan as an outline with its findings (or as plan JSON, or
                                  the reading as JSON: tables, header lines, column roles, levels),
                                  read with a person's correction when --mapping is given
    renaksi check FILE [--mapping MAPPING.json]
                                  findings only; exit 1 when there are errors
    renaksi export FILE --report rencana-aksi [--format xlsx|docx|pdf] [-o OUT]
                   [--place P] [--date YYYY-MM-DD] [--position P] [--name N] [--nip NIP]
                                  the plan (a document or plan JSON) as a report to print and sign
    renaksi diff A B [--format text|json] [-o OUT.xlsx]
                                  what changed from plan A to plan B, node by node and indicator
                                  by indicator; A and B are each a FILE (a document or plan JSON),
                                  plan:ID (a stored plan) or unit:NAME_OR_ID:YEAR[:VERSION][:rN]
                                  (a unit's plan from the database); exit 0 when they are the
                                  same, 1 when they differ

The web application (Django is loaded only for these):

    renaksi import FILE --unit NAME_OR_ID --year YEAR [--version murni|perubahan]
                   [--mapping MAPPING.json] [--same PATH]... [--leave-behind]
                   [--unlock-reason TEXT]
                                  save the document as a new revision of the unit's plan; the
                                  year's work of the revision it replaces carries over
    renaksi demo [--reset-passwords]
                                  a demo kabupaten, units, one account per role, the sample plan
    renaksi serve [--host H] [--port P] [--threads N] [--trusted-proxy ADDRESS] [--demo]
                  [--no-worker]   migrate, collect static files, serve with waitress, and run a
                                  worker beside it that reads the uploaded documents
    renaksi worker [--once]       read the uploaded documents waiting in the queue (the site's
                                  database), until stopped; --once: those waiting now
    renaksi remind --year Y --period TW1 [--kabupaten ID] [--today YYYY-MM-DD] [--dry-run]
                                  e-mail each unit that has not submitted the period (one message
                                  per unit); prints one line per unit: sent, no address, not due
    renaksi export --unit NAME_OR_ID --year Y [--report R] [--format F] [-o OUT]
                                  the unit's current plan of the year, from the database, signed
                                  as the unit's settings say (place, head; today's date)
    renaksi jobs [--clean]        build the kabupaten workbooks still waiting (pending jobs), then
                                  remove old workbook files; --clean only removes
    renaksi backup [-o FILE]      the database and the media directory in one zip archive
    renaksi restore FILE          a backup into an empty site (migrated, no data)
    renaksi manage ARGS...        Django's management commands (migrate, createsuperuser, ...)

Exit status: 0 a plan was read, 1 ``check`` found errors (``diff``: the plans differ), 2 the
input cannot be read as a plan or the command cannot be carried out (one clear line on stderr,
never a traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

from .core.periods import parse_period, period_label
from .core.plan import LEVEL_LABELS, Finding, Indicator, Node, Plan, tidy_number
from .importers import (
    Mapping,
    MappingError,
    UnreadableDocument,
    interpret_grid,
    read_grid,
    read_plan,
)
from .reports import FORMATS, renderer


def format_finding(source: str, finding: Finding) -> str:
    """Like a linter: ``file:line: severity: message [code]``."""
    where = f"{source}:{finding.line}" if finding.line else source
    return f"{where}: {finding.severity}: {finding.message} [{finding.code}]"


def _value(value) -> str:
    value = tidy_number(value)
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _indicator_line(indicator: Indicator, periods: list[str]) -> str:
    unit = f" ({indicator.unit})" if indicator.unit else ""
    targets = "  ".join(f"{period_label(p)}: {_value(indicator.targets.get(p))}" for p in periods)
    return f"• {indicator.name}{unit} — {targets}"


def outline(plan: Plan) -> list[str]:
    """The plan as indented lines: each node, its result statements and indicators with targets."""
    lines = []
    head = " ".join(str(x) for x in (plan.unit, plan.year) if x)
    if head:
        lines.append(head)

    def visit(node: Node, depth: int) -> None:
        pad = "  " * depth
        number = f"{node.number}. " if node.number else ""
        code = f"[{node.code}] " if node.code else ""
        lines.append(
            f"{pad}{LEVEL_LABELS[node.level]} {number}{code}{node.name}  (line {node.line})"
        )
        for indicator in node.indicators:
            if indicator.objective:
                lines.append(f"{pad}    Sasaran: {indicator.objective}")
            lines.append(f"{pad}    {_indicator_line(indicator, plan.periods)}")
        for child in node.children:
            visit(child, depth + 1)

    for node in plan.nodes:
        visit(node, 0)
    return lines


class BadMapping(Exception):
    """A mapping file that cannot be used; the message is one line naming the file."""


def read_mapping(path: str) -> Mapping:
    """A correction from a mapping file (importers/mapping.py). Raises BadMapping."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise BadMapping(f"{path}: cannot be read ({reason})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadMapping(f"{path}: line {exc.lineno}: invalid JSON ({exc.msg})") from exc
    try:
        return Mapping.from_dict(data)
    except MappingError as exc:
        raise BadMapping(f"{path}: {exc}") from exc


def _load(path: str, mapping: str | None = None) -> Plan:
    """The plan of a document, read with the correction of a mapping file when one is given
    (a plan JSON file has no grid to correct: refused)."""
    if mapping is None:
        return read_plan(Path(path))
    correction = read_mapping(mapping)
    return interpret_grid(read_grid(Path(path)), mapping=correction).plan


def cmd_parse(args: argparse.Namespace) -> int:
    if args.reading:
        return _print_reading(args)
    plan = _load(args.file, args.mapping)
    if args.json:
        sys.stdout.write(plan.to_json() + "\n")
        return 0
    out = outline(plan)
    out.append("")
    out.extend(format_finding(args.file, f) for f in plan.findings)
    out.append(_summary(plan))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def _print_reading(args: argparse.Namespace) -> int:
    """The reading as JSON, with the document's rows (line, cells) to write a mapping from: even
    when no plan table is found (then with the reason, and exit status 2)."""
    from .importers import Reading

    correction = read_mapping(args.mapping) if args.mapping else None
    grid = read_grid(Path(args.file))
    try:
        out = interpret_grid(grid, mapping=correction).reading.to_dict()
        error = None
    except UnreadableDocument as exc:
        out, error = Reading().to_dict(), str(exc)
        out["error"] = error
    out["rows"] = [
        {"line": row.line, **({"ref": row.ref} if row.ref else {}), "cells": row.cells}
        for row in grid.rows
        if not row.is_blank()
    ]
    sys.stdout.write(_compact_json(out) + "\n")
    if error:
        sys.stderr.write(f"renaksi: error: {error}\n")
        return 2
    return 0


def _compact_json(value, indent: str = "") -> str:
    """JSON indented, with each object or list that fits on a line, or holds no object (a
    column, a row of cells), on one line."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + len(indent) <= 100 or not _nested(value):
        return flat
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k)}: {_compact_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    items = [inner + _compact_json(v, inner) for v in value]
    return "[\n" + ",\n".join(items) + f"\n{indent}]"


def _nested(value) -> bool:
    """Holds an object, or is a list of lists: printed over several lines."""
    if isinstance(value, dict):
        return any(
            isinstance(v, dict) or (isinstance(v, list) and _nested(v)) for v in value.values()
        )
    if isinstance(value, list):
        return any(isinstance(v, dict | list) for v in value)
    return False


def _summary(plan: Plan) -> str:
    counts = ", ".join(
        f"{plan.count(level)} {LEVEL_LABELS[level].lower()}"
        for level in LEVEL_LABELS
        if plan.count(level)
    )
    indicators = sum(1 for _ in plan.indicators())
    by_severity = {
        s: sum(1 for f in plan.findings if f.severity == s) for s in ("error", "warning", "info")
    }
    findings = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in by_severity.items())
    return f"{counts}; {indicators} indicators; {findings}"


def cmd_check(args: argparse.Namespace) -> int:
    plan = _load(args.file, args.mapping)
    for finding in plan.findings:
        sys.stdout.write(format_finding(args.file, finding) + "\n")
    sys.stdout.write(_summary(plan) + "\n")
    return 1 if plan.has_errors() else 0


def _signature(args: argparse.Namespace):
    from .reports import Signature

    date = args.date
    with contextlib.suppress(ValueError):
        import datetime as dt

        date = dt.date.fromisoformat(args.date) if args.date else None
    return Signature(
        place=args.place, date=date, position=args.position, name=args.name, nip=args.nip
    )


def cmd_export(args: argparse.Namespace) -> int:
    fmt = args.format
    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
    if fmt is None:
        fmt = suffix if suffix in FORMATS else "xlsx"
    elif suffix and suffix != fmt:
        sys.stderr.write(f"renaksi: error: --format {fmt} but the output is named .{suffix}\n")
        return 2
    if args.unit is not None or args.year is not None:
        if args.file or args.unit is None or args.year is None:
            sys.stderr.write(
                "renaksi: error: export either FILE, or --unit with --year (from the database)\n"
            )
            return 2
        args.format = fmt
        return _run_web(cmd_export_unit, args)
    if not args.file:
        sys.stderr.write("renaksi: error: export needs FILE, or --unit and --year\n")
        return 2
    from .reports import REPORTS

    kind = REPORTS.get(args.report)
    if kind is None:
        sys.stderr.write(f"renaksi: error: no report {args.report!r}: {', '.join(REPORTS)}\n")
        return 2
    plan = _load(args.file)
    period = args.period if kind.needs_period or kind.period_optional else None
    if (kind.needs_period or period is not None) and period not in plan.periods:
        sys.stderr.write(
            f"renaksi: error: {args.report} is a period's report: give --period, one of "
            f"{', '.join(plan.periods) or '(the plan has no periods)'}\n"
        )
        return 2
    # A file carries no monitoring data: reports of realisasi read the plan's own (a document
    # with REALISASI columns), and show none where it has none.
    report = kind.build(plan, None, period=period, signature=_signature(args))
    data = renderer(fmt)(report, args.paper or "A4")
    output = Path(args.output or f"{report.name}.{fmt}")
    try:
        output.write_bytes(data)
    except OSError as exc:
        sys.stderr.write(f"renaksi: error: cannot write {output}: {exc.strerror or exc}\n")
        return 2
    indicators = sum(1 for _ in plan.indicators())
    nodes = sum(1 for _ in plan.walk())
    from .core.numbers import format_number

    sys.stdout.write(
        f"{output}: {args.report} {fmt}, {nodes} nodes, {indicators} indicators, "
        f"{format_number(len(data))} bytes\n"
    )
    return 0


# renaksi diff A B: two plans compared (core.revisions, reports.revision_diff)

# Each kind of change as the text output names it (reports.revision_diff.KINDS).
DIFF_KINDS = {
    "added": "added",
    "removed": "removed",
    "renamed": "renamed",
    "moved": "moved",
    "code": "code changed",
    "level": "level changed",
    "objective": "result statement changed",
    "unit": "unit of measure changed",
    "annual_target": "annual target changed",
    "target": "target changed",
    "budget": "budget changed",
}
STORED = ("plan:", "unit:")
DIFF_OPERAND_HELP = (
    "a document or plan JSON file; plan:ID, a stored plan; or unit:NAME_OR_ID:YEAR[:VERSION][:rN], "
    "a unit's plan of the year from the database (the current one, perubahan before murni, "
    "unless VERSION or revision N is given)"
)


@dataclass(frozen=True)
class StoredOperand:
    """``plan:ID`` or ``unit:NAME_OR_ID:YEAR[:VERSION][:rN]`` as given on the command line."""

    text: str
    plan_id: int | None = None
    unit: str = ""
    year: int | None = None
    version: str | None = None
    revision: int | None = None


def parse_stored(text: str) -> StoredOperand:
    """A stored plan's operand, read from the right (a unit's name may hold a colon); raises
    CommandError with the syntax for anything else."""
    if text.startswith("plan:"):
        value = text[len("plan:") :].strip()
        if not (value.isascii() and value.isdigit()) or len(value) > 10:
            raise CommandError(f"{text!r}: plan:ID takes a plan's number (plan:12)")
        return StoredOperand(text, plan_id=int(value))
    parts = text[len("unit:") :].split(":")
    revision = version = None
    if len(parts) > 2 and re.fullmatch(r"[rR][0-9]{1,5}", parts[-1].strip()):
        revision = int(parts.pop().strip()[1:])
    if len(parts) > 2 and parts[-1].strip().lower() in ("murni", "perubahan"):
        version = parts.pop().strip().lower()
    year = parts.pop().strip() if len(parts) > 1 else ""
    name = ":".join(parts).strip()
    if not name or not re.fullmatch(r"[0-9]{4}", year) or not 2000 <= int(year) <= 2100:
        raise CommandError(
            f"{text!r}: give unit:NAME_OR_ID:YEAR[:murni|perubahan][:rN] "
            "(unit:Kecamatan Kaligondang:2022, unit:7:2022:murni:r2)"
        )
    return StoredOperand(text, unit=name, year=int(year), version=version, revision=revision)


def cmd_diff(args: argparse.Namespace) -> int:
    """Exit 0 when the plans are the same, 1 when they differ, 2 when one cannot be read."""
    suffix = Path(args.output).suffix.lower() if args.output else ""
    try:
        if args.output and suffix != ".xlsx":
            raise CommandError(f"-o writes a workbook: name it .xlsx, not {suffix or 'without'}")
        if args.output and args.format == "json":
            raise CommandError("--format json prints the changes; -o writes a workbook: give one")
        operands = [
            parse_stored(operand) if operand.startswith(STORED) else operand
            for operand in (args.old, args.new)
        ]
    except CommandError as exc:
        sys.stderr.write(f"renaksi: error: {exc}\n")
        return 2
    # Files are read first: an unreadable one fails before Django is set up.
    sides: list[tuple[str, Plan] | StoredOperand] = [
        o if isinstance(o, StoredOperand) else (Path(o).name, _load(o)) for o in operands
    ]

    def run(args: argparse.Namespace) -> int:
        loaded = [s if isinstance(s, tuple) else _stored_plan(s) for s in sides]
        return _show_diff(args, *loaded)

    if any(isinstance(side, StoredOperand) for side in sides):
        return _run_web(run, args)
    try:
        return run(args)
    except CommandError as exc:
        sys.stderr.write(f"renaksi: error: {exc}\n")
        return 2


def _show_diff(args: argparse.Namespace, old: tuple[str, Plan], new: tuple[str, Plan]) -> int:
    from .reports import revision_diff

    (old_label, old_plan), (new_label, new_plan) = old, new
    rows = revision_diff.rows_of(old_plan, new_plan)
    if args.output:
        report = revision_diff.build_report(
            rows, revision_diff.Labels(), old_label=old_label, new_label=new_label
        )
        data = renderer("xlsx")(report, "A4")
        try:
            Path(args.output).write_bytes(data)
        except OSError as exc:
            raise CommandError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
        sys.stdout.write(f"{args.output}: {_count_changes(len(rows))}\n")
    elif args.format == "json":
        out = {
            "old": old_label,
            "new": new_label,
            "identical": not rows,
            "counts": dict(revision_diff.counts(rows)),
            "changes": [row.to_dict() for row in rows],
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write("\n".join(diff_text(rows, old_label, new_label)) + "\n")
    return 1 if rows else 0


def _count_changes(n: int) -> str:
    return "no differences" if not n else f"{n} change" + ("" if n == 1 else "s")


def diff_text(rows, old_label: str, new_label: str) -> list[str]:
    """The changes as text, grouped by kind (in ``revision_diff.KINDS`` order), each in the
    plans' order: where (outline number, level), what, and the values before → after."""
    from .reports.revision_diff import counts

    kinds = counts(rows)
    lines = [f"--- {old_label}", f"+++ {new_label}"]
    if not rows:
        return [*lines, "no differences"]
    summary = ", ".join(f"{n} {DIFF_KINDS.get(kind, kind)}" for kind, n in kinds)
    lines.append(f"{_count_changes(len(rows))}: {summary}")
    for kind, n in kinds:
        lines += ["", f"{DIFF_KINDS.get(kind, kind)} ({n})"]
        lines += [_diff_line(row) for row in rows if row.kind == kind]
    if any(not row.certain for row in rows):
        lines += ["", "? paired only because the names resemble each other: check it"]
    return lines


def _diff_line(row) -> str:
    what = f"{row.where} {row.level_label}".strip()
    if row.what == "indicator":
        what += ", indicator"
    line = f"{'  ' if row.certain else '? '}{what} “{row.name}”"
    if row.period:
        line += f" {row.period_label}"
    if row.kind not in ("added", "removed"):
        line += f": {row.old or '—'} → {row.new or '—'}"
    return line


# ---------------------------------------------------------------------------------------------
# The web application's commands. Django is imported inside them, never at module level.


class CommandError(Exception):
    """A web command that cannot be carried out; the message is one line for stderr."""


def _web():
    from .web import setup

    setup.configure()
    return setup


def _find_unit(value: str):
    """A unit (not a kabupaten) by id or by name, case-insensitive; one line when not exactly one."""
    from .web.accounts.models import Unit

    units = Unit.objects.filter(parent__isnull=False).select_related("parent")
    if value.strip().isascii() and value.strip().isdigit():
        unit = units.filter(pk=int(value)).first()
        if unit is None:
            raise CommandError(f"no unit with id {value}")
        return unit
    found = list(units.filter(name__iexact=value.strip()))
    if len(found) == 1:
        return found[0]
    if found:
        choices = "; ".join(f"{u.pk} ({u.parent})" for u in found)
        raise CommandError(f"{len(found)} units are named {value!r}: give the id: {choices}")
    known = ", ".join(f"{u.pk} {u.name}" for u in units.order_by("name")[:10])
    raise CommandError(f"no unit named {value!r}" + (f"; units: {known}" if known else ""))


def _stored_plan(operand: StoredOperand) -> tuple[str, Plan]:
    """A stored plan's label and core plan (``renaksi diff``); CommandError when there is none."""
    setup = _web()
    from .web.plans.models import Plan as StoredPlan
    from .web.plans.selectors import load_document

    setup.check_database()
    plans = StoredPlan.objects.select_related("unit", "unit__parent")
    if operand.plan_id is not None:
        plan = plans.filter(pk=operand.plan_id).first()
        if plan is None:
            raise CommandError(f"{operand.text}: no plan with id {operand.plan_id}")
    else:
        unit = _find_unit(operand.unit)
        found = plans.filter(unit=unit, year=operand.year)
        if operand.version:
            found = found.filter(version=operand.version)
        if operand.revision is not None:
            found = found.filter(revision=operand.revision)
        else:
            found = found.filter(is_current=True)
        # Perubahan before murni (the year's plan as last revised), as `export --unit` does.
        plan = found.order_by("-version", "-revision").first()
        if plan is None:
            what = " ".join(
                str(x)
                for x in (
                    operand.year,
                    operand.version,
                    operand.revision and f"r{operand.revision}",
                )
                if x
            )
            raise CommandError(f"{operand.text}: {unit.name} has no plan {what}")
    label = f"{plan.unit.name} {plan.year} {plan.version} r{plan.revision} (plan {plan.pk})"
    return label, load_document(plan).core


def cmd_import(args: argparse.Namespace) -> int:
    plan = _load(
        args.file, args.mapping
    )  # read first: an unreadable file fails before Django is set up
    setup = _web()
    from .web.plans import services

    setup.check_database()
    unit = _find_unit(args.unit)
    try:
        stored = services.import_plan(
            unit=unit,
            year=args.year,
            version=args.version,
            document=plan,
            source_name=Path(args.file).name,
            confirmed_pairs=args.same or (),
            leave_behind=args.leave_behind,
            unlock_reason=args.unlock_reason or "",
        )
    except services.ServiceError as exc:
        raise CommandError(str(exc)) from exc
    sys.stdout.write(
        f"{unit.name} {stored.year} {stored.version} revision {stored.revision} "
        f"saved (plan {stored.pk}): {_summary(plan)}\n"
    )
    if stored.carried_from_id:
        sys.stdout.write(
            f"the year's work of revision {stored.carried_from.revision} carried over "
            "(docs/lifecycle.md)\n"
        )
    return 0


def cmd_export_unit(args: argparse.Namespace) -> int:
    """The unit's current plan of the year as a report, read from the database."""
    setup = _web()
    from .web.plans.models import Plan
    from .web.reportjobs import services

    setup.check_database()
    unit = _find_unit(args.unit)
    plans = list(
        Plan.objects.filter(unit=unit, year=args.year, is_current=True).select_related(
            "unit", "unit__parent"
        )
    )
    if not plans:
        raise CommandError(f"{unit.name} has no plan for {args.year}")
    plan = next((p for p in plans if p.version == "perubahan"), plans[0])
    kinds = services.report_kinds()
    if args.report not in kinds:
        raise CommandError(f"no report {args.report!r}: {', '.join(kinds)}")
    if args.format not in services.available_formats():
        raise CommandError(f"no format {args.format!r}")
    kind = kinds[args.report]
    period = args.period if kind.needs_period or kind.period_optional else None
    if (kind.needs_period or period is not None) and period not in plan.periods:
        raise CommandError(
            f"{args.report} is a period's report: give --period, one of {', '.join(plan.periods)}"
        )
    rendered = services.render_plan_report(
        plan, args.report, args.format, period=period, paper=args.paper
    )
    output = Path(args.output or rendered.filename)
    try:
        output.write_bytes(rendered.data)
    except OSError as exc:
        raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from exc
    from .core.numbers import format_number

    sys.stdout.write(
        f"{output}: {args.report} {args.format} of {unit.name} {plan.year} {plan.version} "
        f"revision {plan.revision}, {format_number(len(rendered.data))} bytes\n"
    )
    return 0


def cmd_jobs(args: argparse.Namespace) -> int:
    setup = _web()
    from .web.reportjobs import services

    setup.check_database()
    done = [] if args.clean else services.run_pending()
    for job in done:
        what = job.file.name if job.status == "done" else job.error
        sys.stdout.write(f"job {job.pk} {job.kabupaten} {job.year}: {job.status} ({what})\n")
    if not done and not args.clean:
        sys.stdout.write("no job is waiting\n")
    cleaned = services.clean_old_files()
    if cleaned.removed or cleaned.orphans or args.clean:
        sys.stdout.write(f"{cleaned.describe()}\n")
    return 1 if any(job.status == "failed" for job in done) else 0


# renaksi backup / restore (renaksi.web.backup)


def _count(n: int, noun: str) -> str:
    from .core.numbers import format_number

    return f"{format_number(n)} {noun}{'' if n == 1 else 's'}"


def cmd_backup(args: argparse.Namespace) -> int:
    setup = _web()
    from .core.numbers import format_number
    from .web import backup

    setup.check_database()
    try:
        summary = backup.create_backup(output=Path(args.output or backup.default_name()))
    except backup.BackupError as exc:
        raise CommandError(str(exc)) from exc
    line = (
        f"{summary.path}: {summary.tables} tables, {format_number(summary.rows)} rows, "
        f"{_count(summary.files, 'file')} ({format_number(summary.file_bytes)} bytes); "
        f"{format_number(summary.archive_bytes)} bytes"
    )
    if summary.missing_files:
        line += f"; {_count(len(summary.missing_files), 'file')} the database names missing"
    if summary.skipped_files:
        line += f"; {_count(len(summary.skipped_files), 'link or odd name')} skipped"
    sys.stdout.write(line + "\n")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    setup = _web()
    from .core.numbers import format_number
    from .web import backup

    setup.check_database()
    try:
        summary = backup.restore_backup(archive=Path(args.file))
    except backup.BackupError as exc:
        raise CommandError(str(exc)) from exc
    sys.stdout.write(
        f"{summary.path} (Renaksi {summary.renaksi_version}, made {summary.created_at}) "
        f"restored: {summary.tables} tables, {format_number(summary.rows)} rows, "
        f"{_count(summary.files, 'file')} ({format_number(summary.file_bytes)} bytes)\n"
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    setup = _web()
    setup.migrate()
    from .web import demo

    demo.report(demo.setup_demo(reset_passwords=args.reset_passwords), sys.stdout)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    setup = _web()
    setup.migrate()
    if args.demo:
        from .web import demo

        demo.report(demo.setup_demo(), sys.stdout)
    setup.collect_static()
    # Uploads are read by a worker process beside the site (`renaksi worker`); stopped with it.
    worker = setup.start_worker() if not args.no_worker else None
    sys.stdout.write(f"Renaksi on http://{args.host}:{args.port}/ (Ctrl+C stops it)\n")
    sys.stdout.flush()
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            setup.serve(
                host=args.host,
                port=args.port,
                threads=args.threads,
                trusted_proxy=args.trusted_proxy,
            )
    finally:
        signal.signal(signal.SIGTERM, previous)
        if worker is not None:
            worker.stop()
    return 0


def _stop_on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt  # stops waitress like Ctrl+C, and the worker with it


def cmd_worker(args: argparse.Namespace) -> int:
    setup = _web()
    with contextlib.suppress(KeyboardInterrupt):
        setup.run_worker(once=args.once, quiet=args.quiet, exit_with_parent=args.exit_with_parent)
    return 0


def _kabupaten_list(value: int | None):
    from .web.accounts.models import Unit

    kabupaten = Unit.objects.filter(parent__isnull=True).order_by("name")
    if value is not None:
        found = list(kabupaten.filter(pk=value))
        if not found:
            known = ", ".join(f"{u.pk} {u.name}" for u in kabupaten[:10])
            raise CommandError(
                f"no kabupaten with id {value}" + (f"; kabupaten: {known}" if known else "")
            )
        return found
    found = list(kabupaten)
    if not found:
        raise CommandError("there is no kabupaten yet: create one in /admin/ (or `renaksi demo`)")
    return found


def cmd_remind(args: argparse.Namespace) -> int:
    setup = _web()
    from django.utils import timezone

    from .web.monitoring import reminders

    setup.check_database()
    today = args.today or timezone.localdate()
    lines = []
    digests = []
    for kabupaten in _kabupaten_list(args.kabupaten):
        statuses, _owing = reminders.due_statuses(kabupaten, args.year, args.period)
        built = {
            d.unit.pk: d
            for d in reminders.build_digests(
                kabupaten=kabupaten, year=args.year, period=args.period, today=today
            )
        }
        digests += [d for d in built.values() if d.recipients]
        for status in statuses:
            digest = built.get(status.unit.pk)
            label = period_label(args.period)
            if digest is None:
                state = (
                    status.state
                    if status.plan is None or args.period in status.plan.periods
                    else "no such period"
                )
                lines.append(f"{status.unit.name}: not due ({state})")
                continue
            what = f"{label} {args.year} {digest.state}{', late' if digest.late else ''}"
            if digest.plan is not None:
                what += f", {digest.missing} of {digest.indicators} indicators without realisasi"
            if not digest.recipients:
                lines.append(
                    f"{status.unit.name}: no address ({what}): no operator or head has an e-mail address"
                )
                continue
            verb = "would be sent" if args.dry_run else "sent"
            lines.append(f"{status.unit.name}: {verb} to {', '.join(digest.recipients)} ({what})")
    if not args.dry_run and digests:
        try:
            reminders.send_digests(digests)
        except OSError as exc:  # smtplib's errors are OSErrors: refused, timed out, rejected
            from .web.setup import one_line

            raise CommandError(f"cannot send e-mail: {one_line(exc)}") from exc
    sys.stdout.write("".join(line + "\n" for line in lines))
    return 0


def cmd_manage(args: list[str]) -> int:
    return _web().manage(args)


def _run_web(func, args) -> int:
    """A web command, with its expected failures turned into one line and exit status 2."""
    from django.db import DatabaseError

    from .web.setup import SetupError, one_line

    try:
        return func(args)
    except (CommandError, SetupError) as exc:
        sys.stderr.write(f"renaksi: error: {exc}\n")
    except DatabaseError as exc:
        sys.stderr.write(f"renaksi: error: database: {one_line(exc)}\n")
    except OSError as exc:  # a port in use, a data directory that cannot be written
        sys.stderr.write(f"renaksi: error: {one_line(exc)}\n")
    return 2


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {text!r}") from None
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(f"year {year} is out of range (2000-2100)")
    return year


def _period(text: str) -> str:
    period = parse_period(text)
    if period is None:
        raise argparse.ArgumentTypeError(f"not a period: {text!r} (TW1 … TW4, M01 … M12)")
    return period


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


MAPPING_HELP = (
    "read the document with this correction: header rows, column roles, row levels and "
    "exclusions (docs/import.md, 'Correcting a reading')"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="renaksi", description="Rencana Aksi tools")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="read a document and print its plan with findings")
    p.add_argument("file")
    shown = p.add_mutually_exclusive_group()
    shown.add_argument("--json", action="store_true", help="print the plan as JSON")
    shown.add_argument(
        "--reading",
        action="store_true",
        help="print the reading as JSON: each table's header lines, fingerprint and column "
        "roles (by 0-based column index), each row's level: what a mapping file corrects",
    )
    p.add_argument("--mapping", metavar="MAPPING.json", help=MAPPING_HELP)
    p.set_defaults(func=cmd_parse)
    c = sub.add_parser("check", help="print findings only; exit 1 when there are errors")
    c.add_argument("file")
    c.add_argument("--mapping", metavar="MAPPING.json", help=MAPPING_HELP)
    c.set_defaults(func=cmd_check)

    e = sub.add_parser(
        "export", help="write a plan (a document or plan JSON) as a report: .xlsx or .docx"
    )
    e.add_argument("file", nargs="?", help="a document or plan JSON (or give --unit and --year)")
    e.add_argument(
        "--report",
        default="rencana-aksi",
        help="rencana-aksi (default), pemantauan (with --period), pengukuran, evaluasi-renja, "
        "perjanjian-kinerja",
    )
    e.add_argument(
        "--format", choices=FORMATS, help="xlsx, docx or pdf (default: from -o, else xlsx)"
    )
    e.add_argument("--unit", help="the unit's name or id: its current plan from the database")
    e.add_argument("--year", type=_year, help="with --unit: the plan's year")
    e.add_argument(
        "--period",
        type=_period,
        help="a period's report (pemantauan), or the evaluasi-renja up to a period: TW1 … TW4",
    )
    e.add_argument(
        "--paper",
        choices=("A4", "F4", "A3"),
        help="A4, F4 or A3 (default: the unit's setting, else A4)",
    )
    e.add_argument("-o", "--output", metavar="OUT", help="the file to write")
    sign = e.add_argument_group("signature block")
    sign.add_argument("--place", help="where it is signed: Kaligondang")
    sign.add_argument("--date", help="when: YYYY-MM-DD (printed 3 Januari 2022) or text as is")
    sign.add_argument("--position", help="the signer's position: Camat Kaligondang")
    sign.add_argument("--name", help="the signer's name")
    sign.add_argument("--nip", help="the signer's NIP")
    e.set_defaults(func=cmd_export)

    df = sub.add_parser(
        "diff",
        help="what changed between two plans; exit 0 when the same, 1 when they differ",
        description="Compare plan A (the old one) with plan B (the new one), node by node and "
        "indicator by indicator: added, removed, renamed, moved, codes, units, targets and "
        "budgets changed (docs/lifecycle.md, 'Revision diff').",
    )
    df.add_argument("old", metavar="A", help=DIFF_OPERAND_HELP)
    df.add_argument("new", metavar="B", help="the same forms as A")
    df.add_argument(
        "--format", choices=("text", "json"), default="text", help="what to print (default text)"
    )
    df.add_argument("-o", "--output", metavar="OUT.xlsx", help="write the changes as a workbook")
    df.set_defaults(func=cmd_diff)

    i = sub.add_parser("import", help="save a document as a new revision of a unit's plan")
    i.add_argument("file")
    i.add_argument("--unit", required=True, help="the unit's name (as in the site) or id")
    i.add_argument("--year", required=True, type=_year)
    i.add_argument("--version", choices=("murni", "perubahan"), default="murni")
    i.add_argument("--mapping", metavar="MAPPING.json", help=MAPPING_HELP)
    i.add_argument(
        "--same",
        action="append",
        metavar="PATH",
        help="an uncertain pair confirmed as the same indicator, by its path in the new plan "
        "(new_path in `renaksi diff OLD NEW --format json`); repeatable",
    )
    i.add_argument(
        "--leave-behind",
        action="store_true",
        help="accept that realisasi of indicators not in the new revision stay on the old one",
    )
    i.add_argument(
        "--unlock-reason",
        metavar="TEXT",
        help="the reason for changing a verified period (reopened in the new revision)",
    )
    i.set_defaults(func=cmd_import, web=True)
    d = sub.add_parser(
        "demo", help="create a demo kabupaten, units, one account per role and the sample plan"
    )
    d.add_argument(
        "--reset-passwords", action="store_true", help="give the demo accounts new passwords"
    )
    d.set_defaults(func=cmd_demo, web=True)
    s = sub.add_parser("serve", help="migrate, collect static files and serve the web application")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--threads", type=int, default=8, help="request threads (default 8)")
    s.add_argument(
        "--trusted-proxy",
        metavar="ADDRESS",
        help="the reverse proxy's address, whose X-Forwarded-Proto/-For/-Host headers are believed",
    )
    s.add_argument("--demo", action="store_true", help="set up the demo site first")
    s.add_argument(
        "--no-worker",
        action="store_true",
        help="start no worker beside the site (run `renaksi worker` yourself)",
    )
    s.set_defaults(func=cmd_serve, web=True)
    w = sub.add_parser(
        "worker",
        help="read the uploaded documents waiting in the queue (the site's database), until stopped",
    )
    w.add_argument("--once", action="store_true", help="read those waiting now, then exit")
    w.add_argument("--quiet", action="store_true", help="print nothing for each document read")
    w.add_argument("--exit-with-parent", action="store_true", help=argparse.SUPPRESS)
    w.set_defaults(func=cmd_worker, web=True)
    r = sub.add_parser(
        "remind",
        help="e-mail every unit that has not submitted a period yet (one message per unit)",
    )
    r.add_argument("--year", required=True, type=_year)
    r.add_argument("--period", required=True, type=_period, help="TW1 … TW4 (or M01 … M12)")
    r.add_argument("--kabupaten", type=int, metavar="ID", help="only this kabupaten (its id)")
    r.add_argument(
        "--today", type=_date, metavar="YYYY-MM-DD", help="the date lateness is judged on"
    )
    r.add_argument("--dry-run", action="store_true", help="say what would be sent; send nothing")
    r.set_defaults(func=cmd_remind, web=True)
    j = sub.add_parser(
        "jobs", help="build the kabupaten workbooks that are waiting, then remove old ones"
    )
    j.add_argument(
        "--clean",
        action="store_true",
        help="only remove old workbook files (RENAKSI_REPORT_KEEP, RENAKSI_REPORT_KEEP_DAYS)",
    )
    j.set_defaults(func=cmd_jobs, web=True)
    # renaksi backup / restore
    b = sub.add_parser("backup", help="write the database and the media files into one archive")
    b.add_argument(
        "-o", "--output", metavar="FILE", help="the archive (default renaksi-backup-DATE-TIME.zip)"
    )
    b.set_defaults(func=cmd_backup, web=True)
    rs = sub.add_parser("restore", help="restore a backup into an empty site (migrated, no data)")
    rs.add_argument("file", metavar="FILE")
    rs.set_defaults(func=cmd_restore, web=True)
    sub.add_parser(
        "manage",
        help="Django's management commands: renaksi manage createsuperuser",
        add_help=False,
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["manage"]:
        # Everything after `manage` is Django's, options included.
        return cmd_manage(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "web", False):
            return _run_web(args.func, args)
        return args.func(args)
    except (UnreadableDocument, BadMapping) as exc:
        sys.stderr.write(f"renaksi: error: {exc}\n")
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
