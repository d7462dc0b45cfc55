"""The ``renaksi`` command.

    renaksi parse FILE [--json]   the plan as an outline with its findings (or as plan JSON)
    renaksi check FILE            findings only; exit 1 when there are errors

Exit status: 0 a plan was read, 1 ``check`` found errors, 2 the input cannot be read as a plan
(one clear line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .core.periods import period_label
from .core.plan import Finding, Indicator, Node, Plan, tidy_number
from .importers import UnreadableDocument, read_plan

_LEVEL_LABELS = {
    "tujuan": "Tujuan",
    "sasaran": "Sasaran",
    "program": "Program",
    "kegiatan": "Kegiatan",
    "subkegiatan": "Sub Kegiatan",
}


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
            f"{pad}{_LEVEL_LABELS[node.level]} {number}{code}{node.name}  (line {node.line})"
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


def _load(path: str) -> Plan:
    return read_plan(Path(path))


def cmd_parse(args: argparse.Namespace) -> int:
    plan = _load(args.file)
    if args.json:
        sys.stdout.write(plan.to_json() + "\n")
        return 0
    out = outline(plan)
    out.append("")
    out.extend(format_finding(args.file, f) for f in plan.findings)
    out.append(_summary(plan))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def _summary(plan: Plan) -> str:
    counts = ", ".join(
        f"{plan.count(level)} {_LEVEL_LABELS[level].lower()}"
        for level in _LEVEL_LABELS
        if plan.count(level)
    )
    indicators = sum(1 for _ in plan.indicators())
    by_severity = {
        s: sum(1 for f in plan.findings if f.severity == s) for s in ("error", "warning", "info")
    }
    findings = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in by_severity.items())
    return f"{counts}; {indicators} indicators; {findings}"


def cmd_check(args: argparse.Namespace) -> int:
    plan = _load(args.file)
    for finding in plan.findings:
        sys.stdout.write(format_finding(args.file, finding) + "\n")
    sys.stdout.write(_summary(plan) + "\n")
    return 1 if plan.has_errors() else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="renaksi", description="Rencana Aksi tools")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="read a document and print its plan with findings")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.set_defaults(func=cmd_parse)
    c = sub.add_parser("check", help="print findings only; exit 1 when there are errors")
    c.add_argument("file")
    c.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UnreadableDocument as exc:
        sys.stderr.write(f"renaksi: error: {exc}\n")
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
