"""Forms of quarterly monitoring: they read what people type; the services check and save.

The realisasi sheet has a row of fields per indicator (``value-<id>``, ``obstacles-<id>``,
``factors-<id>``, ``followup-<id>``, ``version-<id>``, and evidence to attach with the row:
``file-<id>``, ``link-<id>``) and per sub kegiatan (``spent-<node id>``,
``spent-version-<node id>``), so it is read by ``read_row`` rather than a fixed Django form.
Numbers are read the Indonesian way ("0,9", "1.250", "25%", "Rp1.500.000"); a realisasi that is
not a number ("WTP") is kept as text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from ...core import plan as core
from ...core import text as limits
from ...core.numbers import parse_quantity
from ...core.periods import MONTHS, QUARTERS
from ..plans.forms import MAX_BUDGET, PlainTextField, parse_value, period_heading

NARRATIVE_LENGTH = limits.NOTE_LENGTH
EVIDENCE_ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.pptx,.zip"


def value_field(indicator_id: int) -> str:
    return f"value-{indicator_id}"


def version_field(indicator_id: int) -> str:
    return f"version-{indicator_id}"


def file_field(indicator_id: int) -> str:
    return f"file-{indicator_id}"


def link_field(indicator_id: int) -> str:
    return f"link-{indicator_id}"


def spent_field(node_id: int) -> str:
    return f"spent-{node_id}"


def spent_version_field(node_id: int) -> str:
    return f"spent-version-{node_id}"


class RowError(Exception):
    """What is wrong with one row of the sheet (the other rows are still saved)."""


def parse_version(text: str | None) -> int | None:
    """The version a row was loaded with: "" when there was no realisation yet (None)."""
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise RowError(_("This row's form is damaged; reload the page."))
    return int(text)


def parse_amount(text: str | None) -> Decimal | None:
    """An amount in rupiah ("1.500.000", "Rp1.500.000,00"), or None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    quantity = parse_quantity(text)
    if quantity is None or quantity.unit not in (None, "Rp") or quantity.value < 0:
        raise RowError(_("Enter an amount in rupiah, for example 125.000.000."))
    amount = Decimal(str(quantity.value)).quantize(Decimal("0.01"))
    if amount >= MAX_BUDGET:
        raise RowError(_("This number is too large."))
    return amount


@dataclass
class RowInput:
    """What the sheet's form holds for one indicator: the texts as typed, and what they mean."""

    indicator_id: int
    text: str  # the realisasi as typed
    version_text: str = ""
    obstacles: str = ""
    supporting_factors: str = ""
    follow_up: str = ""
    value: core.Value = None
    version: int | None = None
    error: str = ""
    # evidence sent with the row: a file (an UploadedFile) and/or a link, saved with the value
    upload: object | None = None
    link: str = ""

    @property
    def has_evidence(self) -> bool:
        return self.upload is not None or bool(self.link)


@dataclass
class SpentInput:
    node_id: int
    text: str
    version_text: str = ""
    amount: Decimal | None = None
    version: int | None = None
    error: str = ""


def _narrative(data, name: str) -> str:
    """A narrative as typed, line breaks as "\\n"; control characters removed but a NUL (which
    ``read_row`` refuses)."""
    text = (data.get(name) or "").replace("\r\n", "\n")
    return (text if limits.has_nul(text) else limits.strip_controls(text)).strip()


def read_row(data, indicator_id: int, files=None) -> RowInput | None:
    """One indicator's row from the POSTed data (and files); None when the form did not carry it."""
    if value_field(indicator_id) not in data:
        return None
    row = RowInput(
        upload=(files or {}).get(file_field(indicator_id)),
        link=(data.get(link_field(indicator_id)) or "").strip(),
        indicator_id=indicator_id,
        text=(data.get(value_field(indicator_id)) or "").strip(),
        version_text=(data.get(version_field(indicator_id)) or "").strip(),
        obstacles=_narrative(data, f"obstacles-{indicator_id}"),
        supporting_factors=_narrative(data, f"factors-{indicator_id}"),
        follow_up=_narrative(data, f"followup-{indicator_id}"),
    )
    try:
        row.version = parse_version(row.version_text)
        try:
            row.value = parse_value(row.text)
        except forms.ValidationError as exc:
            raise RowError(" ".join(exc.messages)) from exc
        narratives = (row.obstacles, row.supporting_factors, row.follow_up)
        if any(limits.has_nul(text) for text in narratives):
            raise RowError(_("Null characters are not allowed."))
        if any(len(text) > NARRATIVE_LENGTH for text in narratives):
            raise RowError(
                _("A text can have at most %(limit)s characters.") % {"limit": NARRATIVE_LENGTH}
            )
    except RowError as exc:
        row.error = str(exc)
    return row


def read_spent(data, node_id: int) -> SpentInput | None:
    if spent_field(node_id) not in data:
        return None
    spent = SpentInput(
        node_id=node_id,
        text=(data.get(spent_field(node_id)) or "").strip(),
        version_text=(data.get(spent_version_field(node_id)) or "").strip(),
    )
    try:
        spent.version = parse_version(spent.version_text)
        spent.amount = parse_amount(spent.text)
    except RowError as exc:
        spent.error = str(exc)
    return spent


# ---------------------------------------------------------------------------------------------
# The workflow


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("verify", _("Verify")), ("return", _("Return for correction"))],
    )
    note = PlainTextField(
        label=_("Note"), required=False, max_length=NARRATIVE_LENGTH, widget=forms.Textarea
    )


class UnlockForm(forms.Form):
    reason = PlainTextField(
        label=_("Reason"), required=False, max_length=NARRATIVE_LENGTH, widget=forms.Textarea
    )


# ---------------------------------------------------------------------------------------------
# The kabupaten: deadlines and late units


def _period_choices():
    return [(p, period_heading(p)) for p in (*QUARTERS, *MONTHS)]


class DeadlineForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"))
    due = forms.DateField(
        label=_("Due date"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For example 2025-04-10 or 10/04/2025"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = _period_choices()


class PeriodForm(forms.Form):
    """Which year and period the late-units page shows (GET)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = _period_choices()

    @staticmethod
    def default(today: dt.date) -> dict:
        return {"year": today.year, "period": QUARTERS[(today.month - 1) // 3]}


class LateFilterForm(forms.Form):
    """Which units the late-units page lists (GET): all, the late ones (both kinds), those that
    have not submitted past the due date, or those that submitted after it."""

    SHOW_CHOICES = [
        ("all", _("All units")),
        ("late", _("Late (either)")),
        ("overdue", _("Not submitted, past the due date")),
        ("submitted-late", _("Submitted after the due date")),
    ]
    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)

    def choice(self) -> str:
        """The choice made, "all" when none or an unknown one."""
        return (self.cleaned_data.get("show") if self.is_valid() else "") or "all"


class SubmitForm(forms.Form):
    """The confirmation of a submission: the fingerprint of the findings the operator saw."""

    confirm = forms.CharField(required=False, max_length=64)
