from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.incidents.models import IncidentShare


@admin.register(IncidentShare)
class IncidentShareAdmin(admin.ModelAdmin):
    """Sharing a case with a partner organisation (the review workflow will do this from the case)."""

    list_display = ("incident", "organisation", "shared_by", "shared_at")
    raw_id_fields = ("incident",)
    exclude = ("shared_by",)

    def save_model(self, request: HttpRequest, obj: IncidentShare, form: Any, change: bool) -> None:
        obj.shared_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
        audit(
            AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE,
            request=request,
            object_type="incident",
            object_id=obj.incident.reference,
            district_id=obj.incident.district_id,
            shared_with=obj.organisation.name,
        )

    def delete_model(self, request: HttpRequest, obj: IncidentShare) -> None:
        audit(
            AuditEvent.Action.DELETE,
            request=request,
            object_type="incident",
            object_id=obj.incident.reference,
            district_id=obj.incident.district_id,
            unshared_from=obj.organisation.name,
        )
        super().delete_model(request, obj)
