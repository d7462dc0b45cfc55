"""Before a quarter is submitted: what an operator should look at once more, and lateness.

Pure Python, no Django. ``check`` reads one period of a plan's indicators (targets, realisations,
whether evidence is attached) and finds four kinds of rows (docs/lifecycle.md, "Before
submitting"):

- ``empty``: no realisasi, although the period has a target (an indicator without a target in
  this period, such as an annual one in TW I, is not expected to be reported and is not listed);
- ``no-evidence``: a realisasi without any evidence (bukti dukung) attached;
- ``text``: a text realisasi ("sudah", "WTP") where the indicator's target is a number;
- ``far``: a number far from its target: the cumulative realisasi compared with the period's
  target (what the capaian engine compares) is more than ``FAR`` (2) times the target — capaian
  above 200 % for a positive indicator, below 0 % for a negative or stable one under the default
  formula — or, for a negative indicator (lower is better), less than 1/``FAR`` of it, the mirror
  of the positive case. A target of zero or below is not compared.

A row may be in several lists (a far value without evidence). ``Check.fingerprint`` names the
findings, so that a confirmation given for one set of findings does not cover another.

``days_late`` and ``days_overdue`` count lateness the same way everywhere: submitting on the due
date is on time; the day after is one day late.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from . import achievement as engine
from .plan import Value

FAR = 2.0  # "far from the target": more than twice it (or, lower being better, under half)

EMPTY = "empty"
NO_EVIDENCE = "no-evidence"
TEXT = "text"
FAR_FROM_TARGET = "far"
KINDS = (EMPTY, NO_EVIDENCE, TEXT, FAR_FROM_TARGET)


@dataclass(frozen=True)
class Row:
    """One indicator of the sheet: its targets and realisations by period, and its evidence for
    the period checked. ``key`` is the caller's (an indicator id), returned with each finding."""

    key: Hashable
    name: str
    rule: engine.IndicatorRule
    targets: Mapping[str, Value]
    actuals: Mapping[str, Value]
    has_evidence: bool = False


@dataclass(frozen=True)
class Finding:
    """One row to look at: which, why (``kind``), and its figures: the period's target and
    realisasi, or for ``far`` the cumulative realisasi and the target it was compared with."""

    key: Hashable
    name: str
    kind: str
    value: Value = None
    target: Value = None


@dataclass(frozen=True)
class Check:
    """The findings of one period, by kind, in the rows' order."""

    rows: int = 0
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    def of(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    @property
    def clean(self) -> bool:
        return not self.findings

    @property
    def counts(self) -> dict[str, int]:
        return {kind: len(self.of(kind)) for kind in KINDS}

    @property
    def fingerprint(self) -> str:
        """A short digest of the findings (kind and key): equal for the same findings."""
        text = "\n".join(f"{f.kind}:{f.key}" for f in self.findings)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _number(value: Value) -> float | None:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    return float(value)


def _blank(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _numeric_target(row: Row, period: str) -> bool:
    """Is a number expected? The period's target is a number, or (none this period) the
    indicator's targets are numbers."""
    target = row.targets.get(period)
    if not _blank(target):
        return _number(target) is not None
    given = [t for t in row.targets.values() if not _blank(t)]
    return bool(given) and all(_number(t) is not None for t in given)


def far_from_target(target: float, actual: float, polarity: str) -> bool:
    """Is ``actual`` implausibly far from ``target`` (see the module docstring)?"""
    if target <= 0:
        return False
    if actual > FAR * target:
        return True
    return polarity == "negative" and actual < target / FAR


def check(rows: Sequence[Row], periods: Sequence[str], period: str) -> Check:
    """The findings of ``period`` over ``rows`` (kinds in ``KINDS`` order within a row)."""
    if period not in periods:
        raise ValueError(f"{period!r} is not one of {list(periods)}")
    findings: list[Finding] = []
    for row in rows:
        value, own_target = row.actuals.get(period), row.targets.get(period)
        if _blank(value):
            if not _blank(own_target):
                findings.append(Finding(row.key, row.name, EMPTY, target=own_target))
            continue
        if not row.has_evidence:
            findings.append(Finding(row.key, row.name, NO_EVIDENCE, value, own_target))
        if isinstance(value, str) and _numeric_target(row, period):
            findings.append(Finding(row.key, row.name, TEXT, value, own_target))
            continue
        target = _number(engine.target_upto(row.rule, dict(row.targets), periods, period))
        actual = _number(engine.cumulate(dict(row.actuals), periods, period, row.rule.aggregation))
        if (
            target is not None
            and actual is not None
            and far_from_target(target, actual, row.rule.polarity)
        ):
            findings.append(
                Finding(row.key, row.name, FAR_FROM_TARGET, value=actual, target=target)
            )
    return Check(rows=len(rows), findings=tuple(findings))


# ---------------------------------------------------------------------------------------------
# Lateness


def days_late(submitted_on: dt.date, due: dt.date | None) -> int | None:
    """Days a submission on ``submitted_on`` was late for ``due``: 0 on or before the due date,
    None when there is no due date."""
    if due is None:
        return None
    return max(0, (submitted_on - due).days)


def days_overdue(today: dt.date, due: dt.date | None) -> int:
    """Days past ``due`` of a report not submitted yet (0 until the day after the due date)."""
    if due is None:
        return 0
    return max(0, (today - due).days)
