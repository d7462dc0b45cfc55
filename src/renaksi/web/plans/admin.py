"""Admin for plans: a read-mostly list to find and inspect plans; changes go through the pages.

Plans are made by importing, changed in the plan editor and adopted on the plan page (all through
the services, so the cascade stays consistent and every change is in the audit log); here staff
can only find them, see them or remove one. Their status is not set here: an adoption needs its
decree (services.adopt_plan), and an adopted plan is changed only through a new revision.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ...importers import Mapping, MappingError
from .models import LayoutTemplate, Plan


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
        "adopted_on",
        "decree_number",
        "adopted_by",
        "adopted_at",
        "periods",
        "document_unit",
        "source_name",
        "created_by",
        "created_at",
        "updated_at",
        "page",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False  # a plan comes from an import or the editor, never from a blank form

    @admin.display(description=_("plan page"))
    def page(self, plan: Plan) -> str:
        return format_html('<a href="{}">{}</a>', reverse("plan_detail", args=[plan.pk]), _("open"))


class LayoutTemplateForm(forms.ModelForm):
    class Meta:
        model = LayoutTemplate
        fields = ("kabupaten", "unit", "fingerprint", "header_text", "mapping", "source_name")

    def clean_mapping(self):
        data = self.cleaned_data["mapping"]
        try:
            Mapping.from_dict(data)
        except MappingError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data

    def clean(self):
        cleaned = super().clean()
        unit, kabupaten = cleaned.get("unit"), cleaned.get("kabupaten")
        if unit is not None and kabupaten is not None and unit.parent_id != kabupaten.pk:
            raise forms.ValidationError(_("The unit is not in this kabupaten."))
        return cleaned


@admin.register(LayoutTemplate)
class LayoutTemplateAdmin(admin.ModelAdmin):
    """Layout templates: kept when a corrected import is confirmed (who, when, from which
    document). Here staff look them up, mend or remove a wrong one, or make one for the whole
    kabupaten (no unit)."""

    form = LayoutTemplateForm
    list_display = (
        "kabupaten",
        "unit",
        "fingerprint",
        "header_text",
        "source_name",
        "created_by",
        "created_at",
    )
    list_filter = ("kabupaten", "unit")
    search_fields = ("fingerprint", "header_text", "source_name", "unit__name")
    list_select_related = ("kabupaten", "unit", "created_by")
    date_hierarchy = "created_at"
    readonly_fields = ("created_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
