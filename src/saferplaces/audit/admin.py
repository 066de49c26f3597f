"""The audit log in the admin: searchable, filterable, exportable as CSV, and never editable."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from saferplaces.audit.log import record
from saferplaces.audit.models import AuditEvent


@admin.action(description="Export the selected events as CSV")
def export_csv(modeladmin: Any, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> HttpResponse:
    record(AuditEvent.Action.EXPORT, request=request, object_type="audit_log", rows=queryset.count())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["at", "username", "action", "object_type", "object_id", "district", "ip_address", "detail"]
    )
    for e in queryset.select_related("district").iterator():
        writer.writerow(
            [
                e.at.isoformat(),
                e.username,
                e.action,
                e.object_type,
                e.object_id,
                e.district.name if e.district else "",
                e.ip_address or "",
                e.detail,
            ]
        )
    return response


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "username", "action", "object_type", "object_id", "district", "ip_address")
    list_filter = ("action", "object_type", "district")
    search_fields = ("username", "object_id")
    date_hierarchy = "at"
    actions = [export_csv]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
