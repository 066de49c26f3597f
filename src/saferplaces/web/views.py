"""The home page: what this user can reach, with the counts behind it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from saferplaces.accounts.models import Role, User
from saferplaces.accounts.permissions import district_ids, role_required
from saferplaces.incidents.queries import visible_incidents
from saferplaces.policedata.models import StreetRecord


@role_required(*Role)  # every signed-in role; what each sees is scoped below
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    allowed = district_ids(user)
    incidents = visible_incidents(user)
    by_district = list(incidents.values("district__name").annotate(n=Count("id")).order_by("district__name"))
    street = StreetRecord.objects.all()
    if allowed is not None:
        street = street.filter(district_id__in=allowed)
    street_by_month = list(street.values("month").annotate(n=Count("id")).order_by("month"))
    return render(
        request,
        "home.html",
        {
            "incident_total": sum(r["n"] for r in by_district),
            "by_district": by_district,
            "street_by_month": street_by_month,
        },
    )


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
