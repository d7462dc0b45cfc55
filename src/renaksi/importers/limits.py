"""A plan read from a document or a plan JSON file, held to what a plan may hold.

Every text of the plan loses its control characters and is cut to its limit
(``core.text.LIMITS``); each text cut gives a ``text-cut`` warning saying which text, on which
line, how long it was and where it was cut. Nothing else changes: a plan that fits is left as it
is, and tidying a plan twice changes nothing the second time.

Cells read from a document already lost their control characters (``grid.clean_cell``); names
joined from several cells, plan JSON files and grids kept from before are tidied here.
"""

from __future__ import annotations

import dataclasses

from ..core import text as T
from ..core.plan import Finding, Plan, Value

# What each limited text is, in the finding's message (its ``params["variant"]``).
_WHAT = {
    "name": "name",
    "indicator": "indicator",
    "objective": "result statement",
    "unit": "unit",
    "code": "code",
    "number": "number",
    "value": "text value",
    "document-unit": "unit named in the title",
}


def tidy_plan(plan: Plan) -> list[Finding]:
    """Remove control characters from every text of ``plan`` and cut each text longer than its
    limit, in place; the ``text-cut`` findings are added to ``plan.findings`` and returned."""
    found: list[Finding] = []

    def fit(value: str | None, kind: str, line: int | None) -> str | None:
        if value is None:
            return None
        clean = T.strip_controls(str(value))
        limit = T.LIMITS[kind]
        if len(clean) <= limit:
            return clean
        kept = T.cut(clean, limit)
        shown = T.shorten(kept, 70)
        found.append(
            Finding(
                "warning",
                "text-cut",
                f"{_WHAT[kind]} cut to {limit} characters (it had {len(clean)}): '{shown}'",
                line,
                params={"variant": kind, "text": shown, "limit": limit, "length": len(clean)},
            )
        )
        return kept

    def fit_value(value: Value, line: int | None) -> Value:
        return fit(value, "value", line) if isinstance(value, str) else value

    plan.unit = fit(plan.unit, "document-unit", None)
    for node, _parent in plan.walk():
        node.name = fit(node.name, "name", node.line) or ""
        node.code = fit(node.code, "code", node.line)
        node.number = fit(node.number, "number", node.line)
        for indicator in node.indicators:
            line = indicator.line if indicator.line is not None else node.line
            indicator.name = fit(indicator.name, "indicator", line) or ""
            indicator.objective = fit(indicator.objective, "objective", line)
            indicator.unit = fit(indicator.unit, "unit", line)
            indicator.annual_target = fit_value(indicator.annual_target, line)
            indicator.targets = {p: fit_value(v, line) for p, v in indicator.targets.items()}
            if indicator.actuals is not None:
                indicator.actuals = {p: fit_value(v, line) for p, v in indicator.actuals.items()}
            indicator.extra = {
                k: T.strip_controls(v) if isinstance(v, str) else v
                for k, v in indicator.extra.items()
            }
            owner = indicator.extra.get("person_in_charge")
            if isinstance(owner, str) and len(owner) > T.PERSON_IN_CHARGE_LENGTH:
                indicator.extra["person_in_charge"] = T.cut(owner, T.PERSON_IN_CHARGE_LENGTH)
    plan.findings = [_tidy_finding(f) for f in plan.findings] + found
    return found


def _tidy_finding(finding: Finding) -> Finding:
    """A finding (of a plan JSON file) without control characters in its texts."""

    def clean(value):
        if isinstance(value, str):
            return T.strip_controls(value)
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    params = {k: clean(v) for k, v in finding.params.items()} if finding.params else None
    tidy = dataclasses.replace(
        finding,
        code=clean(finding.code),
        message=clean(finding.message),
        field=clean(finding.field),
        params=params,
    )
    return finding if tidy == finding and params == finding.params else tidy


__all__ = ["tidy_plan"]
