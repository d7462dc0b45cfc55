"""Units (the kabupaten and its dinas, badan, kecamatan) and the role each account has.

The unit tree is kabupaten → units. A person's role decides what they may do, and ``access.py``
is the one place that reads it: a kabupaten administrator edits every unit of the kabupaten, a unit
operator edits their own unit, a unit head reads their own unit (and will verify), the
inspectorate reads every unit of the kabupaten and changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ...reports import PAPERS


class Unit(models.Model):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten/Kota")
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        KECAMATAN = "kecamatan", _("Kecamatan")
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        OTHER = "other", _("Other unit")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DINAS)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kabupaten"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    # The bidang code of the nomenclature the unit's programs come under ("7.01" for kecamatan).
    bidang_code = models.CharField(_("bidang code"), max_length=10, blank=True)
    # Who signs the unit's reports: "Kaligondang, 29 November 2026 / Camat Kaligondang / name / NIP".
    signature_place = models.CharField(
        _("signature place"),
        max_length=100,
        blank=True,
        help_text=_("Where reports are signed, printed before the date: Kaligondang"),
    )
    head_name = models.CharField(_("head's name"), max_length=200, blank=True)
    head_position = models.CharField(
        _("head's position"),
        max_length=200,
        blank=True,
        help_text=_("As printed above the signature: Camat Kaligondang"),
    )
    head_nip = models.CharField(_("head's NIP"), max_length=30, blank=True)
    # The paper the unit prints its reports on (and, for a kabupaten, its consolidated workbook).
    paper = models.CharField(
        _("paper"),
        max_length=2,
        # A4 and F4 only: A3 is chosen per download for the wide forms, not as a unit's paper.
        choices=[
            (name, f"{name} ({short} × {long} mm)")
            for name, (short, long) in PAPERS.items()
            if name in ("A4", "F4")
        ],
        default="A4",
        help_text=_("The paper reports are laid out on, in every format"),
    )
    # Bumped by every save of the report settings form: a form opened before is refused
    # (reportjobs.services.update_report_settings) instead of overwriting the newer save.
    settings_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_in_kabupaten")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kabupaten(self) -> Unit:
        """The kabupaten this unit belongs to (itself for a kabupaten)."""
        return self if self.parent_id is None else self.parent


class Role(models.TextChoices):
    ADMIN = "admin", _("Kabupaten administrator")
    OPERATOR = "operator", _("Unit operator")
    HEAD = "head", _("Unit head")
    INSPECTOR = "inspector", _("Inspectorate")


class Profile(models.Model):
    """A person's role and the unit it applies to.

    Administrators and inspectors hold the kabupaten as their unit (their scope is every unit of
    it); operators and heads hold their own unit.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="profiles"
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    nip = models.CharField(_("NIP"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.unit})"
