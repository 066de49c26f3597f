"""Permission-aware reads for the hotspot map: which districts, records and LSOAs this user may see.

Map users are analysts, the PCC team, supervisors and reviewers (administrators always); each sees
only their districts (administrators the whole force). A district asked for in the address that
does not exist is a 404; one that exists outside the user's districts is a 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import DateField, Max, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.http import Http404
from django.utils import timezone

from saferplaces.accounts.models import Role, User
from saferplaces.accounts.permissions import can_see_district, district_ids
from saferplaces.areas.models import District, Lsoa
from saferplaces.incidents.models import Incident
from saferplaces.incidents.queries import visible_incidents
from saferplaces.maps.models import HotspotAccuracy, Source
from saferplaces.policedata.models import StreetRecord
from saferplaces.reference.models import AsbCategory

MAP_ROLES = (Role.ANALYST, Role.PCC, Role.SUPERVISOR, Role.REVIEWER)

# Columns read for every point, in this order (see services.points_frame); ``when`` is the month of
# a police.uk record and the local day an incident was received.
POINT_FIELDS = ("ref", "when", "month", "longitude", "latitude", "easting", "northing", "lsoa_code")


@dataclass(frozen=True)
class Scope:
    """The districts a map covers: ``ids`` None means every district (force-wide users only)."""

    ids: tuple[int, ...] | None

    @property
    def key(self) -> str:
        return "all" if self.ids is None else ",".join(map(str, self.ids))


def requested_district(user: User, raw: str | None) -> District | None:
    """The district named by a ``district`` parameter: 404 if there is none, 403 if not the user's."""
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError:
        raise Http404("No such district") from None
    district = District.objects.filter(pk=pk).first()
    if district is None:
        raise Http404("No such district")
    if not can_see_district(user, district.pk):
        raise PermissionDenied
    return district


def scope_for(user: User, district: District | None) -> Scope:
    """One district (already checked) or all the user's districts."""
    if district is not None:
        if not can_see_district(user, district.pk):
            raise PermissionDenied
        return Scope((district.pk,))
    allowed = district_ids(user)
    return Scope(None if allowed is None else tuple(sorted(allowed)))


def user_districts(user: User) -> QuerySet[District]:
    allowed = district_ids(user)
    qs = District.objects.all()
    return qs if allowed is None else qs.filter(pk__in=allowed)


# The 14 crime types police.uk publishes (since May 2013); older names found in the data are added.
POLICEUK_CRIME_TYPES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)


def crime_types() -> list[str]:
    """police.uk crime types: the published list and any other found in the loaded records."""
    loaded = StreetRecord.objects.order_by().values_list("crime_type", flat=True).distinct()
    return sorted(set(POLICEUK_CRIME_TYPES) | set(loaded))


def asb_categories() -> list[tuple[str, str]]:
    return list(AsbCategory.objects.order_by("name").values_list("code", "name"))


def _month_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d.replace(day=1), time.min))


def _next_month(d: date) -> date:
    return date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)


def _street_records(scope: Scope) -> QuerySet[StreetRecord]:
    qs = StreetRecord.objects.all()
    return qs if scope.ids is None else qs.filter(district_id__in=scope.ids)


def _incidents(user: User | None, scope: Scope) -> QuerySet[Incident]:
    qs = Incident.objects.all() if user is None else visible_incidents(user)
    return qs if scope.ids is None else qs.filter(district_id__in=scope.ids)


def latest_month(user: User | None, source: str, scope: Scope) -> date | None:
    """The last month with located records of ``source`` in the scope, or None."""
    if source == Source.POLICEUK:
        last = _street_records(scope).filter(easting__isnull=False).aggregate(m=Max("month"))["m"]
        return last.replace(day=1) if last else None
    received = _incidents(user, scope).filter(easting__isnull=False).aggregate(m=Max("received_at"))["m"]
    return timezone.localtime(received).date().replace(day=1) if received else None


def has_incidents(user: User, scope: Scope) -> bool:
    return _incidents(user, scope).filter(easting__isnull=False).exists()


def point_rows(
    user: User | None,
    source: str,
    scope: Scope,
    *,
    month_from: date,
    month_to: date,
    kind: str = "",
) -> list[tuple[Any, ...]]:
    """Located records of ``source`` in the scope and months, as tuples in :data:`POINT_FIELDS` order
    followed by (police.uk category, offence code, type, place, is crime).

    ``user`` None reads everything in the scope (management commands); otherwise the user's
    visibility rules apply as well. ``kind`` is a police.uk crime type or an ASB category code.
    Newest first, so a capped point layer shows the most recent.
    """
    if source == Source.POLICEUK:
        qs = _street_records(scope).filter(
            month__gte=month_from.replace(day=1),
            month__lte=month_to.replace(day=1),
            easting__isnull=False,
            longitude__isnull=False,
        )
        if kind:
            qs = qs.filter(crime_type=kind)
        rows = qs.order_by("-month", "-id").values_list(
            "id",
            "month",
            "month",
            "longitude",
            "latitude",
            "easting",
            "northing",
            "lsoa__code",
            "crime_type",
            "location",
        )
        # police.uk gives a category (the harm key and the type) and no offence code.
        return [(*r[:8], r[8], None, r[8], r[9], r[8] != "Anti-social behaviour") for r in rows]
    qs2 = _incidents(user, scope).filter(
        received_at__gte=_month_start(month_from),
        received_at__lt=_month_start(_next_month(month_to)),
        easting__isnull=False,
        longitude__isnull=False,
    )
    if kind:
        qs2 = qs2.filter(asb_category__code=kind)
    rows2 = (
        qs2.annotate(
            day=TruncDate("received_at"),  # in the site's time zone, like the month
            month_start=TruncMonth("received_at", output_field=DateField()),
        )
        .order_by("-received_at", "-id")
        .values_list(
            "reference",
            "day",
            "month_start",
            "longitude",
            "latitude",
            "easting",
            "northing",
            "lsoa__code",
            "offence_code__policeuk_category",
            "offence_code__code",
            "asb_category__name",
            "is_crime",
        )
    )
    # Harm: an offence code weighs by its code (else its police.uk category); a non-crime is ASB.
    # No place text: an incident's address may be someone's home.
    return [
        (
            *r[:8],
            r[8] or (None if r[11] else "Anti-social behaviour"),
            r[9],
            f"{r[10] or 'No ASB category'}, {'crime' if r[11] else 'non-crime'}",
            "",
            r[11],
        )
        for r in rows2
    ]


def lsoa_rows(scope: Scope) -> list[tuple[str, str, str, int | None]]:
    """(code, name, district name, population) of every LSOA in the scope, by code."""
    qs = Lsoa.objects.all() if scope.ids is None else Lsoa.objects.filter(district_id__in=scope.ids)
    return list(qs.order_by("code").values_list("code", "name", "district__name", "population"))


def lsoa_geometries(scope: Scope) -> list[tuple[str, str]]:
    """(code, GeoJSON geometry text in WGS84) of every LSOA in the scope, by code."""
    qs = Lsoa.objects.all() if scope.ids is None else Lsoa.objects.filter(district_id__in=scope.ids)
    return list(qs.order_by("code").values_list("code", "geometry"))


def data_version(source: str, scope: Scope) -> str:
    """Changes whenever records or boundaries are added or removed: part of every cache key."""
    records = _street_records(scope) if source == Source.POLICEUK else _incidents(None, scope)
    agg = records.aggregate(n=Max("id"))
    lsoas = Lsoa.objects.aggregate(n=Max("id"))
    count = records.count()
    return f"{agg['n']}:{count}:{lsoas['n']}:{Lsoa.objects.count()}"


def accuracy_for(
    source: str, *, grid: str, cell_m: float, value: str, kind: str, district_id: int | None
) -> HotspotAccuracy | None:
    """The stored evaluation that best matches what the map shows.

    Same source, grid, cell size and value always; then the closest match on type (the same type,
    else all types, else another type: the page then says so) and district (the same district,
    else all districts); newest first. Accuracy figures are aggregates, so a force-wide evaluation
    may be shown to a district user; an evaluation of another district is never shown.
    """
    here = Q(district__isnull=True) | Q(district_id=district_id) if district_id else Q(district__isnull=True)
    candidates = list(
        HotspotAccuracy.objects.filter(source=source, grid=grid, cell_m=cell_m, value=value).filter(here)
    )
    if not candidates:
        return None

    def rank(row: HotspotAccuracy) -> tuple[int, int, float]:
        return (
            0 if row.category == kind else (1 if row.category == "" else 2),
            0 if row.district_id == district_id else 1,
            -row.computed_at.timestamp(),
        )

    return min(candidates, key=rank)
