"""Permission-aware reads of the incident store: what this user may see."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from saferplaces.accounts.models import Role, User
from saferplaces.accounts.permissions import district_ids
from saferplaces.analytics.sources.values import normalise_postcode
from saferplaces.incidents.models import Incident


def visible_incidents(user: User) -> QuerySet[Incident]:
    """Incidents in the user's districts; partners see only those shared with their organisation."""
    qs = Incident.objects.all()
    allowed = district_ids(user)
    if allowed is not None:
        qs = qs.filter(district_id__in=allowed)
    if user.role == Role.PARTNER and not user.is_superuser:
        if user.organisation_id is None:
            return qs.none()
        qs = qs.filter(shares__organisation_id=user.organisation_id)
    return qs


def can_see_incident(user: User, incident: Incident) -> bool:
    """The same rule as :func:`visible_incidents` for one loaded incident (a query only for partners)."""
    if user.role == Role.PARTNER and not user.is_superuser:
        return visible_incidents(user).filter(pk=incident.pk).exists()
    allowed = district_ids(user)
    return allowed is None or incident.district_id in allowed


def get_incident_for(user: User, reference: str) -> Incident:
    """The incident, or 404 if it does not exist, or 403 if it exists but is not this user's to see."""
    incident = (
        Incident.objects.select_related(
            "district",
            "ward",
            "lsoa",
            "opening_code",
            "closing_code",
            "asb_category",
            "offence_code",
            "location",
        )
        .filter(reference=reference)
        .first()
    )
    if incident is None:
        from django.http import Http404

        raise Http404("No such incident")
    if not can_see_incident(user, incident):
        raise PermissionDenied
    return incident


def _day_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def search(qs: QuerySet[Incident], filters: dict[str, Any]) -> QuerySet[Incident]:
    """Apply the list page's filters (already validated by the form)."""
    if filters.get("district"):
        qs = qs.filter(district=filters["district"])
    if filters.get("category"):
        qs = qs.filter(asb_category=filters["category"])
    crime = filters.get("crime")
    if crime == "crime":
        qs = qs.filter(is_crime=True)
    elif crime == "noncrime":
        qs = qs.filter(is_crime=False)
    if filters.get("date_from"):
        qs = qs.filter(received_at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        qs = qs.filter(received_at__lt=_day_start(filters["date_to"] + timedelta(days=1)))
    text = (filters.get("q") or "").strip()
    if text:
        match = (
            Q(reference__iexact=text)
            | Q(crime_ref__iexact=text)
            | Q(narrative__icontains=text)
            | Q(location_text__icontains=text)
        )
        try:
            postcode = normalise_postcode(text)
        except ValueError:
            postcode = ""
        if postcode:
            match |= Q(postcode=postcode)
        qs = qs.filter(match)
    return qs
