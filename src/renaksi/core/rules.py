"""The validator: checks a plan and reports what looks wrong, without changing anything.

``validate(plan)`` runs every rule of ``RULES`` and returns the findings in document order (by
line; findings without a line last). Each rule is one small function registered with its stable
kebab-case code, its severity and a one-line summary, so documentation can list them
(``rules_table()``). Codes are API: tools rely on them; never rename one.

Conventions the rules rely on (see /docs/plan-format.md):

- Targets are cumulative by default (TW IV = the annual target); an indicator planned per period
  has ``indicator.extra["target_mode"] == "per_period"`` and is not checked for that.
- ``indicator.extra["polarity"]`` is None until someone sets it; "negative" (lower is better)
  turns off the non-decreasing check.
- ``indicator.unit`` is "%" when the document wrote its targets as percentages and gave no other
  unit (the importer does this).
- Series checks (target-decreasing, target-not-annual) apply to quarters and months, not to the
  yearly targets of a multi-year plan.

Pure Python, no Django, no I/O (the nomenclature comes from packaged data).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from renaksi.core.nomenclature import (
    DEFAULT_VERSION,
    NOMENCLATURE_LEVELS,
    Entry,
    Match,
    Nomenclature,
    code_bidang,
    code_level,
    concrete_code,
    load,
    normalise_code,
    normalise_name,
)
from renaksi.core.numbers import format_number
from renaksi.core.periods import period_kind
from renaksi.core.plan import Finding, Indicator, Node, Param, Plan, Value

# ---------------------------------------------------------------------------------------------
# Word lists (data, in one place)

# Wording that suggests lower is better. Matched as whole words (or word sequences), case-folded:
# "Persentase Potensi Konflik" matches "konflik"; "Kasusnya" or "Pengangguran" inside a longer
# word do not match other entries by accident.
LOWER_IS_BETTER_TERMS: tuple[str, ...] = (
    "kasus",
    "konflik",
    "kemiskinan",
    "penduduk miskin",
    "stunting",
    "pengangguran",
    "kematian",
    "kecelakaan",
    "pelanggaran",
    "gangguan",
    "angka kesakitan",
    "kesakitan",
    "prevalensi",
    "kriminalitas",
    "kejahatan",
    "tindak pidana",
    "korban",
    "pencemaran",
    "kerusakan",
    "kebakaran",
    "banjir",
    "genangan",
    "kumuh",
    "putus sekolah",
    "buta aksara",
    "gizi buruk",
    "gizi kurang",
    "inflasi",
    "ketimpangan",
    "gini",
    "tunggakan",
    "sengketa",
    "kerugian",
    "lahan kritis",
    "rawan pangan",
    "desa tertinggal",
    "kemacetan",
    "emisi",
)
# Words that turn such wording around: "Persentase kasus yang ditangani", "Penurunan angka
# kemiskinan", "Desa bebas stunting" are higher-is-better.
HIGHER_IS_BETTER_MARKERS: tuple[str, ...] = (
    "penurunan",
    "menurunnya",
    "turunnya",
    "berkurangnya",
    "pengurangan",
    "tertangani",
    "ditangani",
    "penanganan",
    "terselesaikan",
    "diselesaikan",
    "penyelesaian",
    "ditindaklanjuti",
    "tertanggulangi",
    "penanggulangan",
    "pencegahan",
    "bebas",
)
# First words of an indicator that say it is a percentage, or a count.
PERCENT_STEMS: frozenset[str] = frozenset(
    {"persentase", "presentase", "prosentase", "porsentase", "persen", "prosen"}
)
COUNT_STEMS: frozenset[str] = frozenset({"jumlah", "banyaknya"})
PERCENT_UNITS: frozenset[str] = frozenset(
    {"%", "persen", "prosen", "persentase", "presentase", "prosentase"}
)
NEGATIVE_POLARITY: frozenset[str] = frozenset({"negative", "negatif", "-", "lower", "minimize"})


def _word_pattern(terms: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted((r"\s+".join(map(re.escape, t.split())) for t in terms), key=len)
    return re.compile(r"(?<!\w)(?:" + "|".join(reversed(alternatives)) + r")(?!\w)", re.IGNORECASE)


_LOWER_RE = _word_pattern(LOWER_IS_BETTER_TERMS)
_HIGHER_RE = _word_pattern(HIGHER_IS_BETTER_MARKERS)

# ---------------------------------------------------------------------------------------------
# The rule table


@dataclass(frozen=True)
class Rule:
    """One check: its stable code, severity, a one-line summary for docs, and the function."""

    code: str
    severity: str
    summary: str
    check: Callable[[Context], Iterator[Finding]] = field(repr=False)


RULES: list[Rule] = []


def rule(code: str, severity: str, summary: str):
    """Register a check function under ``code`` (decorator)."""

    def register(check: Callable[[Context], Iterator[Finding]]):
        if any(r.code == code for r in RULES):
            raise ValueError(f"duplicate rule code {code!r}")
        RULES.append(Rule(code, severity, summary, check))
        return check

    return register


def rules_table() -> str:
    """The rules as a Markdown table (code | severity | meaning), in the order they run."""
    lines = ["| code | severity | meaning |", "|---|---|---|"]
    lines += [f"| `{r.code}` | {r.severity} | {r.summary} |" for r in RULES]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Context: what several rules need, computed once


@dataclass
class NodeVerdict:
    """What the nomenclature says about one program, kegiatan or sub kegiatan node.

    ``match``: the node's own level, by code and name (kind "code" when both agree) or by name;
    ``name_match``: by name only; ``code_entries``: what the node's code names (any level);
    ``other``: the best match at another level, when the name fits one; ``prefer``: the code
    prefix (parent's code or the plan's bidang) used to choose among equal entries.
    """

    node: Node
    match: Match | None
    name_match: Match | None
    code_entries: tuple[Entry, ...]
    other: Match | None
    prefer: str | None
    bidang: str | None

    def show_code(self, entry: Entry) -> str:
        """The entry's code as this plan writes it (X.XX replaced by the plan's bidang)."""
        return concrete_code(entry.code, self.bidang)


class Context:
    """A plan being validated, with the nomenclature verdicts computed on first use."""

    def __init__(self, plan: Plan, nomenclature: Nomenclature | None) -> None:
        self.plan = plan
        self.nomenclature = nomenclature

    @cached_property
    def bidang(self) -> str | None:
        return plan_bidang(self.plan, self.nomenclature) if self.nomenclature else None

    @cached_property
    def verdicts(self) -> list[NodeVerdict]:
        """One verdict per program/kegiatan/sub kegiatan node, in document order."""
        if self.nomenclature is None:
            return []
        out: list[NodeVerdict] = []
        for node in self.plan.nodes:
            self._judge(node, self.bidang, out)
        return out

    def _judge(self, node: Node, prefer: str | None, out: list[NodeVerdict]) -> None:
        nm = self.nomenclature
        assert nm is not None
        child_prefer = prefer
        if node.level in NOMENCLATURE_LEVELS:
            code = normalise_code(node.code)
            own_prefer = code or prefer
            found = nm.match(node.level, node.name, code=node.code, prefer=own_prefer)
            by_name = (
                found
                if found is None or found.kind != "code"
                else nm.match(node.level, node.name, prefer=own_prefer)
            )
            others = nm.match_levels(node.name, prefer=own_prefer)
            others.pop(node.level, None)
            other = max(others.values(), key=_strength) if others else None
            entries = nm.entries_for_code(node.code) if node.code else ()
            out.append(NodeVerdict(node, found, by_name, entries, other, own_prefer, self.bidang))
            if code:
                child_prefer = code
            elif found is not None:
                child_prefer = concrete_code(found.entry.code, self.bidang)
        for child in node.children:
            self._judge(child, child_prefer, out)


def _strength(m: Match) -> tuple[bool, bool, float]:
    return (m.kind in ("code", "exact"), m.kind == "prefix" and m.score >= 1.0, m.score)


def plan_bidang(plan: Plan, nomenclature: Nomenclature | None = None) -> str | None:
    """The urusan.bidang ("7.01") most of the plan's codes or unambiguous names belong to.

    Used to choose among entries that exist under every bidang (Program Penunjang) and to write
    SIPD's "X.XX" codes as the unit writes them. None when nothing points to one bidang.
    """
    nm = nomenclature or load()
    votes: dict[str, int] = {}
    for node, _parent in plan.walk():
        if node.level not in NOMENCLATURE_LEVELS:
            continue
        bidang = code_bidang(node.code)
        if bidang is None:
            found = nm.match(node.level, node.name)
            if found is not None and found.kind in ("exact", "prefix") and found.score >= 1.0:
                entries = (found.entry, *found.alternatives)
                candidates = {code_bidang(e.code) for e in entries} - {None}
                if len(candidates) == 1:
                    bidang = candidates.pop()
        if bidang:
            votes[bidang] = votes.get(bidang, 0) + 1
    if not votes:
        return None
    return max(sorted(votes), key=lambda b: votes[b])


# ---------------------------------------------------------------------------------------------
# Helpers


def _short(text: str | None, limit: int = 70) -> str:
    """A name for a message: whitespace collapsed, long names cut at a word with "…"."""
    s = " ".join((text or "").split())
    if len(s) > limit:
        s = s[:limit].rsplit(" ", 1)[0] + " …"
    return s


def _quote(text: str | None, limit: int = 70) -> str:
    """'Name' for a message; long names are cut at a word with "…"."""
    return f"'{_short(text, limit)}'"


def _join(items: list[str]) -> str:
    """Periods for a message: "TW1", "TW1 and TW2", "TW1, TW2 and TW4"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_missing(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _num(value: int | float) -> str:
    return format_number(value)


def _stem(name: str) -> str:
    """The first word of an indicator name, case-folded, numbering removed."""
    words = normalise_name(name).split(" ", 1)
    return words[0] if words else ""


def _cumulative(indicator: Indicator) -> bool:
    return indicator.extra.get("target_mode") != "per_period"


def _negative(indicator: Indicator) -> bool:
    polarity = indicator.extra.get("polarity")
    return isinstance(polarity, str) and polarity.strip().casefold() in NEGATIVE_POLARITY


def _series_periods(plan: Plan) -> list[str]:
    """The plan's periods when they are quarters or months (series checks apply), else []."""
    if plan.periods and all(period_kind(p) in ("quarter", "month") for p in plan.periods):
        return list(plan.periods)
    return []


def _numeric_series(indicator: Indicator, periods: list[str]) -> list[tuple[str, int | float]]:
    out = []
    for p in periods:
        v = indicator.targets.get(p)
        if _is_number(v):
            out.append((p, v))
    return out


def _finding(
    rule_code: str,
    message: str,
    line: int | None,
    field: str | None = None,
    *,
    params: dict[str, Param],
) -> Finding:
    """A finding of a rule; ``params`` are the values its message is made of (docs/import.md)."""
    return Finding(_SEVERITY[rule_code], rule_code, message, line, field, params=params)


_SEVERITY: dict[str, str] = {}


def _register(code: str, severity: str, summary: str):
    _SEVERITY[code] = severity
    return rule(code, severity, summary)


# ---------------------------------------------------------------------------------------------
# Indicator rules


@_register(
    "missing-target",
    "warning",
    "an indicator has no target for one or more of the plan's periods",
)
def check_missing_target(ctx: Context) -> Iterator[Finding]:
    periods = ctx.plan.periods
    for _node, ind in ctx.plan.indicators():
        missing = [p for p in periods if _is_missing(ind.targets.get(p))]
        if missing:
            noun = "targets" if len(missing) > 1 else "target"
            yield _finding(
                "missing-target",
                f"{_join(missing)} {noun} missing for {_quote(ind.name)}",
                ind.line,
                "targets",
                params={"periods": missing, "count": len(missing), "indicator": _short(ind.name)},
            )


@_register(
    "target-decreasing",
    "warning",
    "cumulative targets go down from one period to the next (not checked for per-period "
    "targets or negative polarity)",
)
def check_target_decreasing(ctx: Context) -> Iterator[Finding]:
    periods = _series_periods(ctx.plan)
    for _node, ind in ctx.plan.indicators():
        if not _cumulative(ind) or _negative(ind):
            continue
        series = _numeric_series(ind, periods)
        for (p0, v0), (p1, v1) in pairwise(series):
            if v1 < v0:
                yield _finding(
                    "target-decreasing",
                    f"{p1} target {_num(v1)} is lower than {p0} target {_num(v0)} for "
                    f"{_quote(ind.name)} (targets are cumulative)",
                    ind.line,
                    "targets",
                    params={
                        "period": p1,
                        "value": v1,
                        "previous_period": p0,
                        "previous": v0,
                        "indicator": _short(ind.name),
                    },
                )
                break


@_register(
    "target-not-annual",
    "warning",
    "the last period's cumulative target differs from the annual target",
)
def check_target_not_annual(ctx: Context) -> Iterator[Finding]:
    periods = _series_periods(ctx.plan)
    if not periods:
        return
    last = periods[-1]
    for _node, ind in ctx.plan.indicators():
        if not _cumulative(ind):
            continue
        value, annual = ind.targets.get(last), ind.annual_target
        if _is_number(value) and _is_number(annual) and not math.isclose(value, annual):
            yield _finding(
                "target-not-annual",
                f"{last} target {_num(value)} differs from the annual target {_num(annual)} "
                f"for {_quote(ind.name)}",
                ind.line,
                "annual_target",
                params={
                    "period": last,
                    "value": value,
                    "annual": annual,
                    "indicator": _short(ind.name),
                },
            )


def _looks_like_progress(values: list[int | float]) -> bool:
    """25/50/75/100: a rising series of percentages ending at 100."""
    return (
        len(values) >= 2
        and values[-1] == 100
        and values[0] < 100
        and all(0 < v <= 100 for v in values)
        and all(a <= b for a, b in pairwise(values))
    )


@_register(
    "unit-stem-mismatch",
    "warning",
    "the unit does not fit the indicator's wording: 'Persentase …' not in %, 'Jumlah …' in % "
    "or with percent-of-progress targets",
)
def check_unit_stem(ctx: Context) -> Iterator[Finding]:
    periods = ctx.plan.periods
    for _node, ind in ctx.plan.indicators():
        stem = _stem(ind.name)
        unit = (ind.unit or "").strip()
        percent_unit = unit.casefold() in PERCENT_UNITS
        message = None
        params: dict[str, Param] = {"indicator": _short(ind.name), "unit": unit}
        if stem in PERCENT_STEMS and unit and not percent_unit:
            message = f"{_quote(ind.name)} is a percentage but its unit is '{unit}'"
            params["variant"] = "percent"
        elif stem in COUNT_STEMS:
            values = [v for _p, v in _numeric_series(ind, periods)]
            shown = ", ".join(_num(v) for v in values[:4])
            params["targets"] = list(values[:4])
            if percent_unit:
                message = f"{_quote(ind.name)} is a count but its unit is '{unit}'"
                params["variant"] = "count-percent"
                if values:
                    message += f" (targets {shown})"
                    params["variant"] = "count-percent-targets"
            elif not unit and _looks_like_progress(values):
                message = (
                    f"{_quote(ind.name)} is a count but its targets look like percentages ({shown})"
                )
                params["variant"] = "count-progress"
        if message:
            yield _finding("unit-stem-mismatch", message, ind.line, "unit", params=params)


@_register(
    "objective-equals-indicator",
    "info",
    "the result statement (sasaran) and the indicator have the same text",
)
def check_objective_equals_indicator(ctx: Context) -> Iterator[Finding]:
    for _node, ind in ctx.plan.indicators():
        if ind.objective and normalise_name(ind.objective) == normalise_name(ind.name):
            yield _finding(
                "objective-equals-indicator",
                f"Sasaran and indicator have the same text {_quote(ind.name)}: the indicator "
                f"should say what is measured",
                ind.line,
                "name",
                params={"indicator": _short(ind.name)},
            )


def lower_is_better_term(text: str | None) -> str | None:
    """The LOWER_IS_BETTER_TERMS word ``text`` contains, unless a HIGHER_IS_BETTER_MARKERS word
    turns it around; None otherwise."""
    if not text or _HIGHER_RE.search(text):
        return None
    m = _LOWER_RE.search(text)
    return " ".join(m.group(0).split()).casefold() if m else None


@_register(
    "polarity-unset",
    "warning",
    "the indicator's wording suggests lower is better (kasus, konflik, kemiskinan, stunting …) "
    "and no polarity is set",
)
def check_polarity_unset(ctx: Context) -> Iterator[Finding]:
    for _node, ind in ctx.plan.indicators():
        if ind.extra.get("polarity") is not None:
            continue
        term = lower_is_better_term(ind.name)
        if term:
            yield _finding(
                "polarity-unset",
                f"{_quote(ind.name)} reads as lower-is-better ('{term}'): set its polarity",
                ind.line,
                "polarity",
                params={"indicator": _short(ind.name), "term": term},
            )


@_register(
    "text-target",
    "info",
    "a target is text where the indicator's other targets are numbers",
)
def check_text_target(ctx: Context) -> Iterator[Finding]:
    periods = ctx.plan.periods
    for _node, ind in ctx.plan.indicators():
        values = [(p, ind.targets.get(p)) for p in periods]
        texts = [(p, v) for p, v in values if isinstance(v, str) and v.strip()]
        if texts and any(_is_number(v) for _p, v in values):
            shown = _join([f"{p} '{v.strip()}'" for p, v in texts])
            noun = "targets are" if len(texts) > 1 else "target is"
            yield _finding(
                "text-target",
                f"{shown} {noun} text while the other targets are numbers for {_quote(ind.name)}",
                ind.line,
                "targets",
                params={
                    "periods": [p for p, _v in texts],
                    "texts": [v.strip() for _p, v in texts],
                    "count": len(texts),
                    "indicator": _short(ind.name),
                },
            )


# ---------------------------------------------------------------------------------------------
# Node rules


@_register(
    "duplicate-node",
    "warning",
    "two nodes under the same parent have the same level and (normalised) name",
)
def check_duplicate_node(ctx: Context) -> Iterator[Finding]:
    def siblings(parent: Node | None, nodes: list[Node]) -> Iterator[Finding]:
        seen: dict[tuple[str, str], Node] = {}
        for node in nodes:
            key = (node.level, normalise_name(node.name))
            first = seen.get(key)
            if first is None or not key[1]:
                seen.setdefault(key, node)
            else:
                where = f"under {_quote(parent.name)}" if parent else "at the top level"
                also = f" (also line {first.line})" if first.line is not None else ""
                yield _finding(
                    "duplicate-node",
                    f"{node.level.capitalize()} {_quote(node.name)} appears twice {where}{also}",
                    node.line,
                    "name",
                    params={
                        "variant": ("under" if parent else "top")
                        + ("-line" if first.line is not None else ""),
                        "level": node.level,
                        "name": _short(node.name),
                        "parent": _short(parent.name) if parent else None,
                        "first_line": first.line,
                    },
                )

    yield from siblings(None, ctx.plan.nodes)
    for node, _parent in ctx.plan.walk():
        yield from siblings(node, node.children)


# ---------------------------------------------------------------------------------------------
# Nomenclature rules: one verdict per node, at most one nomenclature finding per node


_LEVEL_NAMES = {"program": "program", "kegiatan": "kegiatan", "subkegiatan": "sub kegiatan"}


def _official(v: NodeVerdict, entry: Entry) -> str:
    return f"{v.show_code(entry)} '{entry.name}'"


def _nomenclature_problem(v: NodeVerdict) -> tuple[str, str, dict[str, Param]] | None:
    """(code, message, params) of the one nomenclature problem of a node, or None."""
    node, level = v.node, _LEVEL_NAMES[v.node.level]
    name = _quote(node.name)
    params: dict[str, Param] = {"level": node.level, "name": _short(node.name)}
    if node.code:
        params["code"] = node.code
    if node.code and not v.code_entries:
        not_a_code = normalise_code(node.code) is None
        shape = "is not a nomenclature code" if not_a_code else "is unknown"
        message = f"Code {node.code} of {level} {name} {shape}"
        variant = "not-a-code" if not_a_code else "unknown"
        if v.name_match is not None:
            message += f"; the name matches {_official(v, v.name_match.entry)}"
            variant += "-name-matches"
            params.update(_official_params(v, v.name_match.entry))
        return "nomenclature-code-unknown", message, {"variant": variant, **params}
    if node.code and v.code_entries:
        at_level = [e for e in v.code_entries if e.level == node.level]
        if not at_level:
            code_lvl = code_level(node.code) or v.code_entries[0].level
            return (
                "nomenclature-level",
                f"Code {node.code} of {level} {name} is a {_LEVEL_NAMES[code_lvl]} code "
                f"({v.code_entries[0].name!r})",
                {
                    "variant": "code",
                    **params,
                    "code_level": code_lvl,
                    "code_name": v.code_entries[0].name,
                },
            )
        if v.match is None or v.match.kind != "code":
            message = f"Code {node.code} is {at_level[0].name!r}, but the {level} is named {name}"
            params["code_name"] = at_level[0].name
            variant = "code"
            if v.name_match is not None:
                message += f"; that name is {_official(v, v.name_match.entry)}"
                variant = "code-name-matches"
                params.update(_official_params(v, v.name_match.entry))
            return "nomenclature-code-mismatch", message, {"variant": variant, **params}
        if v.match.score < 1.0:
            return (
                "nomenclature-differs",
                f"{level.capitalize()} {name} differs from the official name "
                f"{v.match.entry.name!r} of code {node.code}",
                {"variant": "code", **params, "official_name": v.match.entry.name},
            )
        return None
    own = v.match
    if own is not None and own.is_exact:
        return None
    other = v.other
    if other is not None and (own is None or other.is_exact):
        return (
            "nomenclature-level",
            f"{level.capitalize()} {name} matches the {_LEVEL_NAMES[other.level]} "
            f"{_official(v, other.entry)}, not a {level}",
            {
                "variant": "name",
                **params,
                "other_level": other.level,
                **_official_params(v, other.entry),
            },
        )
    if own is not None:
        cut = own.kind == "prefix" and own.score >= 1.0
        how = "is cut short from" if cut else "differs from"
        return (
            "nomenclature-differs",
            f"{level.capitalize()} {name} {how} the official {_official(v, own.entry)}",
            {"variant": "cut" if cut else "name", **params, **_official_params(v, own.entry)},
        )
    return (
        "nomenclature-unknown",
        f"{level.capitalize()} {name} is not in the nomenclature",
        params,
    )


def _official_params(v: NodeVerdict, entry: Entry) -> dict[str, Param]:
    return {"official_code": v.show_code(entry), "official_name": entry.name}


def _nomenclature_findings(ctx: Context, code: str) -> Iterator[Finding]:
    for v in ctx.verdicts:
        problem = _nomenclature_problem(v)
        if problem is not None and problem[0] == code:
            field = "code" if "code" in code else "name"
            yield _finding(code, problem[1], v.node.line, field, params=problem[2])


@_register(
    "nomenclature-code-unknown",
    "warning",
    "a program, kegiatan or sub kegiatan has a code the nomenclature does not know",
)
def check_nomenclature_code_unknown(ctx: Context) -> Iterator[Finding]:
    yield from _nomenclature_findings(ctx, "nomenclature-code-unknown")


@_register(
    "nomenclature-code-mismatch",
    "warning",
    "the node's code names a different item than its name",
)
def check_nomenclature_code_mismatch(ctx: Context) -> Iterator[Finding]:
    yield from _nomenclature_findings(ctx, "nomenclature-code-mismatch")


@_register(
    "nomenclature-level",
    "warning",
    "the name (or code) is an official item of another level (a kegiatan named like a sub "
    "kegiatan …)",
)
def check_nomenclature_level(ctx: Context) -> Iterator[Finding]:
    yield from _nomenclature_findings(ctx, "nomenclature-level")


@_register(
    "nomenclature-differs",
    "info",
    "the name is a variant of an official name (typo, cut short, other spelling); the message "
    "gives the official code and name",
)
def check_nomenclature_differs(ctx: Context) -> Iterator[Finding]:
    yield from _nomenclature_findings(ctx, "nomenclature-differs")


@_register(
    "nomenclature-unknown",
    "info",
    "a program, kegiatan or sub kegiatan name is not in the nomenclature",
)
def check_nomenclature_unknown(ctx: Context) -> Iterator[Finding]:
    yield from _nomenclature_findings(ctx, "nomenclature-unknown")


# ---------------------------------------------------------------------------------------------
# Entry points

_DEFAULT = DEFAULT_VERSION


def _resolve(nomenclature: Nomenclature | str | None) -> Nomenclature | None:
    if nomenclature is None or isinstance(nomenclature, Nomenclature):
        return nomenclature
    return load(nomenclature)


def validate(
    plan: Plan,
    nomenclature: Nomenclature | str | None = _DEFAULT,
    codes: Iterable[str] | None = None,
) -> list[Finding]:
    """Check ``plan`` and return the findings in document order; the plan is not changed.

    ``nomenclature``: a loaded list, a version name ("2022", "sipd", "combined"; default the
    combined list), or None to skip the nomenclature rules. ``codes``: run only these rules
    (ValueError for an unknown code). The plan's own ``findings`` (the importer's) are neither
    read nor returned.
    """
    selected = RULES
    if codes is not None:
        wanted = set(codes)
        unknown = wanted - {r.code for r in RULES}
        if unknown:
            raise ValueError(f"unknown rule codes: {sorted(unknown)}")
        selected = [r for r in RULES if r.code in wanted]
    ctx = Context(plan, _resolve(nomenclature))
    findings: list[Finding] = []
    for r in selected:
        findings.extend(r.check(ctx))
    # Stable: findings of one line keep the order of the rule table, then of the document.
    findings.sort(key=lambda f: (f.line is None, f.line or 0))
    return findings


def suggest_codes(
    plan: Plan, nomenclature: Nomenclature | str | None = _DEFAULT
) -> dict[int, Match]:
    """For every program/kegiatan/sub kegiatan node the nomenclature knows: ``id(node)`` → Match.

    Nodes with a code that agrees with their name get kind "code"; the others a name match
    (exact, prefix or fuzzy — apply only exact/prefix ones without asking). ``match.entry.code``
    may be a SIPD "X.XX…" code: write it as ``concrete_code(code, plan_bidang(plan))``. Among
    equal entries the one under the node's parent code (or the plan's bidang) is chosen.
    """
    ctx = Context(plan, _resolve(nomenclature))
    return {id(v.node): v.match for v in ctx.verdicts if v.match is not None}
