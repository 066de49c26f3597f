"""Reference data the generator reads at run time: code lists, offences and LSOA areas.

The incident code list and the Home Office offence list are read from the project's CSV files, so a
force's own list changes what is generated without code changes; the model's mixes only name codes,
and `CodeList.require` fails loudly when the file lacks one of them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
from numpy.typing import NDArray
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from saferplaces.analytics.geo import read_geojson
from saferplaces.analytics.synthetic import config as C

ASB_CATEGORIES = ("personal", "nuisance", "environmental")


@dataclass(frozen=True)
class CodeList:
    """A force's incident codes (opening and closing).

    Attributes:
        codes: every code in file order.
        category: code -> ASB category (``""`` when the code has none).
        asb_closing: ASB category -> its finalisation code (``is_asb_finalisation = Y``).
        selected_crime: codes flagged ``is_selected_crime_type = Y`` (harassment, damage, public order).
    """

    codes: tuple[str, ...]
    category: dict[str, str]
    asb_closing: dict[str, str]
    selected_crime: tuple[str, ...]

    @classmethod
    def read(cls, path: Path) -> CodeList:
        """Read ``code,description,asb_category,is_asb_finalisation,is_selected_crime_type``."""
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        codes = tuple(r["code"].strip() for r in rows)
        category = {r["code"].strip(): r["asb_category"].strip().lower() for r in rows}
        asb_closing: dict[str, str] = {}
        for r in rows:
            if r["is_asb_finalisation"].strip().upper() == "Y":
                asb_closing.setdefault(r["asb_category"].strip().lower(), r["code"].strip())
        missing = [c for c in ASB_CATEGORIES if c not in asb_closing]
        if missing:
            raise ValueError(f"{path}: no ASB finalisation code for categories {missing}")
        selected = tuple(
            r["code"].strip() for r in rows if r["is_selected_crime_type"].strip().upper() == "Y"
        )
        return cls(codes, category, asb_closing, selected)

    def require(self, codes: Iterable[str]) -> None:
        """Raise ValueError if any of ``codes`` is not in the list."""
        unknown = sorted({c for c in codes if c not in self.category})
        if unknown:
            raise ValueError(f"codes used by the synthetic model are not in the code list: {unknown}")


def read_offence_codes(path: Path) -> frozenset[str]:
    """Home Office offence codes (column ``Offence_Code``)."""
    return frozenset(
        pl.read_csv(path, columns=["Offence_Code"], infer_schema=False)["Offence_Code"].to_list()
    )


@dataclass(frozen=True)
class Areas:
    """LSOAs with their district, population, police.uk counts and WGS84 polygons.

    Attributes:
        codes: LSOA 2021 codes, in the GeoJSON's order.
        names: LSOA names.
        districts: district (local authority) name of each LSOA, from the lookup CSV.
        population: usual residents (Census 2021).
        counts: police.uk category -> 12-month count per LSOA (missing categories count 0).
        geometries: polygons in WGS84 longitude/latitude.
    """

    codes: list[str]
    names: list[str]
    districts: list[str]
    population: NDArray[np.float64]
    counts: dict[str, NDArray[np.float64]]
    geometries: list[BaseGeometry]

    def weights(self, category: str) -> NDArray[np.float64]:
        """Sampling weights over LSOAs: the police.uk count of ``category``.

        An LSOA with no count falls back to its population times the force-wide rate per resident,
        halved (it had no recorded incidents, so it should stay below average). Sums to 1.
        """
        counts = self.counts.get(category, np.zeros(len(self.codes)))
        rate = counts.sum() / max(self.population.sum(), 1.0)
        fallback = self.population * rate * C.FALLBACK_RATE_FACTOR
        w = np.where(counts > 0, counts, fallback)
        if w.sum() <= 0:
            w = np.maximum(self.population, 1.0)
        return np.asarray(w / w.sum(), dtype=np.float64)

    @classmethod
    def read(cls, boundaries: Path, lookup: Path) -> Areas:
        """Read the LSOA GeoJSON (``lsoa21cd``, ``lsoa21nm``, ``pop``, ``by_category``) and lookup CSV."""
        data = read_geojson(boundaries)
        lk = pl.read_csv(lookup, columns=["lsoa21cd", "lad_name"], infer_schema=False)
        district_of = dict(zip(lk["lsoa21cd"].to_list(), lk["lad_name"].to_list(), strict=True))
        codes: list[str] = []
        names: list[str] = []
        districts: list[str] = []
        pops: list[float] = []
        cats: list[dict[str, float]] = []
        geoms: list[BaseGeometry] = []
        for feat in data["features"]:
            props = feat["properties"]
            code = str(props["lsoa21cd"])
            if code not in district_of:
                continue
            codes.append(code)
            names.append(str(props.get("lsoa21nm") or code))
            districts.append(district_of[code])
            pops.append(float(props.get("pop") or 0.0))
            cats.append({str(k): float(v or 0) for k, v in (props.get("by_category") or {}).items()})
            geoms.append(shape(feat["geometry"]))
        if not codes:
            raise ValueError(f"{boundaries}: no LSOA is in the lookup {lookup}")
        all_cats = sorted({k for c in cats for k in c})
        counts = {k: np.array([c.get(k, 0.0) for c in cats], dtype=np.float64) for k in all_cats}
        return cls(codes, names, districts, np.array(pops, dtype=np.float64), counts, geoms)
