"""Place points and area names in the loaded geography (LSOA, ward, district)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from saferplaces.analytics.geo import AreaIndex
from saferplaces.areas.models import District, Lsoa, Ward


@dataclass(frozen=True)
class Place:
    lsoa_id: int
    district_id: int
    ward_id: int | None


class Placer:
    """Loaded once per import: an STRtree over the LSOA polygons and name/code look-ups."""

    def __init__(self) -> None:
        rows = list(Lsoa.objects.values_list("code", "geometry", "id", "district_id", "ward_id"))
        self._index = (
            AreaIndex.from_geojson_strings((code, geom) for code, geom, *_ in rows) if rows else None
        )
        self._by_code = {code: Place(pk, district, ward) for code, _, pk, district, ward in rows}
        self._districts: dict[str, int] = {}
        for pk, code, name in District.objects.values_list("id", "code", "name"):
            self._districts[code.lower()] = pk
            self._districts[name.lower()] = pk
        self._wards: dict[tuple[int, str], int] = {
            (district, name.lower()): pk
            for pk, district, name in Ward.objects.values_list("id", "district_id", "name")
        }
        for pk, code in Ward.objects.values_list("id", "code"):
            self._wards[(0, code.lower())] = pk

    @property
    def has_geography(self) -> bool:
        return self._index is not None

    def locate(
        self, longitude: Sequence[float | None], latitude: Sequence[float | None]
    ) -> list[Place | None]:
        if self._index is None:
            return [None] * len(longitude)
        return [self._by_code[c] if c else None for c in self._index.locate(longitude, latitude)]

    def lsoa(self, code: str) -> Place | None:
        return self._by_code.get(code.upper()) if code else None

    def district(self, name_or_code: str) -> int | None:
        return self._districts.get(name_or_code.strip().lower()) if name_or_code else None

    def ward(self, district_id: int | None, name_or_code: str) -> int | None:
        if not name_or_code:
            return None
        key = name_or_code.strip().lower()
        return self._wards.get((district_id or 0, key)) or self._wards.get((0, key))
