"""Quarterly monitoring: realisasi with narrative and evidence, the report workflow, deadlines,
history, and the kabupaten's capaian settings.

A unit reports, per plan and period, one Realisation per indicator (value, kendala, faktor
pendukung, tindak lanjut, evidence) and optionally the budget spent per sub kegiatan. The period's
Report moves draft → submitted → returned → submitted … → verified; verified periods are locked
(an administrator can unlock one, with a reason). Lateness is recorded at the first submission.
Every change is kept in History (who, when, old → new, reason); changes of the kabupaten's due
dates, which belong to no plan, in DeadlineChange.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..accounts.models import Unit
from ..plans.models import Indicator, Node, Plan


class Report(models.Model):
    """One unit's report of one plan for one period, and where it stands in the workflow."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        VERIFIED = "verified", _("Verified")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("period"), max_length=8)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewer_note = models.TextField(_("reviewer's note"), blank=True)
    # Lateness, recorded once at the FIRST submission and never recomputed (docs/lifecycle.md,
    # "Lateness"): a return, a resubmission, a verification or a due date moved later keep it.
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    due_at_submission = models.DateField(_("due date at submission"), null=True, blank=True)
    days_late = models.PositiveIntegerField(_("days late"), null=True, blank=True)
    # The last unlock (who, when, why), while it is the report's latest decision: a return or a
    # verification after it clears these fields (the history keeps every unlock).
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unlocked_at = models.DateTimeField(null=True, blank=True)
    unlock_reason = models.TextField(_("reason for unlocking"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="report_per_period")]

    @property
    def locked(self) -> bool:
        return self.state == self.State.VERIFIED

    @property
    def submitted_late(self) -> bool:
        """Was the first submission after the due date then in force?"""
        return bool(self.days_late)

    @property
    def reopened(self) -> bool:
        """Is the report open again because an administrator unlocked it (no review since)?"""
        return self.unlocked_at is not None and self.state != self.State.VERIFIED


class Realisation(models.Model):
    """What a unit achieved for one indicator in one period, with its narrative."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="realisations")
    period = models.CharField(_("period"), max_length=8)
    value = models.DecimalField(
        _("realisasi"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    text = models.CharField(_("realisasi (text)"), max_length=100, blank=True)
    obstacles = models.TextField(_("kendala / hambatan"), blank=True)
    supporting_factors = models.TextField(_("faktor pendukung"), blank=True)
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    # Optimistic concurrency: a save names the version it started from; a newer one wins nothing.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="realisation_per_period")
        ]


class BudgetSpent(models.Model):
    """Budget spent (realisasi anggaran) of a node, usually a sub kegiatan, up to a period."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="spending")
    period = models.CharField(_("period"), max_length=8)
    amount = models.DecimalField(_("spent (Rp)"), max_digits=18, decimal_places=2)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["node", "period"], name="spent_per_period")]


def _evidence_path(instance: Evidence, filename: str) -> str:
    # A generated name under the media root (outside the static root); the person's file name is
    # kept in ``original_name`` for display only, never used as a path.
    return f"evidence/{instance.plan_id}/{instance.id.hex}"


class Evidence(models.Model):
    """Bukti dukung: a file or a link supporting one realisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="evidence")
    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=_evidence_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    link = models.URLField(_("link"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)


class HistoryQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionDenied("audit log entries cannot be deleted")


class History(models.Model):
    """One entry of the audit log: who, when, what (old → new), why, in which unit.

    Every write service records here (``renaksi.web.audit.record``), as do logins, failed logins
    and logouts. Entries outlive what they are about (plan, node, indicator, unit, user: the
    links are cleared, ``subject`` and ``unit_name`` name it) and cannot be deleted through the
    application: ``delete()`` raises, on a row and on a queryset.
    """

    class Kind(models.TextChoices):
        TARGET = "target", _("Target")
        REALISATION = "realisation", _("Realisasi")
        SETTING = "setting", _("Setting")
        STATE = "state", _("Workflow")
        EVIDENCE = "evidence", _("Evidence")
        BUDGET = "budget", _("Budget spent")
        STRUCTURE = "structure", _("Plan structure")
        IMPORT = "import", _("Import")
        ADOPTION = "adoption", _("Adoption (penetapan)")
        REPORTS = "reports", _("Report settings and workbooks")
        DEADLINE = "deadline", _("Due date")
        ACCOUNT = "account", _("Account")
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logout")

    # A deleted plan, indicator or node leaves its history: the link is cleared, ``subject`` names
    # it.
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="history"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit_name = models.CharField(max_length=200, blank=True)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="history"
    )
    node = models.ForeignKey(
        Node, null=True, blank=True, on_delete=models.SET_NULL, related_name="history"
    )
    subject = models.CharField(max_length=500, blank=True)
    period = models.CharField(max_length=8, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    field = models.CharField(max_length=40)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    objects = HistoryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["indicator", "-at"]),
            models.Index(fields=["plan", "period"]),
            models.Index(fields=["unit", "-at"]),
            models.Index(fields=["-at", "-id"], name="history_at"),
        ]

    def delete(self, *args, **kwargs):
        raise PermissionDenied("audit log entries cannot be deleted")


class Deadline(models.Model):
    """When a kabupaten's units must have submitted a period of a year."""

    kabupaten = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="deadlines")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=8)
    due = models.DateField(_("due date"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kabupaten", "year", "period"], name="deadline_per_period"
            )
        ]


class DeadlineChange(models.Model):
    """One change of a kabupaten's due date: set (no old date), moved, or removed (no new date);
    who and when. History belongs to a plan, a due date to the kabupaten: its trail is kept here,
    and outlives the due date it is about."""

    kabupaten = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="deadline_changes")
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=8)
    old = models.DateField(_("old due date"), null=True, blank=True)
    new = models.DateField(_("new due date"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["kabupaten", "-at"])]


class AchievementSettings(models.Model):
    """A kabupaten's capaian settings: the cap and the category bands (default Permendagri 86/2017)."""

    kabupaten = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="achievement_settings"
    )
    cap = models.DecimalField(_("cap (%)"), max_digits=6, decimal_places=2, default=100)
    # [[minimum, key, label], …] from the highest minimum down; the last minimum is null (-inf).
    bands = models.JSONField(_("category bands"), default=list, blank=True)


class RealisationUpload(models.Model):
    """A quarter's sheet filled in offline (xlsx) and uploaded, waiting for its preview to be
    confirmed (``services.stage_realisation_upload`` → ``services.apply_realisation_upload``).

    ``changes`` holds only the rows whose cells differ from what the period holds, each with the
    version its row had when the workbook was downloaded (the optimistic lock of the page's form);
    ``errors`` the cells that could not be read (row, column, message). Nothing of the plan
    changes until the person confirms; then every change is saved in one transaction, or none.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        APPLIED = "applied", _("Saved")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("period"), max_length=8)
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    # [{"row": 12, "indicator": 5, "version": 3 | None, "fields": {"value": …, …}}, …] and
    # [{"row": 4, "node": 7, "version": 1 | None, "spent": "1500000.00" | None}, …]
    changes = models.JSONField(default=list, blank=True)
    spent_changes = models.JSONField(default=list, blank=True)
    # [{"row": 12, "column": "Realisasi", "message": "…"}, …]
    errors = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
