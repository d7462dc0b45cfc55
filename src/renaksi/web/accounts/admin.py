"""Admin for units and people's roles (staff and superusers only, as Django's admin is)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Profile, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "bidang_code")
    list_filter = ("kind", "parent")
    search_fields = ("name", "bidang_code")
    list_select_related = ("parent",)
    ordering = ("parent__name", "name")
    fieldsets = (
        (None, {"fields": ("name", "kind", "parent", "bidang_code")}),
        (
            _("Signature of reports"),
            {"fields": ("signature_place", "head_position", "head_name", "head_nip", "paper")},
        ),
    )


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fk_name = "user"
    autocomplete_fields = ("unit",)
    verbose_name = _("role in Renaksi")
    verbose_name_plural = _("role in Renaksi")


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = (ProfileInline,)
    list_display = ("username", "first_name", "last_name", "role", "unit", "is_active", "is_staff")
    list_select_related = ("profile", "profile__unit")
    list_filter = ("profile__role", "is_active", "is_staff", "is_superuser")

    @admin.display(description=_("role"), ordering="profile__role")
    def role(self, user) -> str:
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else ""

    @admin.display(description=_("unit"), ordering="profile__unit__name")
    def unit(self, user) -> str:
        profile = getattr(user, "profile", None)
        return profile.unit.name if profile else ""
