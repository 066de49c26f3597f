from django.contrib import admin

from saferplaces.incidents.models import IncidentShare


@admin.register(IncidentShare)
class IncidentShareAdmin(admin.ModelAdmin):
    """Sharing a case with a partner organisation (the review workflow will do this from the case)."""

    list_display = ("incident", "organisation", "shared_by", "shared_at")
    raw_id_fields = ("incident",)
