"""Admin for the audit log: superusers find and read entries; nobody adds, changes or deletes one
(docs/security.md, "Audit log")."""

from __future__ import annotations

from django.contrib import admin

from .models import History


@admin.register(History)
class HistoryAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "unit", "kind", "subject", "period", "field", "old", "new")
    list_filter = ("kind", "unit__parent", "unit")
    search_fields = ("subject", "unit_name", "user__username", "field", "old", "new", "reason")
    list_select_related = ("user", "unit")
    date_hierarchy = "at"
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
