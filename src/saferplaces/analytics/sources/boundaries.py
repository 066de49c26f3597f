"""Boundary GeoJSON (LSOA, ward or district): find each feature's level, code, name and parent.

Publishers name their properties differently (ONS ``LSOA21CD``/``lsoa21cd``, a council's
``WARD_NAME``, a third party's ``district``), so the fields are detected, and can be given explicitly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TextIO

import shapely
from shapely.geometry import shape

from saferplaces.analytics.sources.rows import FormatError, Reject

LEVELS = ("lsoa", "ward", "district")
_ONS_CODE = re.compile(r"^[EWSN]\d{8}$")

# Candidate property names per level, most specific first (compared case-insensitively).
CODE_FIELDS = {
    "lsoa": ("lsoa21cd", "lsoa11cd", "lsoa_code", "lsoacd", "code"),
    "ward": ("wd24cd", "wd23cd", "wd22cd", "wd21cd", "ward_code", "wardcd", "code"),
    "district": ("lad24cd", "lad23cd", "lad22cd", "lad21cd", "lad_code", "ladcd", "objectid", "code"),
}
NAME_FIELDS = {
    "lsoa": ("lsoa21nm", "lsoa11nm", "lsoa_name", "lsoanm", "name"),
    "ward": ("wd24nm", "wd23nm", "wd22nm", "wd21nm", "ward_name", "wardnm", "name"),
    "district": ("lad24nm", "lad23nm", "lad22nm", "lad21nm", "lad_name", "ladnm", "district", "name"),
}
PARENT_NAME_FIELDS = ("lad24nm", "lad23nm", "lad22nm", "lad21nm", "lad_name", "ladnm", "district")
PARENT_CODE_FIELDS = ("lad24cd", "lad23cd", "lad22cd", "lad21cd", "lad_code", "ladcd")
POPULATION_FIELDS = ("population_census2021", "population", "pop", "usual_residents")


@dataclass(frozen=True)
class AreaFeature:
    level: str
    code: str
    name: str
    parent_name: str
    parent_code: str
    population: int | None
    geometry: str  # GeoJSON geometry text, WGS84


def _find(props: Mapping[str, Any], candidates: tuple[str, ...]) -> str | None:
    lowered = {k.lower(): k for k in props}
    for c in candidates:
        if c in lowered:
            return lowered[c]
    return None


def detect_level(props: Mapping[str, Any]) -> str:
    keys = {k.lower() for k in props}
    if any(k.startswith("lsoa") for k in keys):
        return "lsoa"
    if any(k.startswith(("wd", "ward")) for k in keys):
        return "ward"
    if any(k.startswith("lad") or k == "district" for k in keys):
        return "district"
    raise FormatError(
        f"cannot tell whether these are LSOAs, wards or districts from the properties {sorted(props)}: "
        "give the level"
    )


def read_boundaries(
    text: TextIO,
    *,
    level: str | None = None,
    code_field: str | None = None,
    name_field: str | None = None,
) -> Iterator[tuple[int, AreaFeature | Reject]]:
    """Yield ``(feature number, AreaFeature)`` or a Reject per feature (numbered from 1)."""
    try:
        data = json.load(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise FormatError("not a GeoJSON FeatureCollection")
    features = data.get("features") or []
    if not features:
        raise FormatError("the FeatureCollection has no features")
    first_props = features[0].get("properties") or {}
    level = level or detect_level(first_props)
    if level not in LEVELS:
        raise FormatError(f"level must be one of {', '.join(LEVELS)}")
    code_key = code_field or _find(first_props, CODE_FIELDS[level])
    name_key = name_field or _find(first_props, NAME_FIELDS[level])
    if name_key is None:
        raise FormatError(f"no name property for {level} features among {sorted(first_props)}")
    parent_name_key = _find(first_props, PARENT_NAME_FIELDS) if level != "district" else None
    parent_code_key = _find(first_props, PARENT_CODE_FIELDS) if level != "district" else None
    population_key = _find(first_props, POPULATION_FIELDS)

    for number, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        name = str(props.get(name_key) or "").strip()
        code = str(props.get(code_key) or "").strip() if code_key else ""
        if level == "district" and code and not _ONS_CODE.match(code):
            code = ""
        try:
            if not name:
                raise ValueError(f"no {name_key}")
            if level == "lsoa" and not code:
                raise ValueError(f"no LSOA code ({code_key or 'no code property'})")
            geom = shape(feature.get("geometry") or {})
            if geom.is_empty:
                raise ValueError("empty geometry")
            if not geom.is_valid:
                geom = shapely.make_valid(geom)
            pop_raw = props.get(population_key) if population_key else None
            population = int(str(pop_raw).replace(",", "")) if pop_raw not in (None, "") else None
        except (ValueError, TypeError, AttributeError, shapely.errors.GEOSException) as exc:
            yield number, Reject(number, f"feature {number}: {exc}", json.dumps(props)[:500])
            continue
        parent_name = str(props.get(parent_name_key) or "").strip() if parent_name_key else ""
        if level == "lsoa" and not parent_name:
            # ONS names an LSOA "<local authority> <MSOA number><letter>", e.g. "Bradford 016A".
            parent_name = name.rsplit(" ", 1)[0] if " " in name else ""
        yield (
            number,
            AreaFeature(
                level=level,
                code=code,
                name=name,
                parent_name=parent_name,
                parent_code=str(props.get(parent_code_key) or "").strip() if parent_code_key else "",
                population=population,
                geometry=shapely.to_geojson(shapely.set_precision(geom, 1e-6)),
            ),
        )
