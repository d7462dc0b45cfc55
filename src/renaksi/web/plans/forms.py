"""Forms of the plan editor: they read what people type (Indonesian numbers included) into values.

Numbers are read the Indonesian way through ``renaksi.core.numbers``: "0,9" is 0.9, "1.250" is
1250, "25%" is 25. A target that is not a number ("WTP", "Tersedia") is kept as text. Forms only
parse; the services check what the data must satisfy and save.

Texts are held to the limits of ``core.text`` (a name at most 2,000 characters, a unit 100 …):
a longer one, or one holding a NUL character, is refused with the field's error; the other
control characters are removed (``PlainTextField``).
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from ...core import plan as core
from ...core import text as limits
from ...core.numbers import format_number, parse_quantity
from ...core.periods import period_kind, period_label
from .models import DECREE_LENGTH, LEVEL_CHOICES, Indicator

# Stored values: DecimalField(max_digits=24, decimal_places=6) for targets, (18, 2) for budgets.
MAX_TARGET = Decimal(10) ** 18
MAX_BUDGET = Decimal(10) ** 16
TEXT_TARGET_LENGTH = limits.VALUE_LENGTH


def plain_text(value: str) -> str:
    """What a person typed, as kept: line breaks as "\\n", control characters removed, except a
    NUL, which is left for the validator to refuse (``ProhibitNullCharactersValidator``)."""
    value = value.replace("\r\n", "\n")
    return value if "\x00" in value else limits.strip_controls(value)


class PlainTextField(forms.CharField):
    """A text field: NUL refused (Django's "Null characters are not allowed."), the other
    control characters removed, "\\r\\n" read as "\\n", then ``max_length`` checked."""

    def to_python(self, value):
        return plain_text(super().to_python(value))


def format_value(value: core.Value) -> str:
    """A core value as a person reads and types it: 0.9 → "0,9", 1250 → "1.250", "WTP"."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return str(value)


def parse_value(text: str) -> core.Value:
    """What a person typed in a target cell: a number, a text target, or None when empty.

    Raises ValidationError for a number too large to store, a text too long to keep, a NUL.
    """
    ProhibitNullCharactersValidator()(text or "")
    text = limits.strip_controls(text or "").strip()
    if not text:
        return None
    quantity = parse_quantity(text)
    if quantity is not None:
        if abs(Decimal(str(quantity.value))) >= MAX_TARGET:
            raise forms.ValidationError(_("This number is too large."), code="too_large")
        return quantity.value
    if len(text) > TEXT_TARGET_LENGTH:
        raise forms.ValidationError(
            _("A text target can have at most %(limit)s characters."),
            code="too_long",
            params={"limit": TEXT_TARGET_LENGTH},
        )
    return text


def period_heading(period: str) -> str:
    """The column heading of a period in the active language: "TW I", "Januari", "2025"."""
    kind = period_kind(period)
    if kind == "quarter":
        return str(QUARTER_LABELS[int(period[-1]) - 1])
    if kind == "month":
        return str(MONTH_LABELS[int(period[1:]) - 1])
    return period_label(period)


QUARTER_LABELS = (_("Q1"), _("Q2"), _("Q3"), _("Q4"))
MONTH_LABELS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)


class ValueField(forms.CharField):
    """A target or annual target: a number in Indonesian format, or a short text target."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 120)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("class", "value")
        self.widget.attrs.setdefault("inputmode", "decimal")

    def clean(self, value):
        return parse_value(super().clean(value))


class VersionForm(forms.Form):
    """An edit form that carries the version of what it edits, as it was when the form was
    opened (a hidden field): the service refuses a save when that version is no longer the
    stored one (someone else saved in between), instead of overwriting their change."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def clean(self):
        cleaned = super().clean()
        if "version" in self.errors:  # a hidden field: said where the person sees it
            del self.errors["version"]
            self.add_error(
                None,
                _(
                    "This form does not say which version it was opened on: reload the page and enter your change again."
                ),
            )
        return cleaned

    def expected_version(self) -> int:
        return self.cleaned_data["version"]


class NodeForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"))
    number = PlainTextField(
        label=_("Number"),
        max_length=limits.NUMBER_LENGTH,
        required=False,
        help_text=_("As the document numbers it: 1, A, 2.1"),
    )
    code = PlainTextField(
        label=_("Code"),
        max_length=limits.CODE_LENGTH,
        required=False,
        help_text=_("Nomenclature code, for example 7.01.01.2.01.0001"),
    )
    name = PlainTextField(
        label=_("Name"), max_length=limits.NAME_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    budget = forms.CharField(
        label=_("Budget (Rp)"),
        required=False,
        max_length=40,
        help_text=_("For example 125.000.000 or Rp5.294.655.000,00"),
    )

    def __init__(self, *args, levels: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [(c, label) for c, label in LEVEL_CHOICES if c in levels]

    def clean_budget(self) -> Decimal | None:
        text = self.cleaned_data["budget"].strip()
        if not text:
            return None
        quantity = parse_quantity(text)
        if quantity is None or quantity.unit not in (None, "Rp") or quantity.value < 0:
            raise forms.ValidationError(
                _("Enter an amount in rupiah, for example 125.000.000."), code="invalid"
            )
        amount = Decimal(str(quantity.value)).quantize(Decimal("0.01"))
        if amount >= MAX_BUDGET:
            raise forms.ValidationError(_("This number is too large."), code="too_large")
        return amount

    @staticmethod
    def initial_for(node) -> dict:
        return {
            "level": node.level,
            "number": node.number,
            "code": node.code,
            "name": node.name,
            "budget": format_value(_number(node.budget)),
            "version": node.version,
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "level": data["level"],
            "name": data["name"],
            "code": data["code"],
            "number": data["number"],
            "budget": data["budget"],
        }


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class IndicatorForm(forms.Form):
    """An indicator's fields, its settings and its targets for every period of the plan."""

    objective = PlainTextField(
        label=_("Objective (sasaran)"),
        max_length=limits.OBJECTIVE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The result statement this indicator measures, for example Tersedianya …"),
    )
    name = PlainTextField(
        label=_("Performance indicator"),
        max_length=limits.INDICATOR_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    unit = PlainTextField(
        label=_("Unit of measure (satuan)"),
        max_length=limits.UNIT_LENGTH,
        required=False,
        help_text=_("%, Dokumen, Laporan, Orang, Indeks …"),
    )
    annual_target = ValueField(label=_("Annual target"))
    person_in_charge = PlainTextField(
        label=_("Person in charge (penanggung jawab)"),
        max_length=limits.PERSON_IN_CHARGE_LENGTH,
        required=False,
        help_text=_("Who answers for this indicator, for example Kasi Pemerintahan"),
    )
    target_mode = forms.ChoiceField(
        label=_("Target mode"), choices=Indicator.TargetMode.choices, required=False
    )
    aggregation = forms.ChoiceField(
        label=_("Aggregation"),
        choices=[("", _("Not set")), *Indicator.Aggregation.choices],
        required=False,
    )
    polarity = forms.ChoiceField(
        label=_("Polarity"),
        choices=[("", _("Not set")), *Indicator.Polarity.choices],
        required=False,
    )
    weight = forms.CharField(label=_("Weight"), max_length=20, initial="1")
    renstra_target = ValueField(
        label=_("Renstra target (end of period)"),
        help_text=_("For the Evaluasi Renja; left empty, the report says it is not filled in"),
    )
    renstra_realised = ValueField(label=_("Renstra realisasi up to last year"))

    def __init__(self, *args, periods: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = list(periods)
        for period in self.periods:
            self.fields[self.period_field(period)] = ValueField(label=period_heading(period))

    @staticmethod
    def period_field(period: str) -> str:
        return f"target_{period}"

    def target_fields(self):
        """The bound fields of the period targets, in the plan's order (for the template)."""
        return [self[self.period_field(p)] for p in self.periods]

    def setting_fields(self):
        return [
            self[name]
            for name in (
                "target_mode",
                "aggregation",
                "polarity",
                "weight",
                "renstra_target",
                "renstra_realised",
            )
        ]

    def clean_weight(self) -> Decimal:
        quantity = parse_quantity(self.cleaned_data["weight"])
        if quantity is None or quantity.unit is not None or quantity.value <= 0:
            raise forms.ValidationError(_("A weight is a number more than 0."), code="invalid")
        weight = Decimal(str(quantity.value))
        if weight >= 10**5 or weight != weight.quantize(Decimal("0.001")):
            raise forms.ValidationError(
                _("A weight is below 100.000 with at most three decimals."), code="invalid"
            )
        return weight

    @classmethod
    def initial_for(cls, indicator: Indicator, targets: dict[str, core.Value]) -> dict:
        annual = (
            _number(indicator.annual_value)
            if indicator.annual_value is not None
            else (indicator.annual_text or None)
        )
        initial = {
            "objective": indicator.objective,
            "name": indicator.name,
            "unit": indicator.unit,
            "annual_target": format_value(annual),
            "person_in_charge": indicator.person_in_charge,
            "target_mode": indicator.target_mode,
            "aggregation": indicator.aggregation,
            "polarity": indicator.polarity,
            "weight": format_value(_number(indicator.weight)),
            "renstra_target": format_value(
                _number(indicator.renstra_target_value)
                if indicator.renstra_target_value is not None
                else (indicator.renstra_target_text or None)
            ),
            "renstra_realised": format_value(
                _number(indicator.renstra_realised_value)
                if indicator.renstra_realised_value is not None
                else (indicator.renstra_realised_text or None)
            ),
            "version": indicator.version,
        }
        for period, value in targets.items():
            initial[cls.period_field(period)] = format_value(value)
        return initial

    def service_kwargs(self) -> dict:
        """Keyword arguments for services.create_indicator / update_indicator."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "objective": data["objective"],
            "unit": data["unit"],
            "annual_target": data["annual_target"],
            "person_in_charge": data["person_in_charge"],
            "target_mode": data["target_mode"] or Indicator.TargetMode.CUMULATIVE,
            "aggregation": data["aggregation"],
            "polarity": data["polarity"],
            "weight": data["weight"],
            "renstra_target": data["renstra_target"],
            "renstra_realised": data["renstra_realised"],
        }

    def targets(self) -> dict[str, core.Value]:
        """Period → value for services.set_targets (None clears the period)."""
        return {p: self.cleaned_data[self.period_field(p)] for p in self.periods}


class NodeEditForm(NodeForm, VersionForm):
    """A node's fields, with the version of the node the form was opened on."""


class IndicatorEditForm(IndicatorForm, VersionForm):
    """An indicator's fields and targets, with the version of the indicator the form was opened on."""


class IndicatorSettingsForm(VersionForm):
    """An adopted plan's indicator: only the settings that say how capaian is computed."""

    aggregation = IndicatorForm.base_fields["aggregation"]
    polarity = IndicatorForm.base_fields["polarity"]

    def setting_fields(self):
        return [self["aggregation"], self["polarity"]]

    def settings(self) -> dict:
        return {
            "aggregation": self.cleaned_data["aggregation"],
            "polarity": self.cleaned_data["polarity"],
        }


class AdoptForm(forms.Form):
    """Penetapan: the decree's date and number, the person's confirmation, and the plan's
    ``edits`` as the page showed it (a plan changed since is not adopted unseen)."""

    adopted_on = forms.DateField(
        label=_("Date of the decree"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
    )
    decree_number = PlainTextField(
        label=_("Decree number"),
        max_length=DECREE_LENGTH,
        help_text=_("As the decree is numbered, for example 050/123/2022"),
    )
    confirm = forms.BooleanField(
        label=_(
            "I have checked this plan: once adopted, its structure and targets change only "
            "through a new revision (perubahan)."
        ),
        required=True,
    )
    edits = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def clean(self):
        cleaned = super().clean()
        if "edits" in self.errors:  # a hidden field: said where the person sees it
            del self.errors["edits"]
            self.add_error(
                None,
                _(
                    "This form does not say which state of the plan it was opened on: reload the page."
                ),
            )
        return cleaned
