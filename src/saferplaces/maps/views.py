"""The hotspot map page, the JSON its script draws from, and exports. Thin: see services.py.

Each of the three reads the same filters from the address, checks the role and the district
(404 for a district that does not exist, 403 for one outside the user's districts), and reads one
cached :class:`~saferplaces.maps.services.MapResult`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from saferplaces.accounts.models import User
from saferplaces.accounts.permissions import role_required
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.maps import exports, queries
from saferplaces.maps.forms import MONTH_FORMAT, MapFilterForm, default_data
from saferplaces.maps.payload import LAZY_LAYERS, layer_payload, map_payload
from saferplaces.maps.services import CELL_M, METHOD_LABELS, MapResult, build_map

SUMMARY_ROWS = 20
# Parameters whose empty value means "all" rather than "use the default".
EMPTY_MEANS_ALL = ("type", "district")


def _form(request: HttpRequest) -> tuple[MapFilterForm, queries.Scope, User]:
    user: User = request.user  # type: ignore[assignment]
    district = queries.requested_district(user, request.GET.get("district"))
    scope = queries.scope_for(user, district)
    data = default_data(user, scope, request.GET.get("source"))
    for name in data:
        value = request.GET.get(name)
        if value is not None and (value != "" or name in EMPTY_MEANS_ALL):
            data[name] = value
    return MapFilterForm(data, user=user), scope, user


def _query(form: MapFilterForm) -> str:
    """The canonical address query for the form's cleaned filters (for the data URL and exports)."""
    f = form.filters()
    return urlencode(
        {
            "source": f.source,
            "type": f.kind,
            "month_from": f.month_from.strftime(MONTH_FORMAT),
            "month_to": f.month_to.strftime(MONTH_FORMAT),
            "district": f.district_id or "",
            "grid": f.grid,
            "method": f.method,
            "coverage": f"{f.coverage:g}",
            "measure": f.measure,
        }
    )


def layer_rows(result: MapResult) -> list[dict[str, object]]:
    """The layers in the side panel, in drawing order, with whether each starts switched on."""
    f = result.filters
    what = "Harm" if f.measure == "harm" else "Rate"
    return [
        {"key": "lsoas", "label": f"LSOAs: {what.lower()} per 1,000 residents", "on": True},
        {"key": "cells", "label": f"Grid cells ({f.grid}, {CELL_M:g} m)", "on": False},
        {"key": "hotspots", "label": f"Hotspots: {METHOD_LABELS[f.method]}, {f.coverage:g}%", "on": True},
        {"key": "incidents", "label": f"Points ({result.incidents['shown']:,} shown)", "on": False},
    ]


@role_required(*queries.MAP_ROLES)
def map_page(request: HttpRequest) -> HttpResponse:
    form, scope, user = _form(request)
    context: dict[str, object] = {"form": form}
    if form.is_valid():
        result = build_map(user, form.filters(), scope)
        measure = "harm_per_1000" if result.filters.measure == "harm" else "rate_per_1000"
        context.update(
            result=result,
            query=_query(form),
            top_lsoas=list(
                result.lsoas.sort([measure, "count"], descending=True, nulls_last=True)
                .head(SUMMARY_ROWS)
                .iter_rows(named=True)
            ),
            top_hotspots=result.hotspot_rows[:SUMMARY_ROWS],
            summary_rows=SUMMARY_ROWS,
            layer_rows=layer_rows(result),
        )
    return render(request, "maps/map.html", context, status=200 if form.is_valid() else 400)


@role_required(*queries.MAP_ROLES)
def map_data(request: HttpRequest) -> HttpResponse:
    form, scope, user = _form(request)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    layer = request.GET.get("layer", "")
    if layer and layer not in LAZY_LAYERS:
        raise Http404("No such layer")
    result = build_map(user, form.filters(), scope)
    body = layer_payload(result, layer) if layer else map_payload(result)
    return HttpResponse(body, content_type="application/json")


@role_required(*queries.MAP_ROLES)
def map_export(request: HttpRequest, layer: str, fmt: str) -> HttpResponse:
    if layer not in exports.LAYERS or fmt not in exports.FORMATS:
        raise Http404("No such export")
    form, scope, user = _form(request)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    filters = form.filters()
    result = build_map(user, filters, scope)
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(result, layer), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.to_geojson(result, layer), content_type="application/geo+json")
    response["Content-Disposition"] = f'attachment; filename="{exports.file_name(result, layer, fmt)}"'
    # Exports leave the system: record who took what (filters and size only, no personal data).
    audit(
        AuditEvent.Action.EXPORT,
        request=request,
        object_type="hotspot_map",
        object_id=f"{layer}.{fmt}",
        district_id=filters.district_id,
        filters=_query(form),
        rows=len(exports.rows(result, layer)),
    )
    return response
