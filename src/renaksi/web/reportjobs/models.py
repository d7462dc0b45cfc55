"""A kabupaten workbook being built in the background: who asked, its state, the file when done;
and every request for one, with what came of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..accounts.models import Unit


class ReportJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("being built")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    kabupaten = models.ForeignKey(
        Unit, verbose_name=_("kabupaten"), on_delete=models.CASCADE, related_name="report_jobs"
    )
    year = models.PositiveIntegerField(_("year"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # A generated name under MEDIA_ROOT (reports/<uuid>.xlsx): never a name a person typed.
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # What the workbook is built with besides the plans (the report settings of the kabupaten and
    # its units): a request with the same while this job waits or is built joins it.
    settings_key = models.CharField(_("settings"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True)
    # When its file was removed (an old workbook: RENAKSI_REPORT_KEEP, RENAKSI_REPORT_KEEP_DAYS).
    removed_at = models.DateTimeField(_("file removed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self) -> str:
        return f"{self.kabupaten} {self.year} ({self.status})"

    @property
    def download_name(self) -> str:
        from django.utils.text import slugify

        return f"rencana-aksi-{self.year}-{slugify(self.kabupaten.name) or 'kabupaten'}.xlsx"


class ReportRequest(models.Model):
    """One click on *Build the workbook*: who, when, for what, and what came of it."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("new job")
        JOINED = "joined", _("joined a job already waiting or being built")
        REFUSED = "refused", _("refused: too many jobs waiting")

    kabupaten = models.ForeignKey(
        Unit, verbose_name=_("kabupaten"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    job = models.ForeignKey(
        ReportJob,
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("workbook request")
        verbose_name_plural = _("workbook requests")

    def __str__(self) -> str:
        return f"{self.kabupaten} {self.year} {self.outcome}"
