"""Admin for plans: a read-mostly list to find and inspect plans; changes go through the pages.

Plans are made by importing and changed in the plan editor (both through the services, so the
cascade stays consistent); here staff can only find them, see them, mark their status or remove
one.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import Plan


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = (
        "unit",
        "year",
        "version",
        "revision",
        "is_current",
        "status",
        "source_name",
        "created_at",
        "page",
    )
    list_filter = ("year", "version", "is_current", "status", "unit__parent", "unit")
    search_fields = ("unit__name", "source_name", "document_unit")
    list_select_related = ("unit",)
    date_hierarchy = "created_at"
    ordering = ("unit__name", "-year", "version", "-revision")
    fields = (
        "unit",
        "year",
        "version",
        "revision",
        "is_current",
        "status",
        "periods",
        "document_unit",
        "source_name",
        "created_by",
        "created_at",
        "updated_at",
        "page",
    )
    readonly_fields = tuple(f for f in fields if f != "status")

    def has_add_permission(self, request) -> bool:
        return False  # a plan comes from an import or the editor, never from a blank form

    @admin.display(description=_("plan page"))
    def page(self, plan: Plan) -> str:
        return format_html('<a href="{}">{}</a>', reverse("plan_detail", args=[plan.pk]), _("open"))
