"""Plans and their cascade: Plan (unit × year × version × revision), Node, Indicator, Target.

Targets are stored long: one row per indicator, kind (target or the document's realisasi) and
period. Writes go through ``services.py``; reads through ``selectors.py``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.plan import LEVELS
from ...core.text import PERSON_IN_CHARGE_LENGTH, UNIT_LENGTH
from ..accounts.models import Unit

LEVEL_CHOICES = [
    ("tujuan", _("Tujuan")),
    ("sasaran", _("Sasaran")),
    ("program", _("Program")),
    ("kegiatan", _("Kegiatan")),
    ("subkegiatan", _("Sub Kegiatan")),
]
assert [c for c, _label in LEVEL_CHOICES] == list(LEVELS)
LEVEL_LABELS = dict(LEVEL_CHOICES)  # level → its name in the active language (lazy)

# A decree's number ("050/123/2022", "188.4/45/Tahun 2022") is short; longer is a mistake.
DECREE_LENGTH = 100


class Plan(models.Model):
    class Version(models.TextChoices):
        MURNI = "murni", _("Murni (original)")
        PERUBAHAN = "perubahan", _("Perubahan (revised)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (not adopted)")
        # Adopted (ditetapkan) by the head or the kabupaten: structure and targets locked.
        FINAL = "final", _("Adopted")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.CharField(
        _("version"), max_length=12, choices=Version.choices, default=Version.MURNI
    )
    # Each import or copy of the same unit × year × version is a new revision; old ones are kept.
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    is_current = models.BooleanField(_("current"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # Penetapan (services.adopt_plan): the decree's date and number, who recorded it and when.
    # Once adopted (status FINAL), its structure and targets change only through a new revision.
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    decree_number = models.CharField(_("decree number"), max_length=DECREE_LENGTH, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adopted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    adopted_at = models.DateTimeField(_("adoption recorded at"), null=True, blank=True)
    # Bumped by every change of the plan's structure, targets or indicator settings
    # (services._refuse_if_adopted): the adoption form carries the count the page was shown
    # with, and a plan changed since is not adopted unseen.
    edits = models.PositiveIntegerField(default=0, editable=False)
    periods = models.JSONField(_("periods"), default=list)
    document_unit = models.CharField(_("unit as the document names it"), max_length=200, blank=True)
    source_name = models.CharField(_("source document"), max_length=255, blank=True)
    # What the importer met reading the source document (lines refer to that document).
    import_findings = models.JSONField(default=list, blank=True)
    # The revision this one replaced and took the year's work over from (carry-over).
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__name", "-year", "version", "-revision"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "version", "revision"], name="plan_revision_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.get_version_display()} r{self.revision}"

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.FINAL


class Node(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.CharField(_("level"), max_length=12, choices=LEVEL_CHOICES)
    code = models.CharField(_("code"), max_length=40, blank=True)
    number = models.CharField(_("number"), max_length=20, blank=True)
    name = models.TextField(_("name"))
    budget = models.DecimalField(
        _("budget (Rp)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    position = models.PositiveIntegerField(default=0)  # among its siblings
    source_line = models.PositiveIntegerField(null=True, blank=True)
    # The id of the node of the earliest revision this one was carried over from (None: this is
    # that node): a node's history reads across revisions by it.
    origin = models.PositiveBigIntegerField(null=True, blank=True, db_index=True, editable=False)
    # Bumped by every save of its edit form: a form carries the version it was opened with, and
    # a stale one is refused (services.StaleEdit) instead of overwriting a newer save.
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["plan", "parent", "position"])]

    def __str__(self) -> str:
        return self.name

    @property
    def lineage(self) -> int:
        """The id shared by this node and its forms in every revision (``origin``)."""
        return self.origin or self.pk


class Indicator(models.Model):
    class Polarity(models.TextChoices):
        POSITIVE = "positive", _("Higher is better")
        NEGATIVE = "negative", _("Lower is better")
        STABLE = "stable", _("Stable (optimum)")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum of periods")
        LAST = "last", _("Last value")
        AVERAGE = "average", _("Average")

    class TargetMode(models.TextChoices):
        CUMULATIVE = "cumulative", _("Cumulative")
        PER_PERIOD = "per_period", _("Per period")

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveIntegerField(default=0)
    objective = models.TextField(_("result statement (sasaran)"), blank=True)
    name = models.TextField(_("indicator"))
    unit = models.CharField(_("unit of measure (satuan)"), max_length=UNIT_LENGTH, blank=True)
    polarity = models.CharField(_("polarity"), max_length=10, choices=Polarity.choices, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, blank=True
    )
    target_mode = models.CharField(
        _("target mode"), max_length=12, choices=TargetMode.choices, default=TargetMode.CUMULATIVE
    )
    annual_value = models.DecimalField(
        _("annual target"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    annual_text = models.CharField(_("annual target (text)"), max_length=100, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=8, decimal_places=3, default=Decimal(1))
    # Who answers for the indicator (a position or a name, as the document's PENANGGUNG JAWAB
    # column gives it); printed in the Pemantauan.
    person_in_charge = models.CharField(
        _("person in charge (penanggung jawab)"), max_length=PERSON_IN_CHARGE_LENGTH, blank=True
    )
    # The Renstra's target at the end of its period and its realisasi up to last year, for the
    # Evaluasi Renja (columns 6 and 7, K): a number, or a text as written; empty when not given.
    renstra_target_value = models.DecimalField(
        _("Renstra target"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    renstra_target_text = models.CharField(_("Renstra target (text)"), max_length=100, blank=True)
    renstra_realised_value = models.DecimalField(
        _("Renstra realisasi up to last year"),
        max_digits=24,
        decimal_places=6,
        null=True,
        blank=True,
    )
    renstra_realised_text = models.CharField(
        _("Renstra realisasi up to last year (text)"), max_length=100, blank=True
    )
    # Settings guessed from the wording on import that a person has not confirmed yet
    # (["polarity"], ["aggregation"]); cleared when the indicator's settings are saved.
    to_confirm = models.JSONField(default=list, blank=True)
    source_line = models.PositiveIntegerField(null=True, blank=True)
    # The id of the indicator of the earliest revision this one was carried over from (None:
    # this is that indicator): its history reads across revisions by it.
    origin = models.PositiveBigIntegerField(null=True, blank=True, db_index=True, editable=False)
    # Bumped by every save of its fields or its targets (the edit form holds both): a form opened
    # before is refused (services.StaleEdit) instead of overwriting the newer save.
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def lineage(self) -> int:
        """The id shared by this indicator and its forms in every revision (``origin``)."""
        return self.origin or self.pk


class Target(models.Model):
    """One value of one indicator for one period: a target, or a realisasi the document reported."""

    class Kind(models.TextChoices):
        TARGET = "target", _("Target")
        ACTUAL = "actual", _("Realisasi")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.TARGET)
    period = models.CharField(_("period"), max_length=8)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6, null=True, blank=True)
    text = models.CharField(_("text value"), max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "kind", "period"], name="target_unique_period"
            )
        ]


class LayoutTemplate(models.Model):
    """A person's correction of how a layout is read, kept to read the next document of it.

    Made when an import that a person corrected is confirmed: one per corrected table layout (its
    header ``fingerprint``), with the column roles given to it, the row levels and exclusions made
    in it keyed by the rows' text, and the header row the person marked (by its text, so that the
    same header is found in the next document whatever its line). ``mapping`` is in the
    importer's form (``importers.mapping``: tables by fingerprint, rows by text). The next upload
    by the unit, or by any unit of the kabupaten, whose tables have this fingerprint (or this
    header row) is read with it applied; the unit's own templates come first. Kept as an audit:
    who saved each one, when, from which document.
    """

    kabupaten = models.ForeignKey(
        Unit, verbose_name=_("kabupaten"), on_delete=models.CASCADE, related_name="+"
    )
    # The unit whose import made it; empty: made for the whole kabupaten (in the admin).
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="layout_templates",
    )
    fingerprint = models.CharField(_("header fingerprint"), max_length=64)
    header_text = models.CharField(_("header row marked"), max_length=500, blank=True)
    mapping = models.JSONField(_("correction"), default=dict)
    source_name = models.CharField(_("made on the document"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("layout template")
        verbose_name_plural = _("layout templates")
        indexes = [models.Index(fields=["kabupaten", "created_at"])]

    def __str__(self) -> str:
        return f"{self.unit or self.kabupaten} {self.fingerprint}"


def _upload_to(instance: ImportSession, filename: str) -> str:
    # A generated name: the person's file name is kept for display only, never as a path.
    return f"imports/{instance.id}.bin"


class ImportSession(models.Model):
    """An uploaded document read into a plan, waiting for its preview to be confirmed or cancelled.

    An upload starts ``reading``: the file is kept (``file``) and a task reads it in the worker
    (``tasks.read_import``); the reading becomes ``pending`` (the preview) or ``failed`` (the
    reader's one line in ``read_error``), and the file is removed.
    """

    class Status(models.TextChoices):
        READING = "reading", _("Being read")
        FAILED = "failed", _("Could not be read")
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Saved")
        CANCELLED = "cancelled", _("Cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="imports")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.CharField(_("version"), max_length=12, choices=Plan.Version.choices)
    source_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(upload_to=_upload_to, blank=True)
    plan_json = models.JSONField(default=dict)
    # The document as read (``importers.Grid.to_dict()``), kept while the import waits so that a
    # correction reads it again without the file; dropped on confirm or cancel. None for a plan
    # JSON file, or a document too large to correct in the browser (see services.MAX_GRID_*).
    grid = models.JSONField(null=True, blank=True)
    # What the importer read (``importers.Reading.to_dict()``) and the correction it read with
    # (``importers.Mapping.to_dict()``: a person's, and the layout templates applied).
    reading = models.JSONField(default=dict, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    # The importer's one line when the current reading found no plan table (nothing to confirm);
    # with the status ``failed``, the reason the document could not be read at all.
    read_error = models.CharField(max_length=500, blank=True)
    # When the worker began reading the upload (None while it waits in the queue): a reading that
    # outlives the reader's time limit is shown as failed (services.expire_reading).
    read_started_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every correction: a form carries the number it was rendered with, and a stale
    # one (the reading changed since) is refused instead of overwriting the newer correction.
    edits = models.PositiveIntegerField(default=0)
    # A person corrected the reading (a template is kept when it is confirmed).
    corrected = models.BooleanField(default=False)
    templates = models.ManyToManyField(LayoutTemplate, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
