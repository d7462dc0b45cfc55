"""Admin for the kabupaten workbooks: the jobs and every request for one, to read (the record of
who asked, when, and what came of it); nothing is added or changed here."""

from __future__ import annotations

from django.contrib import admin

from .models import ReportJob, ReportRequest


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportJob)
class ReportJobAdmin(ReadOnly):
    list_display = (
        "kabupaten",
        "year",
        "status",
        "requested_by",
        "created_at",
        "finished_at",
        "size",
        "removed_at",
    )
    list_filter = ("status", "year", "kabupaten")
    list_select_related = ("kabupaten", "requested_by")
    date_hierarchy = "created_at"


@admin.register(ReportRequest)
class ReportRequestAdmin(ReadOnly):
    list_display = ("requested_at", "kabupaten", "year", "requested_by", "outcome", "job")
    list_filter = ("outcome", "year", "kabupaten")
    list_select_related = ("kabupaten", "requested_by", "job")
    date_hierarchy = "requested_at"
