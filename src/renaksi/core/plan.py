"""The plan tree: Plan, Node, Indicator, Finding, and their JSON form.

The JSON form is the one every part of Renaksi speaks (docs/plan-format.md): ``renaksi parse --json``
prints it, the importer reads it back, the web application stores and serves it. ``Plan.from_dict``
followed by ``Plan.to_dict`` gives back the same dictionary for any document the importer produces.

Pure Python: no Django, no I/O.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .names import outline_of

FORMAT_NAME = "renaksi-plan"
FORMAT_VERSION = 1

# Top of the cascade first. A Rencana Aksi usually starts at sasaran; Renstra tables add tujuan.
LEVELS: tuple[str, ...] = ("tujuan", "sasaran", "program", "kegiatan", "subkegiatan")
# Each level as documents and reports name it (terms of art: not translated).
LEVEL_LABELS: dict[str, str] = {
    "tujuan": "Tujuan",
    "sasaran": "Sasaran",
    "program": "Program",
    "kegiatan": "Kegiatan",
    "subkegiatan": "Sub Kegiatan",
}
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")

# A target or an actual: a number, a text target ("WTP", "Tersedia"), or None where the document has none.
Value = int | float | str | None
# One named value of a finding's message: a name, a number, a period key, a line, or a list of
# texts (the periods a finding is about). JSON as it stands.
Param = str | int | float | list[str] | None


def level_rank(level: str) -> int:
    """Depth of a level in the cascade: tujuan 0 … subkegiatan 4."""
    return LEVELS.index(level)


def child_level(level: str) -> str | None:
    """The level directly below ``level``, or None for sub kegiatan."""
    rank = level_rank(level)
    return LEVELS[rank + 1] if rank + 1 < len(LEVELS) else None


def parent_level(level: str) -> str | None:
    """The level directly above ``level``, or None for tujuan."""
    rank = level_rank(level)
    return LEVELS[rank - 1] if rank > 0 else None


def tidy_number(value: Value) -> Value:
    """Integral floats become ints so that 25.0 prints as 25 and survives a JSON round trip."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


@dataclass(frozen=True)
class Finding:
    """One problem found in a document or a plan.

    ``code`` is short, stable and kebab-case (docs/import.md lists every code); ``line`` is the 1-based
    line (or row) of the source where the problem is, when there is one. ``subject`` is the line of
    the node or indicator the problem concerns when that differs from ``line`` (a conflicting
    target found on line 13 about the indicator of line 9), so that it can be shown beside it.

    ``message`` is English, for the command line and logs. ``params`` holds the values the message
    is made of (names, periods, numbers, lines; docs/import.md lists them per code), so that a
    reader can word the same finding in another language; None for findings made without them
    (plans saved before they existed). Params are derived from the message's facts: they take no
    part in equality.
    """

    severity: str
    code: str
    message: str
    line: int | None = None
    field: str | None = None
    subject: int | None = None
    # (dataclasses.field: the name ``field`` is taken by the attribute above)
    params: dict[str, Param] | None = dataclasses.field(default=None, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "line": self.line,
        }
        if self.field is not None:
            out["field"] = self.field
        if self.subject is not None:
            out["subject"] = self.subject
        if self.params:
            out["params"] = {
                k: list(v) if isinstance(v, list | tuple) else v for k, v in self.params.items()
            }
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            severity=data["severity"],
            code=data["code"],
            message=data["message"],
            line=data.get("line"),
            field=data.get("field"),
            subject=data.get("subject"),
            params=dict(data["params"]) if isinstance(data.get("params"), dict) else None,
        )


@dataclass
class Indicator:
    """An indikator kinerja with its result statement, unit and targets per period."""

    name: str
    objective: str | None = None
    unit: str | None = None
    annual_target: Value = None
    targets: dict[str, Value] = field(default_factory=dict)
    actuals: dict[str, Value] | None = None
    line: int | None = None
    # Settings beyond the core format; kept when present, omitted from JSON when None.
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, periods: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {
            "objective": self.objective,
            "name": self.name,
            "unit": self.unit,
            "annual_target": tidy_number(self.annual_target),
            "targets": {p: tidy_number(self.targets.get(p)) for p in periods},
        }
        if self.actuals is not None:
            out["actuals"] = {p: tidy_number(self.actuals.get(p)) for p in periods}
        out.update(self.extra)
        out["source"] = {"line": self.line}
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Indicator:
        known = {"objective", "name", "unit", "annual_target", "targets", "actuals", "source"}
        source = data.get("source") or {}
        return cls(
            name=data["name"],
            objective=data.get("objective"),
            unit=data.get("unit"),
            annual_target=data.get("annual_target"),
            targets=dict(data.get("targets") or {}),
            actuals=dict(data["actuals"]) if data.get("actuals") is not None else None,
            line=source.get("line"),
            extra={k: v for k, v in data.items() if k not in known},
        )


@dataclass
class Node:
    """One element of the cascade: tujuan, sasaran, program, kegiatan or sub kegiatan."""

    level: str
    name: str
    code: str | None = None
    number: str | None = None
    budget: float | int | None = None
    indicators: list[Indicator] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    line: int | None = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"unknown level {self.level!r}")

    def walk(self, parent: Node | None = None) -> Iterator[tuple[Node, Node | None]]:
        """This node and every node below it, depth first in document order, with its parent."""
        yield self, parent
        for child in self.children:
            yield from child.walk(self)

    def to_dict(self, periods: list[str]) -> dict[str, Any]:
        return {
            "level": self.level,
            "code": self.code,
            "number": self.number,
            "name": self.name,
            "budget": tidy_number(self.budget),
            "indicators": [i.to_dict(periods) for i in self.indicators],
            "children": [c.to_dict(periods) for c in self.children],
            "source": {"line": self.line},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Node:
        source = data.get("source") or {}
        return cls(
            level=data["level"],
            name=data["name"],
            code=data.get("code"),
            number=data.get("number"),
            budget=data.get("budget"),
            indicators=[Indicator.from_dict(i) for i in data.get("indicators") or []],
            children=[Node.from_dict(c) for c in data.get("children") or []],
            line=source.get("line"),
        )


@dataclass
class Plan:
    """A Rencana Aksi (or any plan of the cascade): unit, year, periods, the node tree, findings."""

    unit: str | None = None
    year: int | None = None
    periods: list[str] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    def walk(self) -> Iterator[tuple[Node, Node | None]]:
        """Every node with its parent (None at top level), depth first in document order."""
        for node in self.nodes:
            yield from node.walk(None)

    def outlines(self) -> dict[int, str]:
        """Each node's outline number by ``id(node)``: its number after its parent's ("1.1.2").

        A node without a number takes its place among its siblings instead ("1.1" + 3rd →
        "1.1.3"), so every row of a report says where it hangs, a node without parent included.
        """
        out: dict[int, str] = {}

        def visit(siblings: list[Node], parent_outline: str | None) -> None:
            for position, node in enumerate(siblings, start=1):
                outline = outline_of(parent_outline, node.number or str(position))
                out[id(node)] = outline
                visit(node.children, outline)

        visit(self.nodes, None)
        return out

    def indicators(self) -> Iterator[tuple[Node, Indicator]]:
        """Every indicator with the node that holds it, in document order."""
        for node, _parent in self.walk():
            for indicator in node.indicators:
                yield node, indicator

    def count(self, level: str) -> int:
        return sum(1 for node, _ in self.walk() if node.level == level)

    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "unit": self.unit,
            "year": self.year,
            "periods": list(self.periods),
            "nodes": [n.to_dict(self.periods) for n in self.nodes],
            "findings": [f.to_dict() for f in self.findings],
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        """Build a plan from its JSON form; raises ValueError with what is wrong."""
        if not isinstance(data, dict):
            raise ValueError("a plan is a JSON object")
        if data.get("format") != FORMAT_NAME:
            raise ValueError(f"'format' must be {FORMAT_NAME!r}")
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"unsupported plan version {data.get('version')!r}")
        try:
            return cls(
                unit=data.get("unit"),
                year=data.get("year"),
                periods=list(data.get("periods") or []),
                nodes=[Node.from_dict(n) for n in data.get("nodes") or []],
                findings=[Finding.from_dict(f) for f in data.get("findings") or []],
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"malformed plan: {exc}") from exc

    @classmethod
    def from_json(cls, text: str) -> Plan:
        return cls.from_dict(json.loads(text))
