from django.contrib import admin

from saferplaces.reports.models import Stats19Collision, SuppliedUpload


@admin.register(SuppliedUpload)
class SuppliedUploadAdmin(admin.ModelAdmin):
    """Who loaded which force-supplied table, and for which months (read-only: upload a new file)."""

    list_display = ("uploaded_at", "kind", "file_name", "rows", "first_month", "last_month", "uploaded_by")
    list_filter = ("kind",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Stats19Collision)
class Stats19CollisionAdmin(admin.ModelAdmin):
    list_display = ("collision_index", "date", "severity", "local_authority_ons_district")
    list_filter = ("collision_year", "severity")
    search_fields = ("collision_index",)
