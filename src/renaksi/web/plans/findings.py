"""A finding's message in the active language, from its code and its params.

The domain core words every finding in English (``Finding.message``: the command line, logs and
the JSON keep it) and, since params exist, also gives the values the message is made of
(``Finding.params``: names, periods, numbers, lines; docs/import.md). Here each code has a gettext
message template, one per form of its message (``params["variant"]`` names the form when a code
has several), and ``finding_message`` fills it with the params formatted for the reader: periods
as the page heads them ("TW III" / "Q3"), levels by their label, numbers the way the plan table
shows them, lists joined with the language's "and".

A finding without params (a plan imported before they existed), with a code or form this table
does not know, or with params that do not fit its template shows its stored English message.

The result is plain text: the names in it are imported text, escaped by the template like any
other (never mark it safe).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from ...core.plan import Finding, Param
from .forms import format_value, period_heading
from .models import LEVEL_LABELS

# code → {variant: template}; "" is the form of a code with one form (no "variant" param).
MESSAGES: dict[str, dict[str, Promise]] = {
    # -- the importer -------------------------------------------------------------------------
    "conflicting-target": {
        "target": _(
            "%(period)s target of “%(indicator)s” is %(first)s on line %(first_line)s and "
            "%(second)s on line %(second_line)s; %(first)s kept"
        ),
        "actual": _(
            "%(period)s realisasi of “%(indicator)s” is %(first)s on line %(first_line)s and "
            "%(second)s on line %(second_line)s; %(first)s kept"
        ),
    },
    "duplicate-target": {
        "target": _(
            "%(period)s target of “%(indicator)s” is given twice, on lines %(first_line)s and "
            "%(second_line)s, with the same value"
        ),
        "target-one-line": _(
            "%(period)s target of “%(indicator)s” is given twice on line %(second_line)s, "
            "with the same value"
        ),
        "actual": _(
            "%(period)s realisasi of “%(indicator)s” is given twice, on lines %(first_line)s "
            "and %(second_line)s, with the same value"
        ),
        "actual-one-line": _(
            "%(period)s realisasi of “%(indicator)s” is given twice on line %(second_line)s, "
            "with the same value"
        ),
    },
    "header-level-mismatch": {
        "": _(
            "The header names %(header)s, but the rows below it are %(rows)s: read as the rows "
            "are (a page header repeated from another table?)"
        ),
    },
    "name-variant": {
        "": _(
            "%(level)s “%(name)s” (line %(line)s) read as “%(existing)s” (line %(existing_line)s)"
        ),
    },
    "name-continued": {
        "": _("“%(text)s” read as the end of %(level)s “%(name)s” (cut at a row or page break)"),
        "page": _("“%(text)s” read as the end of “%(name)s” (cut at a page break)"),
    },
    "sasaran-not-listed": {
        "": _("Sasaran “%(name)s” is not in the document's list of sasaran"),
    },
    "truncated-name": {
        "": _("The name of %(level)s “%(name)s” looks cut short"),
    },
    "stray-number": {
        "": _("Numbering “%(number)s” without a name"),
    },
    "stray-value": {
        "": _("Value “%(text)s” belongs to no column"),
    },
    "extra-text": {
        "": _("Text not placed in any column: “%(text)s”"),
    },
    "extra-value": {
        "": _("%(period)s: value “%(value)s” not placed"),
    },
    "missing-indicator": {
        "": _("Result statement “%(objective)s” has no indicator"),
    },
    "value-without-indicator": {
        "": _("%(period)s value on this row belongs to no indicator"),
        "value": _("%(period)s value “%(text)s” belongs to no indicator"),
    },
    "indicator-without-node": {
        "": _("Indicator “%(indicator)s” has no %(level)s above it"),
        "bare": _("An indicator has no sasaran, program, kegiatan or sub kegiatan above it"),
    },
    "text-cut": {
        "name": _("The name “%(text)s” was cut to %(limit)s characters (it had %(length)s)"),
        "indicator": _(
            "The indicator “%(text)s” was cut to %(limit)s characters (it had %(length)s)"
        ),
        "objective": _(
            "The result statement “%(text)s” was cut to %(limit)s characters (it had %(length)s)"
        ),
        "unit": _("The unit “%(text)s” was cut to %(limit)s characters (it had %(length)s)"),
        "code": _("The code “%(text)s” was cut to %(limit)s characters (it had %(length)s)"),
        "number": _("The numbering “%(text)s” was cut to %(limit)s characters (it had %(length)s)"),
        "value": _("The text value “%(text)s” was cut to %(limit)s characters (it had %(length)s)"),
        "document-unit": _(
            "The unit named in the title, “%(text)s”, was cut to %(limit)s characters "
            "(it had %(length)s)"
        ),
    },
    # -- the validator ------------------------------------------------------------------------
    "missing-target": {
        "": ngettext_lazy(
            "%(periods)s target missing for “%(indicator)s”",
            "%(periods)s targets missing for “%(indicator)s”",
            "count",
        ),
    },
    "target-decreasing": {
        "": _(
            "%(period)s target %(value)s is lower than %(previous_period)s target %(previous)s "
            "for “%(indicator)s” (targets are cumulative)"
        ),
    },
    "target-not-annual": {
        "": _(
            "%(period)s target %(value)s differs from the annual target %(annual)s "
            "for “%(indicator)s”"
        ),
    },
    "unit-stem-mismatch": {
        "percent": _("“%(indicator)s” is a percentage but its unit is “%(unit)s”"),
        "count-percent": _("“%(indicator)s” is a count but its unit is “%(unit)s”"),
        "count-percent-targets": _(
            "“%(indicator)s” is a count but its unit is “%(unit)s” (targets %(targets)s)"
        ),
        "count-progress": _(
            "“%(indicator)s” is a count but its targets look like percentages (%(targets)s)"
        ),
    },
    "objective-equals-indicator": {
        "": _(
            "Sasaran and indicator have the same text “%(indicator)s”: the indicator should say "
            "what is measured"
        ),
    },
    "polarity-unset": {
        "": _("“%(indicator)s” reads as lower-is-better (“%(term)s”): set its polarity"),
    },
    "text-target": {
        "": ngettext_lazy(
            "%(period_texts)s target is text while the other targets are numbers "
            "for “%(indicator)s”",
            "%(period_texts)s targets are text while the other targets are numbers "
            "for “%(indicator)s”",
            "count",
        ),
    },
    "duplicate-node": {
        "under": _("%(level)s “%(name)s” appears twice under “%(parent)s”"),
        "under-line": _(
            "%(level)s “%(name)s” appears twice under “%(parent)s” (also line %(first_line)s)"
        ),
        "top": _("%(level)s “%(name)s” appears twice at the top level"),
        "top-line": _(
            "%(level)s “%(name)s” appears twice at the top level (also line %(first_line)s)"
        ),
    },
    "nomenclature-code-unknown": {
        "not-a-code": _("Code %(code)s of %(level)s “%(name)s” is not a nomenclature code"),
        "not-a-code-name-matches": _(
            "Code %(code)s of %(level)s “%(name)s” is not a nomenclature code; the name "
            "matches %(official_code)s “%(official_name)s”"
        ),
        "unknown": _("Code %(code)s of %(level)s “%(name)s” is unknown"),
        "unknown-name-matches": _(
            "Code %(code)s of %(level)s “%(name)s” is unknown; the name matches "
            "%(official_code)s “%(official_name)s”"
        ),
    },
    "nomenclature-code-mismatch": {
        "code": _("Code %(code)s is “%(code_name)s”, but the %(level)s is named “%(name)s”"),
        "code-name-matches": _(
            "Code %(code)s is “%(code_name)s”, but the %(level)s is named “%(name)s”; that name "
            "is %(official_code)s “%(official_name)s”"
        ),
    },
    "nomenclature-level": {
        "code": _(
            "Code %(code)s of %(level)s “%(name)s” is a %(code_level)s code (“%(code_name)s”)"
        ),
        "name": _(
            "%(level)s “%(name)s” matches the %(other_level)s %(official_code)s "
            "“%(official_name)s”, not a %(level)s"
        ),
    },
    "nomenclature-differs": {
        "code": _(
            "%(level)s “%(name)s” differs from the official name “%(official_name)s” "
            "of code %(code)s"
        ),
        "cut": _(
            "%(level)s “%(name)s” is cut short from the official %(official_code)s "
            "“%(official_name)s”"
        ),
        "name": _(
            "%(level)s “%(name)s” differs from the official %(official_code)s “%(official_name)s”"
        ),
    },
    "nomenclature-unknown": {
        "": _("%(level)s “%(name)s” is not in the nomenclature"),
    },
}

PERIOD_KEYS = frozenset({"period", "previous_period"})
LEVEL_KEYS = frozenset({"level", "code_level", "other_level"})
VALUE_KEYS = frozenset({"first", "second", "value", "previous", "annual"})


def template_for(finding: Finding) -> Promise | None:
    """The message template of ``finding`` (its code and form), or None when there is none."""
    if not finding.params:
        return None
    variant = finding.params.get("variant") or ""
    return MESSAGES.get(finding.code, {}).get(variant if isinstance(variant, str) else "")


def render(finding: Finding) -> str | None:
    """The finding's message from its template in the active language, or None when it has no
    template or its params do not fill it."""
    template = template_for(finding)
    if template is None:
        return None
    try:
        return str(capfirst(template % _values(finding.params or {})))
    except (KeyError, TypeError, ValueError):
        return None


def finding_message(finding: Finding) -> str:
    """The finding's message in the active language; its stored message when it has no template."""
    text = render(finding)
    return finding.message if text is None else text


def _values(params: dict[str, Param]) -> dict[str, object]:
    """Params formatted for the reader (``count`` stays a number: it chooses the plural)."""
    out: dict[str, object] = {}
    for key, value in params.items():
        if key == "count" and isinstance(value, int):
            out[key] = value
        elif key in PERIOD_KEYS and isinstance(value, str):
            out[key] = period_heading(value)
        elif key == "periods" and isinstance(value, list):
            out[key] = join([period_heading(str(p)) for p in value])
        elif key in LEVEL_KEYS and isinstance(value, str):
            out[key] = str(LEVEL_LABELS.get(value, value)).lower()
        elif key.endswith("line"):
            out[key] = "?" if value is None else str(value)
        elif key in VALUE_KEYS:
            out[key] = gettext("empty") if value is None else format_value(value)
        elif key == "targets" and isinstance(value, list):
            numbers = [format_value(v) for v in value]
            # "25, 50, 75, 100"; "0,5; 0,75" where a decimal comma would blur the list
            out[key] = ("; " if any("," in n for n in numbers) else ", ").join(numbers)
        elif isinstance(value, list):
            out[key] = join([str(v) for v in value])
        else:
            out[key] = "" if value is None else format_value(value)
    periods, texts = params.get("periods"), params.get("texts")
    if isinstance(periods, list) and isinstance(texts, list) and len(periods) == len(texts):
        out["period_texts"] = join(
            [f"{period_heading(str(p))} “{t}”" for p, t in zip(periods, texts, strict=True)]
        )
    return out


def join(items: list[str]) -> str:
    """Items joined the way the active language lists them: "TW I, TW II dan TW IV"."""
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return gettext("%(first)s and %(second)s") % {"first": items[0], "second": items[1]}
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}
