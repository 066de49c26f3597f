"""Every write the tracker makes: one transaction each, with its audit row.

Audit rows name the tracked crime by its id and the district; they never hold a victim's name,
contact, message or property details.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from saferplaces.accounts.models import User
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.tracker import codes
from saferplaces.tracker.models import (
    FINAL_STATUSES,
    CodeEvent,
    Message,
    PropertyItem,
    Status,
    StatusChange,
    TrackedCrime,
    TrackerSettings,
    UsageCount,
    normalise_reference,
)
from saferplaces.tracker.workingdays import add_working_days

OBJECT_TYPE = "tracked_crime"


def _audit(action: str, crime: TrackedCrime, request: HttpRequest | None, **detail: Any) -> None:
    audit(
        action,
        request=request,
        object_type=OBJECT_TYPE,
        object_id=crime.pk,
        district_id=crime.district_id,
        **detail,
    )


def count_use(kind: str, when: datetime | None = None) -> None:
    """Add one to this month's count of ``kind`` (a ``UsageCount.Kind``)."""
    month = timezone.localdate(when or timezone.now()).replace(day=1)
    with transaction.atomic():
        if UsageCount.objects.filter(month=month, kind=kind).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                UsageCount.objects.create(month=month, kind=kind, count=1)
        except IntegrityError:  # another request opened the month first
            UsageCount.objects.filter(month=month, kind=kind).update(count=F("count") + 1)


def update_due_on(crime: TrackedCrime, occurred_on: date, rules: TrackerSettings | None = None) -> date:
    """The Victims' Code deadline: 5 working days after the event, 1 for enhanced rights."""
    rules = rules or TrackerSettings.load()
    days = rules.enhanced_update_working_days if crime.enhanced_rights else rules.update_working_days
    return add_working_days(occurred_on, days)


@dataclass(frozen=True)
class NewTrackedCrime:
    crime_reference: str
    district_id: int
    victim_name: str
    victim_email: str
    victim_phone: str
    enhanced_reason: str
    officer: User


def do_create_tracked_crime(
    data: NewTrackedCrime, *, by: User, request: HttpRequest | None = None
) -> tuple[TrackedCrime, str]:
    """Record a tracked crime and issue its first access code; returns the crime and the code.

    The code is returned once, to be shown to the member of staff; only its hash is kept.
    """
    code = codes.generate_code()
    with transaction.atomic():
        crime = TrackedCrime.objects.create(
            crime_reference=normalise_reference(data.crime_reference),
            district_id=data.district_id,
            victim_name=data.victim_name,
            victim_email=data.victim_email,
            victim_phone=data.victim_phone,
            enhanced_reason=data.enhanced_reason,
            officer=data.officer,
            created_by=by,
            access_code_hash=codes.hash_code(code),
            code_issued_at=timezone.now(),
        )
        StatusChange.objects.create(crime=crime, status=Status.RECORDED, changed_by=by)
        _audit(AuditEvent.Action.CREATE, crime, request, user=by, code_issued=True)
    return crime, code


def do_reissue_access_code(crime: TrackedCrime, *, by: User, request: HttpRequest | None = None) -> str:
    """Replace the crime's access code (the old one stops working at once) and clear any lockout."""
    code = codes.generate_code()
    with transaction.atomic():
        TrackedCrime.objects.filter(pk=crime.pk).update(
            access_code_hash=codes.hash_code(code),
            code_issued_at=timezone.now(),
            failed_attempts=0,
            locked_until=None,
        )
        _audit(AuditEvent.Action.UPDATE, crime, request, user=by, code_reissued=True)
    crime.refresh_from_db()
    return code


def do_attempt_sign_in(
    reference: str, typed_code: str, *, request: HttpRequest | None = None
) -> TrackedCrime | None:
    """The tracked crime if the reference and code match and it is not locked, else None.

    Every path does one hash computation (a throwaway one when the reference is unknown), so the
    caller cannot tell an unknown reference from a wrong code or a locked crime by time or answer.
    """
    crime = TrackedCrime.objects.filter(crime_reference=normalise_reference(reference)).first()
    if crime is None:
        codes.spend_hash_time(typed_code)
        return None
    stored_hash = crime.access_code_hash
    upgraded: list[str] = []
    matches = codes.verify_code(typed_code, stored_hash, on_upgrade=upgraded.append)
    rules = TrackerSettings.load()
    with transaction.atomic():
        crime = TrackedCrime.objects.select_for_update().get(pk=crime.pk)
        now = timezone.now()
        if crime.locked_until is not None and crime.locked_until > now:
            _audit(AuditEvent.Action.LOGIN_FAILED, crime, request, reason="locked")
            return None
        # A code re-issued while we were hashing must not let the old one in.
        if matches and crime.access_code_hash == stored_hash:
            crime.failed_attempts = 0
            crime.locked_until = None
            if upgraded:
                crime.access_code_hash = codes.hash_code(upgraded[0])
            crime.save(update_fields=["failed_attempts", "locked_until", "access_code_hash"])
            count_use(UsageCount.Kind.SIGN_IN, now)
            _audit(AuditEvent.Action.LOGIN, crime, request, actor="victim")
            return crime
        crime.failed_attempts += 1
        locked = crime.failed_attempts >= rules.max_failed_attempts
        if locked:
            crime.locked_until = now + timedelta(minutes=rules.lockout_minutes)
            crime.failed_attempts = 0
        crime.save(update_fields=["failed_attempts", "locked_until"])
        _audit(AuditEvent.Action.LOGIN_FAILED, crime, request, reason="wrong code", locked=locked)
    return None


def do_change_status(
    crime: TrackedCrime, status: str, note: str, *, by: User, request: HttpRequest | None = None
) -> StatusChange:
    """Move the crime to ``status`` with a note for the victim; a final status starts retention."""
    with transaction.atomic():
        previous = crime.status
        crime.status = status
        if status in FINAL_STATUSES:
            crime.closed_at = crime.closed_at if previous in FINAL_STATUSES else timezone.now()
        else:
            crime.closed_at = None
        crime.save(update_fields=["status", "closed_at"])
        change = StatusChange.objects.create(crime=crime, status=status, note=note, changed_by=by)
        _audit(AuditEvent.Action.UPDATE, crime, request, user=by, status_from=previous, status_to=status)
    return change


def do_record_code_event(
    crime: TrackedCrime,
    kind: str,
    occurred_on: date,
    update_text: str = "",
    *,
    by: User,
    request: HttpRequest | None = None,
) -> CodeEvent:
    """Record an event under the Victims' Code; with ``update_text`` the victim is told at once."""
    with transaction.atomic():
        event = CodeEvent.objects.create(
            crime=crime,
            kind=kind,
            occurred_on=occurred_on,
            due_on=update_due_on(crime, occurred_on),
            recorded_by=by,
        )
        if update_text:
            event.update_text = update_text
            event.update_given_at = timezone.now()
            event.update_given_by = by
            event.save(update_fields=["update_text", "update_given_at", "update_given_by"])
        _audit(
            AuditEvent.Action.CREATE,
            crime,
            request,
            user=by,
            code_event=event.pk,
            kind=kind,
            update_given=bool(update_text),
        )
    return event


def do_give_update(
    event: CodeEvent, update_text: str, *, by: User, request: HttpRequest | None = None
) -> CodeEvent:
    """Record the update the victim was given about ``event``; it appears on their tracker."""
    with transaction.atomic():
        event.update_text = update_text
        event.update_given_at = timezone.now()
        event.update_given_by = by
        event.save(update_fields=["update_text", "update_given_at", "update_given_by"])
        _audit(
            AuditEvent.Action.UPDATE,
            event.crime,
            request,
            user=by,
            code_event=event.pk,
            update_given=True,
            late=event.update_given_at.date() > event.due_on,
        )
    return event


def do_send_victim_message(crime: TrackedCrime, body: str, *, request: HttpRequest | None = None) -> Message:
    """A message from the victim to the team, with its response target in working days."""
    rules = TrackerSettings.load()
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            crime=crime,
            direction=Message.Direction.FROM_VICTIM,
            body=body,
            respond_by=add_working_days(timezone.localdate(now), rules.response_working_days),
        )
        count_use(UsageCount.Kind.MESSAGE, now)
        _audit(AuditEvent.Action.CREATE, crime, request, actor="victim", message=message.pk)
    return message


def do_reply(crime: TrackedCrime, body: str, *, by: User, request: HttpRequest | None = None) -> Message:
    """The team's reply; it answers every message from the victim still waiting."""
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            crime=crime, direction=Message.Direction.FROM_TEAM, body=body, sender=by
        )
        answered = Message.objects.filter(
            crime=crime, direction=Message.Direction.FROM_VICTIM, answered_at__isnull=True
        ).update(answered_at=now)
        _audit(AuditEvent.Action.CREATE, crime, request, user=by, message=message.pk, answered=answered)
    return message


def do_add_property(
    crime: TrackedCrime,
    item: str,
    description: str,
    value: Decimal | None,
    serial_number: str,
    *,
    request: HttpRequest | None = None,
) -> PropertyItem:
    """Lost or damaged property described by the victim."""
    with transaction.atomic():
        added = PropertyItem.objects.create(
            crime=crime, item=item, description=description, value=value, serial_number=serial_number
        )
        count_use(UsageCount.Kind.PROPERTY)
        _audit(AuditEvent.Action.CREATE, crime, request, actor="victim", property_item=added.pk)
    return added


def do_purge_expired(now: datetime | None = None, *, dry_run: bool = False) -> list[int]:
    """Delete tracked crimes closed longer ago than the retention period; returns their ids.

    The tracker holds a copy for talking to the victim: the crime record itself is kept under MoPI
    in the records system. Usage counts are kept (they name no one).
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=TrackerSettings.load().retention_days)
    expired = list(
        TrackedCrime.objects.filter(status__in=FINAL_STATUSES, closed_at__lt=cutoff).order_by("pk")
    )
    if dry_run:
        return [c.pk for c in expired]
    ids = []
    for crime in expired:
        with transaction.atomic():
            _audit(
                AuditEvent.Action.DELETE,
                crime,
                None,
                username="retention",
                closed_at=crime.closed_at.isoformat() if crime.closed_at else None,
            )
            ids.append(crime.pk)
            crime.delete()
    return ids
