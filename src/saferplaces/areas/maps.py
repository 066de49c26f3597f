"""GeoJSON for maps drawn from the loaded boundaries (no tiles can be fetched)."""

from __future__ import annotations

import json
from typing import Any

from saferplaces.areas.models import Lsoa
from saferplaces.incidents.models import Incident

NEARBY_METRES = 2500


def _feature(lsoa: Lsoa) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": json.loads(lsoa.geometry),
        "properties": {"code": lsoa.code, "name": lsoa.name, "population": lsoa.population},
    }


def nearby_lsoas(incident: Incident) -> dict[str, Any]:
    """The incident's LSOA and those whose centre is within 2.5 km of it, as a FeatureCollection."""
    if incident.easting is not None and incident.northing is not None:
        e, n = incident.easting, incident.northing
    elif incident.lsoa is not None:
        e, n = incident.lsoa.centroid_easting, incident.lsoa.centroid_northing
    else:
        return {"type": "FeatureCollection", "features": []}
    qs = Lsoa.objects.filter(
        centroid_easting__range=(e - NEARBY_METRES, e + NEARBY_METRES),
        centroid_northing__range=(n - NEARBY_METRES, n + NEARBY_METRES),
    ).only("code", "name", "population", "geometry")
    lsoas = list(qs)
    if incident.lsoa_id and all(lsoa.pk != incident.lsoa_id for lsoa in lsoas):
        lsoas.append(incident.lsoa)  # type: ignore[arg-type]
    return {"type": "FeatureCollection", "features": [_feature(x) for x in lsoas]}
