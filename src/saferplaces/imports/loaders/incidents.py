"""Load the incident-log interchange CSV into the incident store."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import Any

from saferplaces.analytics.geo import to_bng
from saferplaces.analytics.sources.incident_log import IncidentRecord, Vocabulary, read_incident_log
from saferplaces.analytics.sources.rows import Reject, SourceFile
from saferplaces.areas.placement import Placer
from saferplaces.imports.models import ImportRun
from saferplaces.imports.runner import BatchResult
from saferplaces.incidents.models import Incident, IncidentPerson, Location
from saferplaces.reference.models import AsbCategory, IncidentCode, OffenceCode


def location_key(text: str, postcode: str) -> str:
    normalised = " ".join(text.upper().replace(",", " ").split())
    return hashlib.sha1(f"{normalised}|{postcode}".encode(), usedforsecurity=False).hexdigest()


class IncidentLogLoader:
    def __init__(self, source_name: str = "") -> None:
        self.source_name = source_name
        self.codes = dict(IncidentCode.objects.values_list("code", "id"))
        self.categories = dict(AsbCategory.objects.values_list("code", "id"))
        self.offences = dict(OffenceCode.objects.values_list("code", "id"))
        self.vocab = Vocabulary(
            opening_codes=frozenset(self.codes),
            closing_codes=frozenset(self.codes),
            asb_categories=frozenset(self.categories),
            offence_codes=frozenset(self.offences),
        )
        self.placer = Placer()

    def parse(self, source: SourceFile) -> Iterator[tuple[int, IncidentRecord | Reject]]:
        return read_incident_log(source.text, self.vocab)

    def finish(self, run: ImportRun) -> None:
        return None

    def load_batch(self, batch: Sequence[tuple[int, IncidentRecord]], run: ImportRun) -> BatchResult:
        refs = [r.reference for _, r in batch]
        existing = set(Incident.objects.filter(reference__in=refs).values_list("reference", flat=True))
        new = [(line, r) for line, r in batch if r.reference not in existing]
        result = BatchResult(already_loaded=len(batch) - len(new), rejects=[])
        assert result.rejects is not None
        lons = [r.longitude for _, r in new]
        lats = [r.latitude for _, r in new]
        places = self.placer.locate(lons, lats)
        eastings, northings = to_bng(
            [v if v is not None else float("nan") for v in lons],
            [v if v is not None else float("nan") for v in lats],
        )
        locations = self._locations(new, places, eastings, northings)

        incidents: list[Incident] = []
        people: list[list[IncidentPerson]] = []
        for i, (line, r) in enumerate(new):
            place = places[i] or self.placer.lsoa(r.lsoa_code)
            district_id = self.placer.district(r.district) if r.district else None
            if r.district and district_id is None:
                result.rejects.append(Reject(line, f"district {r.district!r} is not a loaded district"))
                continue
            if district_id is None and place is not None:
                district_id = place.district_id
            ward_id = self.placer.ward(district_id, r.ward) or (place.ward_id if place else None)
            has_point = r.longitude is not None
            incidents.append(
                Incident(
                    reference=r.reference,
                    received_at=r.received_at,
                    closed_at=r.closed_at,
                    opening_code_id=self.codes.get(r.opening_code),
                    closing_code_id=self.codes.get(r.closing_code),
                    asb_category_id=self.categories.get(r.asb_category),
                    is_crime=bool(r.crime_ref),
                    crime_ref=r.crime_ref,
                    offence_code_id=self.offences.get(r.offence_code),
                    district_id=district_id,
                    ward_id=ward_id,
                    lsoa_id=place.lsoa_id if place else None,
                    location_id=locations.get(location_key(r.location_text, r.postcode)),
                    location_text=r.location_text,
                    postcode=r.postcode,
                    latitude=r.latitude,
                    longitude=r.longitude,
                    easting=round(float(eastings[i]), 1) if has_point else None,
                    northing=round(float(northings[i]), 1) if has_point else None,
                    contact_requested=r.contact_requested,
                    narrative=r.narrative,
                    source=self.source_name or run.file_name,
                    import_run=run,
                    extra=r.extra,
                )
            )
            people.append(
                [
                    IncidentPerson(
                        role=p.role,
                        name=p.name,
                        phone=p.phone,
                        date_of_birth=p.date_of_birth,
                        address=p.address,
                        postcode=p.postcode,
                    )
                    for p in r.people
                ]
            )
        created = Incident.objects.bulk_create(incidents)
        persons = []
        for incident, group in zip(created, people, strict=True):
            for person in group:
                person.incident_id = incident.pk
                persons.append(person)
        IncidentPerson.objects.bulk_create(persons)
        result.loaded = len(created)
        return result

    def _locations(
        self, new: Sequence[tuple[int, IncidentRecord]], places: list[Any], eastings: Any, northings: Any
    ) -> dict[str, int]:
        """Find or create one Location per distinct normalised place text and postcode."""
        wanted: dict[str, Location] = {}
        for i, (_, r) in enumerate(new):
            if not (r.location_text or r.postcode):
                continue
            key = location_key(r.location_text, r.postcode)
            if key in wanted:
                continue
            has_point = r.longitude is not None
            wanted[key] = Location(
                key=key,
                address_text=r.location_text[:300],
                postcode=r.postcode,
                latitude=r.latitude,
                longitude=r.longitude,
                easting=round(float(eastings[i]), 1) if has_point else None,
                northing=round(float(northings[i]), 1) if has_point else None,
                lsoa_id=places[i].lsoa_id if places[i] else None,
            )
        found = dict(Location.objects.filter(key__in=list(wanted)).values_list("key", "id"))
        missing = [loc for key, loc in wanted.items() if key not in found]
        Location.objects.bulk_create(missing)
        found.update(Location.objects.filter(key__in=[m.key for m in missing]).values_list("key", "id"))
        return found
