"""Load boundary GeoJSON into districts, wards and LSOAs; re-loading updates and adds nothing."""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator, Sequence
from functools import cache

import shapely
from django.conf import settings

from saferplaces.analytics.geo import AreaIndex, to_bng
from saferplaces.analytics.sources.boundaries import AreaFeature, read_boundaries
from saferplaces.analytics.sources.rows import Reject, SourceFile
from saferplaces.areas.models import District, Lsoa, Ward
from saferplaces.imports.models import ImportRun
from saferplaces.imports.runner import BatchResult
from saferplaces.incidents.models import Incident

# Boundaries drawn on maps need not be survey-exact: ~50 m simplification keeps pages light.
DISTRICT_SIMPLIFY_DEGREES = 0.0005


@cache
def local_authority_codes() -> dict[str, str]:
    """Local authority name (lower case) -> ONS code, from the shipped England and Wales lookup."""
    path = settings.DATA_DIR / "lsoa2011-police-force-lookup" / "lsoa2011_to_police_force.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return {
            row["Local authority name"].lower(): row["Local authority code"] for row in csv.DictReader(fh)
        }


class BoundaryLoader:
    def __init__(
        self,
        level: str | None = None,
        code_field: str | None = None,
        name_field: str | None = None,
        district: str = "",
    ) -> None:
        self.level = level
        self.code_field = code_field
        self.name_field = name_field
        self.district_name = district
        self.touched_districts: set[int] = set()
        self.loaded_level: str | None = None

    def parse(self, source: SourceFile) -> Iterator[tuple[int, AreaFeature | Reject]]:
        return read_boundaries(
            source.text, level=self.level, code_field=self.code_field, name_field=self.name_field
        )

    def _district(self, name: str, code: str) -> District:
        if not name and not code:
            raise ValueError("no district: give one")
        found = District.objects.filter(name__iexact=name).first() if name else None
        if found is None and code:
            found = District.objects.filter(code=code).first()
        if found is not None:
            return found
        code = code or local_authority_codes().get(name.lower(), "")
        if not code:
            raise ValueError(f"district {name!r} has no ONS code: load districts first or give lad codes")
        return District.objects.create(code=code, name=name)

    def load_batch(self, batch: Sequence[tuple[int, AreaFeature]], run: ImportRun) -> BatchResult:
        result = BatchResult(rejects=[])
        assert result.rejects is not None
        for number, f in batch:
            self.loaded_level = f.level
            try:
                created = getattr(self, f"_load_{f.level}")(f)
            except ValueError as exc:
                result.rejects.append(Reject(number, f"feature {number} ({f.name}): {exc}"))
                continue
            if created:
                result.loaded += 1
            else:
                result.already_loaded += 1
        return result

    def _load_district(self, f: AreaFeature) -> bool:
        code = f.code or local_authority_codes().get(f.name.lower(), "")
        if not code:
            raise ValueError("no ONS code for this district")
        obj, created = District.objects.update_or_create(
            code=code, defaults={"name": f.name, "geometry": f.geometry}
        )
        self.touched_districts.add(obj.pk)
        return created

    def _load_lsoa(self, f: AreaFeature) -> bool:
        district = self._district(f.parent_name, f.parent_code)
        geom = shapely.from_geojson(f.geometry)
        point = geom.representative_point()
        e, n = to_bng([point.x], [point.y])
        _, created = Lsoa.objects.update_or_create(
            code=f.code,
            defaults={
                "name": f.name,
                "district": district,
                "population": f.population,
                "geometry": f.geometry,
                "centroid_easting": round(float(e[0]), 1),
                "centroid_northing": round(float(n[0]), 1),
            },
        )
        self.touched_districts.add(district.pk)
        return created

    def _load_ward(self, f: AreaFeature) -> bool:
        name = self.district_name or f.parent_name
        if name or f.parent_code:
            district = self._district(name, f.parent_code)
        else:
            point = shapely.from_geojson(f.geometry).representative_point()
            district = self._district_containing(point.x, point.y)
        code = f.code or f"{district.code}:{f.name}"
        _, created = Ward.objects.update_or_create(
            district=district, name=f.name, defaults={"code": code, "geometry": f.geometry}
        )
        self.touched_districts.add(district.pk)
        return created

    def _district_containing(self, lon: float, lat: float) -> District:
        lsoas = list(Lsoa.objects.values_list("code", "geometry"))
        if not lsoas:
            raise ValueError("cannot place the ward: load LSOAs first or give its district")
        code = AreaIndex.from_geojson_strings(lsoas).locate([lon], [lat])[0]
        if code is None:
            raise ValueError("the ward lies outside every loaded LSOA: give its district")
        return Lsoa.objects.select_related("district").get(code=code).district

    def finish(self, run: ImportRun) -> None:
        if self.loaded_level == "lsoa":
            self._district_outlines()
        elif self.loaded_level == "ward":
            self._assign_wards()

    def _district_outlines(self) -> None:
        """A district with no boundary of its own gets the union of its LSOAs."""
        for district in District.objects.filter(pk__in=self.touched_districts, geometry=""):
            geoms = [shapely.from_geojson(g) for g in district.lsoas.values_list("geometry", flat=True)]
            outline = shapely.union_all(geoms).simplify(DISTRICT_SIMPLIFY_DEGREES)
            district.geometry = shapely.to_geojson(shapely.set_precision(outline, 1e-5))
            district.save(update_fields=["geometry"])

    def _assign_wards(self) -> None:
        """Each LSOA goes to the ward containing its representative point; incidents follow."""
        wards = list(
            Ward.objects.filter(district_id__in=self.touched_districts).values_list("id", "geometry")
        )
        if not wards:
            return
        index = AreaIndex.from_geojson_strings((str(pk), geom) for pk, geom in wards)
        lsoas = list(
            Lsoa.objects.filter(district_id__in=self.touched_districts).values_list("id", "geometry")
        )
        points = [shapely.from_geojson(g).representative_point() for _, g in lsoas]
        found = index.locate([p.x for p in points], [p.y for p in points])
        for (lsoa_id, _), ward in zip(lsoas, found, strict=True):
            if ward is not None:
                Lsoa.objects.filter(pk=lsoa_id).update(ward_id=int(ward))
                Incident.objects.filter(lsoa_id=lsoa_id, ward__isnull=True).update(ward_id=int(ward))
