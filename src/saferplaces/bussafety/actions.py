"""Every write to bus safety reports: one transaction each, with its audit row (never free text)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.bussafety.models import BusReport, FollowUp, Reply
from saferplaces.bussafety.places import place_point
from saferplaces.casereviews.references import new_reference

REFERENCE_PREFIX = "BUS"
OBJECT = "bus_report"


class ActionError(ValueError):
    """A write refused because of the report's state."""


def submit_report(answers: dict[str, Any], *, request: HttpRequest | None = None) -> BusReport:
    """Store a passenger's report (the cleaned answers of every page) and give it a reference.

    The district comes from the map point when one was picked inside the force's LSOAs, else from
    the route's own district, else none (seen by the whole team).
    """
    route = answers.get("route")
    lat, lon = answers.get("latitude"), answers.get("longitude")
    placed = place_point(lon, lat) if lat is not None and lon is not None else None
    district_id = (placed.district_id if placed else None) or (route.district_id if route else None)
    wants_reply = answers.get("wants_reply") == "yes"
    fields = {
        "received_at": timezone.now(),
        "route": route,
        "route_text": "" if route else answers.get("route_text", "").strip(),
        "place": answers["place"],
        "latitude": lat,
        "longitude": lon,
        "easting": placed.easting if placed else None,
        "northing": placed.northing if placed else None,
        "lsoa_id": placed.lsoa_id if placed else None,
        "district_id": district_id,
        "occurred_on": answers["occurred_on"],
        "occurred_time": answers.get("occurred_time"),
        "description": answers.get("description", ""),
        "wants_reply": wants_reply,
        "contact_name": answers.get("contact_name", "") if wants_reply else "",
        "contact_email": answers.get("contact_email", "") if wants_reply else "",
        "contact_phone": answers.get("contact_phone", "") if wants_reply else "",
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():
                report = BusReport.objects.create(reference=new_reference(REFERENCE_PREFIX), **fields)
                report.concerns.set(answers["concerns"])
                audit(
                    AuditEvent.Action.CREATE,
                    request=request,
                    object_type=OBJECT,
                    object_id=report.reference,
                    district_id=district_id,
                    source="public form",
                    wants_reply=wants_reply,
                )
                return report
        except IntegrityError:  # a reference clash (about one in 10^12): draw again
            continue
    raise RuntimeError("could not draw a free reference number")


def _audit(action: str, report: BusReport, user: User, request: HttpRequest | None, **detail: Any) -> None:
    audit(
        action,
        user=user,
        request=request,
        object_type=OBJECT,
        object_id=report.reference,
        district_id=report.district_id,
        **detail,
    )


def add_note(report: BusReport, user: User, text: str, *, request: HttpRequest | None = None) -> FollowUp:
    with transaction.atomic():
        note = FollowUp.objects.create(report=report, author=user, text=text)
        if report.status == BusReport.Status.NEW:
            BusReport.objects.filter(pk=report.pk).update(status=BusReport.Status.IN_PROGRESS)
        _audit(AuditEvent.Action.CREATE, report, user, request, change="note", note=note.pk)
    return note


def record_reply(
    report: BusReport, user: User, *, channel: str, text: str, request: HttpRequest | None = None
) -> Reply:
    """Record a reply given to the passenger. Nothing is sent from here: the team replies itself."""
    if not report.wants_reply:
        raise ActionError("This passenger did not ask for a reply.")
    with transaction.atomic():
        reply = Reply.objects.create(report=report, author=user, channel=channel, text=text)
        if report.status == BusReport.Status.NEW:
            BusReport.objects.filter(pk=report.pk).update(status=BusReport.Status.IN_PROGRESS)
        _audit(
            AuditEvent.Action.CREATE, report, user, request, change="reply", reply=reply.pk, channel=channel
        )
    return reply


def set_status(
    report: BusReport, user: User, status: str, *, request: HttpRequest | None = None
) -> BusReport:
    if status not in BusReport.Status.values:
        raise ActionError(f"Unknown status {status!r}.")
    with transaction.atomic():
        before = report.status
        report.status = status
        report.save(update_fields=["status"])
        _audit(AuditEvent.Action.UPDATE, report, user, request, change="status", before=before, after=status)
    return report
