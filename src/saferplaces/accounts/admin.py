from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from saferplaces.accounts.models import Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "organisation", "is_active")
    list_filter = ("role", "districts", "organisation", "is_active")
    filter_horizontal = ("districts", "groups", "user_permissions")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (
            "Safer Places",
            {"fields": ("role", "districts", "organisation", "collar_number", "team", "may_see_people")},
        ),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
