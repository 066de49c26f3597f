"""The incident-log interchange CSV (docs/formats/incident-log.md): parse and validate each record."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from saferplaces.analytics.sources.rows import FormatError, Reject, iter_records
from saferplaces.analytics.sources.values import (
    normalise_postcode,
    parse_date,
    parse_datetime,
    parse_point,
    parse_yes_no,
)

REQUIRED_COLUMNS = ("incident_ref", "received_at")
STANDARD_COLUMNS = (
    "incident_ref",
    "received_at",
    "closed_at",
    "opening_code",
    "closing_code",
    "asb_category",
    "crime_ref",
    "offence_code",
    "district",
    "location_text",
    "postcode",
    "latitude",
    "longitude",
    "caller_name",
    "caller_phone",
    "caller_dob",
    "caller_address",
    "caller_postcode",
    "contact_requested",
    "narrative",
)
PERSON_ROLES = ("caller", "victim", "suspect")
PERSON_FIELDS = ("name", "phone", "dob", "address", "postcode")
AREA_COLUMNS = ("ward", "lsoa_code")
KNOWN_COLUMNS = frozenset(
    STANDARD_COLUMNS + tuple(f"{role}_{f}" for role in PERSON_ROLES for f in PERSON_FIELDS) + AREA_COLUMNS
)
MAX_REF_LENGTH = 40


@dataclass(frozen=True)
class PersonRecord:
    role: str
    name: str
    phone: str
    date_of_birth: date | None
    address: str
    postcode: str


@dataclass(frozen=True)
class IncidentRecord:
    reference: str
    received_at: datetime
    closed_at: datetime | None
    opening_code: str
    closing_code: str
    asb_category: str
    crime_ref: str
    offence_code: str
    district: str
    ward: str
    lsoa_code: str
    location_text: str
    postcode: str
    longitude: float | None
    latitude: float | None
    contact_requested: bool | None
    narrative: str
    people: tuple[PersonRecord, ...]
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Vocabulary:
    """The force's code lists. A None set means "do not check" (e.g. a batch run with no lists)."""

    opening_codes: frozenset[str] | None = None
    closing_codes: frozenset[str] | None = None
    asb_categories: frozenset[str] | None = frozenset({"personal", "nuisance", "environmental"})
    offence_codes: frozenset[str] | None = None

    @classmethod
    def from_reference_dir(cls, data_dir: str | Path) -> Vocabulary:
        """The default lists shipped in data/ (used where no database is at hand)."""
        base = Path(data_dir)
        with (base / "reference" / "incident_codes.csv").open(encoding="utf-8") as fh:
            codes = frozenset(row["code"] for row in csv.DictReader(fh))
        with (base / "reference" / "asb_categories.csv").open(encoding="utf-8") as fh:
            categories = frozenset(row["code"] for row in csv.DictReader(fh))
        offence_file = base / "home-office-offence-reference" / "offence_code_to_policeuk_category.csv"
        with offence_file.open(encoding="utf-8") as fh:
            offences = frozenset(row["Offence_Code"].strip().upper() for row in csv.DictReader(fh))
        return cls(codes, codes, categories, offences)


def _check_code(value: str, allowed: frozenset[str] | None, field_name: str) -> str:
    code = value.strip().upper()
    if code and allowed is not None and code not in allowed:
        raise ValueError(f"{field_name} {value.strip()!r} is not in the force's code list")
    return code


def _person(get: Mapping[str, str], role: str) -> PersonRecord | None:
    values = {f: get.get(f"{role}_{f}", "").strip() for f in PERSON_FIELDS}
    if not any(values.values()):
        return None
    dob = parse_date(values["dob"], f"{role}_dob") if values["dob"] else None
    if dob is not None and dob > datetime.now(UTC).date():
        raise ValueError(f"{role}_dob {values['dob']!r} is in the future")
    return PersonRecord(
        role=role,
        name=" ".join(values["name"].split()),
        phone=values["phone"],
        date_of_birth=dob,
        address=" ".join(values["address"].split()),
        postcode=normalise_postcode(values["postcode"]),
    )


def parse_record(row: Mapping[str, str], vocab: Vocabulary) -> IncidentRecord:
    """Validate one record (a header -> value mapping). Raises ValueError with the reason."""
    reference = row.get("incident_ref", "").strip()
    if not reference:
        raise ValueError("incident_ref is blank")
    if len(reference) > MAX_REF_LENGTH:
        raise ValueError(f"incident_ref is longer than {MAX_REF_LENGTH} characters")
    received_text = row.get("received_at", "").strip()
    if not received_text:
        raise ValueError("received_at is blank")
    received = parse_datetime(received_text, "received_at")
    closed_text = row.get("closed_at", "").strip()
    closed = parse_datetime(closed_text, "closed_at") if closed_text else None
    if closed is not None and closed < received:
        raise ValueError(f"closed_at {closed_text!r} is before received_at {received_text!r}")
    category = row.get("asb_category", "").strip().lower()
    if category and vocab.asb_categories is not None and category not in vocab.asb_categories:
        raise ValueError(
            f"asb_category {category!r} must be one of {', '.join(sorted(vocab.asb_categories))}"
        )
    point = parse_point(row.get("longitude", ""), row.get("latitude", ""))
    people = tuple(p for p in (_person(row, role) for role in PERSON_ROLES) if p is not None)
    extra = {k: v for k, v in row.items() if k not in KNOWN_COLUMNS and v.strip()}
    return IncidentRecord(
        reference=reference,
        received_at=received,
        closed_at=closed,
        opening_code=_check_code(row.get("opening_code", ""), vocab.opening_codes, "opening_code"),
        closing_code=_check_code(row.get("closing_code", ""), vocab.closing_codes, "closing_code"),
        asb_category=category,
        crime_ref=row.get("crime_ref", "").strip(),
        offence_code=_check_code(row.get("offence_code", ""), vocab.offence_codes, "offence_code"),
        district=row.get("district", "").strip(),
        ward=row.get("ward", "").strip(),
        lsoa_code=row.get("lsoa_code", "").strip().upper(),
        location_text=" ".join(row.get("location_text", "").split()),
        postcode=normalise_postcode(row.get("postcode", "")),
        longitude=point[0] if point else None,
        latitude=point[1] if point else None,
        contact_requested=parse_yes_no(row.get("contact_requested", ""), "contact_requested"),
        narrative=row.get("narrative", "").strip(),
        people=people,
        extra=extra,
    )


def read_incident_log(
    text: TextIO, vocab: Vocabulary | None = None
) -> Iterator[tuple[int, IncidentRecord | Reject]]:
    """Yield ``(line, record)`` or ``(line, Reject)`` for every record of an interchange CSV.

    A reference repeated within the file is rejected at its second appearance. Raises FormatError
    when the header lacks a required column.
    """
    vocab = vocab or Vocabulary()
    header, records = iter_records(text)
    header = [h.lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise FormatError(f"the header has no {', '.join(missing)} column; found: {', '.join(header)}")
    first_seen: dict[str, int] = {}
    for line, item in records:
        if isinstance(item, Reject):
            yield line, item
            continue
        row = dict(zip(header, item, strict=True))
        raw = ",".join(item)
        try:
            record = parse_record(row, vocab)
        except ValueError as exc:
            yield line, Reject(line, str(exc), raw)
            continue
        if record.reference in first_seen:
            yield (
                line,
                Reject(
                    line,
                    f"incident_ref {record.reference!r} already appears on line "
                    f"{first_seen[record.reference]}",
                    raw,
                ),
            )
            continue
        first_seen[record.reference] = line
        yield line, record
