"""Configuration of the ASB review engine: thresholds are data, not code.

The defaults match ``data/reference/thresholds.csv``. A force changes them by editing that file (or
passing its own), never by changing code: :func:`ReviewConfig.from_thresholds_csv` reads the
``repeat.*`` and ``cdi.*`` keys it knows and leaves the rest at their defaults.
"""

from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

# The repository's reference data folder (src/saferplaces/analytics/review -> repo root/data).
REPO_ROOT = Path(__file__).resolve().parents[4]
DEFAULT_REFERENCE_DIR = REPO_ROOT / "data" / "reference"
DEFAULT_OFFENCE_REFERENCE = (
    REPO_ROOT / "data" / "home-office-offence-reference" / "offence_code_to_policeuk_category.csv"
)

# thresholds.csv key -> ReviewConfig attribute.
_THRESHOLD_KEYS = {
    "repeat.window_days": "repeat_window_days",
    "repeat.min_incidents": "repeat_min_incidents",
    "repeat.short_window_days": "repeat_short_window_days",
    "repeat.short_min_incidents": "repeat_short_min_incidents",
    "cdi.crime_decision_hours": "cdi_decision_hours",
    "cdi.course_of_conduct_days": "course_of_conduct_days",
    "linkage.match_probability": "link_match_probability",
    "locations.radius_m": "location_radius_m",
}


@dataclass(frozen=True)
class ReviewConfig:
    """Thresholds of the review engine.

    Attributes:
        repeat_window_days: rolling window for repeat victim / repeat location (days).
        repeat_min_incidents: incidents within the window (this one included) that make a repeat.
        repeat_short_window_days: the second, shorter rolling window offered beside the main one.
        repeat_short_min_incidents: incidents within the short window that make a repeat.
        cdi_decision_hours: hours within which a crime recording decision is due (NCRS: 24).
        course_of_conduct_days: how far back a previous incident by the same suspect against the
            same victim counts towards a harassment course of conduct (HOCR 8L: two or more
            occasions).
        link_match_probability: Splink match probability at or above which two person records are
            joined in a cluster.
        location_radius_m: two geocoded incidents without a premises address are the same place when
            they lie within this distance on the British National Grid (EPSG:27700), in metres.
    """

    repeat_window_days: int = 365
    repeat_min_incidents: int = 3
    repeat_short_window_days: int = 91
    repeat_short_min_incidents: int = 3
    cdi_decision_hours: int = 24
    course_of_conduct_days: int = 365
    link_match_probability: float = 0.7
    location_radius_m: float = 30.0
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_thresholds_csv(cls, path: str | Path | None = None) -> ReviewConfig:
        """Read ``key,value,description`` rows; unknown keys are kept in ``extra``."""
        p = Path(path) if path is not None else DEFAULT_REFERENCE_DIR / "thresholds.csv"
        values: dict[str, object] = {}
        extra: dict[str, str] = {}
        types = {f.name: f.type for f in dataclasses.fields(cls)}
        with p.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                key, raw = row["key"].strip(), row["value"].strip()
                attr = _THRESHOLD_KEYS.get(key)
                if attr is None:
                    extra[key] = raw
                    continue
                values[attr] = float(raw) if types[attr] == "float" else int(raw)
        return cls(**values, extra=extra)  # type: ignore[arg-type]

    def with_values(self, values: dict[str, float]) -> ReviewConfig:
        """A copy with the ``repeat.*``, ``cdi.*``, ... keys in ``values`` (e.g. edited in the database)."""
        types = {f.name: f.type for f in dataclasses.fields(self)}
        changes: dict[str, object] = {}
        for key, value in values.items():
            attr = _THRESHOLD_KEYS.get(key)
            if attr is not None:
                changes[attr] = float(value) if types[attr] == "float" else int(value)
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True)
class IncidentCode:
    """One row of the force's incident code list (``incident_codes.csv``)."""

    code: str
    description: str
    asb_category: str | None
    is_asb_finalisation: bool
    is_selected_crime_type: bool


def read_incident_codes(path: str | Path | None = None) -> dict[str, IncidentCode]:
    """The force's opening/closing codes keyed by code (default ``data/reference/incident_codes.csv``)."""
    p = Path(path) if path is not None else DEFAULT_REFERENCE_DIR / "incident_codes.csv"
    codes: dict[str, IncidentCode] = {}
    with p.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            codes[row["code"].strip().upper()] = IncidentCode(
                code=row["code"].strip().upper(),
                description=row["description"].strip(),
                asb_category=(row.get("asb_category") or "").strip() or None,
                is_asb_finalisation=(row.get("is_asb_finalisation") or "").strip().upper() == "Y",
                is_selected_crime_type=(row.get("is_selected_crime_type") or "").strip().upper() == "Y",
            )
    return codes


def read_offence_codes(path: str | Path | None = None) -> dict[str, str]:
    """Home Office offence code -> description, from the offence reference CSV."""
    p = Path(path) if path is not None else DEFAULT_OFFENCE_REFERENCE
    out: dict[str, str] = {}
    with p.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code = (row.get("Offence_Code") or "").strip().upper()
            if code:
                out[code] = (row.get("Offence_Description") or "").strip()
    return out
