from django.contrib import admin
from django.http import HttpRequest

from saferplaces.tracker.models import TrackerSettings


@admin.register(TrackerSettings)
class TrackerSettingsAdmin(admin.ModelAdmin):
    """The tracker's local rules.

    Victims' data is deliberately not in the admin: it is seen, and audited, on the staff pages.
    """

    list_display = ("__str__", "update_working_days", "enhanced_update_working_days", "response_working_days")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not TrackerSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
