"""Incident list and detail pages. Thin: reads go through queries.py, audit through audit.log."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from saferplaces.accounts.models import CASEWORK_ROLES, Role, User
from saferplaces.accounts.permissions import can_see_people, role_required
from saferplaces.areas.maps import nearby_lsoas
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.incidents.forms import IncidentSearchForm
from saferplaces.incidents.queries import get_incident_for, search, visible_incidents

PAGE_SIZE = 50
INCIDENT_ROLES = (*CASEWORK_ROLES, Role.PARTNER, Role.ANALYST, Role.PCC)


@role_required(*INCIDENT_ROLES)
def incident_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = IncidentSearchForm(request.GET or None, user=user)
    qs = visible_incidents(user).select_related("district", "asb_category", "closing_code", "offence_code")
    if form.is_valid():
        qs = search(qs, form.cleaned_data)
    elif form.is_bound:
        qs = qs.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "incidents/list.html",
        {
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "query": query.urlencode(),
        },
    )


@role_required(*INCIDENT_ROLES)
def incident_detail(request: HttpRequest, reference: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    incident = get_incident_for(user, reference)
    show_people = can_see_people(user)
    people = list(incident.people.all()) if show_people else []
    audit(
        AuditEvent.Action.VIEW,
        request=request,
        object_type="incident",
        object_id=incident.reference,
        district_id=incident.district_id,
        people_shown=[p.pk for p in people],
    )
    map_data = {
        "lsoas": nearby_lsoas(incident),
        "point": [incident.latitude, incident.longitude] if incident.latitude is not None else None,
        "lsoa": incident.lsoa.code if incident.lsoa else None,
    }
    return render(
        request,
        "incidents/detail.html",
        {
            "incident": incident,
            "people": people,
            "show_people": show_people,
            "map_data": map_data,
        },
    )
