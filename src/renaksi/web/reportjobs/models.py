"""A kabupaten workbook being built in the background: who asked, its state, the file when done."""

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
