"""Harm weights for incidents, joined on Home Office offence code or police.uk category.

Two weight tables are supported:

* **Cambridge Crime Harm Index (CCHI)**, in days of imprisonment of the sentencing starting point
  (Sherman, Neyroud & Neyroud 2016, "The Cambridge Crime Harm Index: measuring total harm from
  crime based on sentencing guidelines", *Policing* 10(3)). The table to hand holds the **median
  CCHI value per Home Office PRC offence subgroup** with the police.uk category it rolls up to and
  2024/25 national counts (``data/cambridge-crime-harm-index``). An offence code takes its
  subgroup's median (code -> subgroup from ``data/home-office-offence-reference``); a police.uk
  category takes the national-count-weighted mean of its subgroups' medians, i.e. the expected harm
  of one offence of that category nationally.
* **ONS Crime Severity Score** weights, which a force supplies as a CSV ``offence_code,weight``
  (ONS does not publish them as a data file we hold). A category takes the volume-weighted mean of
  its offence codes' weights, volumes from Home Office PRC 2017/18 (England and Wales, all forces).

ASB has no index value: it gets a configurable floor (default 1 day). police.uk category names
differ in case and wording between sources ("Violence and sexual offences" vs "Violence and Sexual
Offences", "Criminal damage & arson"): :func:`normalise_category` folds them. Rows whose category or
code has no weight are kept, counted and reported (:class:`HarmJoinReport`), never dropped.
"""

from __future__ import annotations

import csv
import gzip
import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import polars as pl

DATA_DIR = Path(os.environ.get("SAFERPLACES_DATA_DIR", Path(__file__).resolve().parents[3] / "data"))
CCHI_PATH = DATA_DIR / "cambridge-crime-harm-index" / "cchi_median_days_by_prc_subgroup.csv"
OFFENCE_MAP_PATH = DATA_DIR / "home-office-offence-reference" / "offence_code_to_policeuk_category.csv"
PRC_VOLUMES_PATH = DATA_DIR / "home-office-offence-reference" / "prc-pfa-201718.csv.gz"

ASB = "anti social behaviour"
DEFAULT_ASB_FLOOR_DAYS = 1.0

# Alternative names seen for the same police.uk category (after folding, see normalise_category).
_CATEGORY_ALIASES = {
    "asb": ASB,
    "antisocial behaviour": ASB,
    "anti social behavior": ASB,
    "violent crime": "violence and sexual offences",  # police.uk name until May 2013
    "violence and sexual offence": "violence and sexual offences",
    "public order offences": "public order",
    "other thefts": "other theft",
    "theft from person": "theft from the person",
}

# Subgroup names in the offence-code reference that the CCHI table spells differently.
_SUBGROUP_ALIASES = {
    "domestic burglary": "residential burglary",
    "non domestic burglary": "non residential burglary",
    "theft from a vehicle": "vehicle offences",
    "theft of a motor vehicle": "vehicle offences",
    "vehicle interference": "vehicle offences",
    "miscellaneous crimes": "miscellaneous crimes against society",
}


def normalise_category(name: str | None) -> str:
    """Fold a police.uk category (or PRC subgroup) name to a comparison key.

    Lower case; ``&`` becomes ``and``; hyphens, commas and runs of spaces become one space; a few
    known alternative names map to the current police.uk name. ``"Criminal Damage & Arson"`` and
    ``"criminal damage and arson"`` give the same key.
    """
    if name is None:
        return ""
    key = name.strip().lower().replace("&", " and ")
    key = re.sub(r"[-_,/:;.]+", " ", key)
    key = re.sub(r"\s+", " ", key).strip()
    return _CATEGORY_ALIASES.get(key, key)


def normalise_offence_code(code: str | None) -> str:
    """Upper-case, trimmed Home Office offence code (``"8l "`` -> ``"8L"``)."""
    return "" if code is None else code.strip().upper()


@dataclass(frozen=True)
class HarmWeights:
    """A harm weight per offence code and per police.uk category.

    Attributes:
        source: which table ("CCHI" or "CSS") and how it was derived.
        unit: unit of a weight ("days" for CCHI; "CSS weight" for the ONS score).
        by_category: normalised police.uk category -> weight (ASB holds the floor).
        by_offence_code: normalised offence code -> weight.
        asb_floor: weight given to ASB (and used for nothing else).
        notes: how gaps were filled (e.g. codes that took their category's weight).
    """

    source: str
    unit: str
    by_category: dict[str, float]
    by_offence_code: dict[str, float]
    asb_floor: float
    notes: list[str] = field(default_factory=list)

    def for_category(self, name: str | None) -> float | None:
        """Weight of a police.uk category in any spelling, or None when the table lacks it."""
        return self.by_category.get(normalise_category(name))

    def for_offence_code(self, code: str | None) -> float | None:
        """Weight of a Home Office offence code, or None when the table lacks it."""
        return self.by_offence_code.get(normalise_offence_code(code))


@dataclass(frozen=True)
class OffenceRef:
    """One row of the offence-code reference: code, PRC subgroup and police.uk category."""

    code: str
    description: str
    subgroup: str
    category: str


def read_offence_reference(path: str | Path = OFFENCE_MAP_PATH) -> list[OffenceRef]:
    """Home Office offence codes with their PRC subgroup and police.uk category.

    A cell such as ``1/4.1/4.10/4.2`` (homicide) lists several codes: each gets its own row.
    """
    rows: list[OffenceRef] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh):
            for code in rec["Offence_Code"].split("/"):
                rows.append(
                    OffenceRef(
                        code=normalise_offence_code(code),
                        description=rec["Offence_Description"].strip(),
                        subgroup=rec["Offence_Subgroup"].strip(),
                        category=rec["Police.uk_Cat"].strip(),
                    )
                )
    return rows


def load_cchi(
    path: str | Path = CCHI_PATH,
    *,
    offence_reference: str | Path = OFFENCE_MAP_PATH,
    asb_floor: float = DEFAULT_ASB_FLOOR_DAYS,
) -> HarmWeights:
    """Cambridge Crime Harm Index weights (days) from the median-per-PRC-subgroup table.

    Args:
        path: CSV with ``category, prc_subgroup, cchi_days, national_count_2024_25``.
        offence_reference: CSV mapping offence codes to PRC subgroups and police.uk categories.
        asb_floor: days given to anti-social behaviour, which has no CCHI value.

    Returns:
        Weights per category (count-weighted mean of its subgroups' medians) and per offence code
        (its subgroup's median; a code whose subgroup the table lacks, such as fraud, takes its
        category's weight, and this is listed in ``notes``).
    """
    by_subgroup: dict[str, float] = {}
    cat_sum: dict[str, float] = defaultdict(float)
    cat_n: dict[str, float] = defaultdict(float)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh):
            days = float(rec["cchi_days"])
            count = float(rec.get("national_count_2024_25") or 1.0)
            by_subgroup[normalise_category(rec["prc_subgroup"])] = days
            cat = normalise_category(rec["category"])
            cat_sum[cat] += days * count
            cat_n[cat] += count
    by_category = {c: cat_sum[c] / cat_n[c] for c in cat_sum}
    by_category[ASB] = float(asb_floor)

    by_code: dict[str, float] = {}
    notes: list[str] = []
    for ref in read_offence_reference(offence_reference):
        sub = normalise_category(ref.subgroup)
        sub = _SUBGROUP_ALIASES.get(sub, sub)
        if sub in by_subgroup:
            by_code[ref.code] = by_subgroup[sub]
            continue
        cat_weight = by_category.get(normalise_category(ref.category))
        if cat_weight is not None:
            by_code[ref.code] = cat_weight
            notes.append(f"offence {ref.code} ({ref.subgroup}): no CCHI subgroup, took '{ref.category}'")
        else:
            notes.append(f"offence {ref.code} ({ref.subgroup}, {ref.category}): no CCHI weight")
    return HarmWeights(
        source="CCHI median days per PRC subgroup",
        unit="days",
        by_category=by_category,
        by_offence_code=by_code,
        asb_floor=float(asb_floor),
        notes=notes,
    )


def _prc_volumes(path: str | Path) -> dict[str, float]:
    volumes: dict[str, float] = defaultdict(float)
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:
        for rec in csv.DictReader(fh):
            try:
                volumes[normalise_offence_code(rec["Offence_Code"])] += float(rec["Number_of_Offences"])
            except ValueError:
                continue
    return dict(volumes)


def load_css(
    path: str | Path,
    *,
    offence_reference: str | Path = OFFENCE_MAP_PATH,
    volumes: str | Path | None = PRC_VOLUMES_PATH,
    asb_floor: float = DEFAULT_ASB_FLOOR_DAYS,
) -> HarmWeights:
    """ONS Crime Severity Score weights from a force's CSV ``offence_code,weight``.

    Args:
        path: the force's table; a header row is required; codes in any case.
        offence_reference: offence code -> police.uk category, to derive category weights.
        volumes: Home Office PRC table (``Offence_Code``, ``Number_of_Offences``) whose national
            volumes weight the mean per category; None for an unweighted mean.
        asb_floor: weight for anti-social behaviour (the CSS has none).
    """
    by_code: dict[str, float] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
        if "offence_code" not in fields or "weight" not in fields:
            raise ValueError(f"{path}: expected columns offence_code,weight")
        for rec in reader:
            code = normalise_offence_code(rec[fields["offence_code"]])
            if code:
                by_code[code] = float(rec[fields["weight"]])
    vols = _prc_volumes(volumes) if volumes is not None and Path(volumes).exists() else {}
    cat_sum: dict[str, float] = defaultdict(float)
    cat_n: dict[str, float] = defaultdict(float)
    notes: list[str] = []
    for ref in read_offence_reference(offence_reference):
        if ref.code not in by_code:
            notes.append(f"offence {ref.code} ({ref.description}): not in the CSS table")
            continue
        v = vols.get(ref.code, 0.0) if vols else 1.0
        cat = normalise_category(ref.category)
        cat_sum[cat] += by_code[ref.code] * v
        cat_n[cat] += v
    by_category = {c: cat_sum[c] / cat_n[c] for c in cat_sum if cat_n[c] > 0}
    by_category[ASB] = float(asb_floor)
    return HarmWeights(
        source="ONS Crime Severity Score (force table)",
        unit="CSS weight",
        by_category=by_category,
        by_offence_code=by_code,
        asb_floor=float(asb_floor),
        notes=notes,
    )


@dataclass(frozen=True)
class HarmJoinReport:
    """How a harm join went: rows weighted by code, by category, and the unmatched ones.

    ``unmatched`` maps each category (or ``code:XX`` for an unknown code with no category) as
    written in the data to its number of rows.
    """

    rows: int
    by_offence_code: int
    by_category: int
    unmatched: dict[str, int]

    @property
    def rows_unmatched(self) -> int:
        return sum(self.unmatched.values())


def apply_harm(
    points: pl.DataFrame,
    weights: HarmWeights,
    *,
    unmatched: Literal["null", "zero", "error"] = "null",
) -> tuple[pl.DataFrame, HarmJoinReport]:
    """Add a ``harm`` column (weight per incident, in ``weights.unit``) to a points table.

    The offence code wins when present and known; otherwise the police.uk category (any spelling).
    Rows with neither keep ``harm`` null (``unmatched="null"``), get 0 (``"zero"``), or raise
    (``"error"``); they are always listed in the report. Counts are never changed.
    """
    codes = points["offence_code"] if "offence_code" in points.columns else pl.Series([None] * points.height)
    cats = points["category"] if "category" in points.columns else pl.Series([None] * points.height)
    code_map = {c: weights.for_offence_code(c) for c in codes.drop_nulls().unique().to_list()}
    cat_map = {c: weights.for_category(c) for c in cats.drop_nulls().unique().to_list()}
    code_w = codes.cast(pl.String).replace_strict(code_map, default=None, return_dtype=pl.Float64)
    cat_w = cats.cast(pl.String).replace_strict(cat_map, default=None, return_dtype=pl.Float64)
    harm = code_w.fill_null(cat_w)
    missing = harm.is_null()
    unmatched_counts: dict[str, int] = {}
    if missing.any():
        labels = (
            pl.DataFrame({"cat": cats.cast(pl.String), "code": codes.cast(pl.String)})
            .filter(missing)
            .select(
                pl.coalesce(
                    pl.col("cat"), pl.lit("code:") + pl.col("code"), pl.lit("(no category or code)")
                ).alias("label")
            )["label"]
            .value_counts(sort=True)
        )
        unmatched_counts = dict(zip(labels["label"].to_list(), labels["count"].to_list(), strict=True))
        if unmatched == "error":
            raise ValueError(f"no harm weight for: {unmatched_counts}")
        if unmatched == "zero":
            harm = harm.fill_null(0.0)
    report = HarmJoinReport(
        rows=points.height,
        by_offence_code=int(code_w.is_not_null().sum()),
        by_category=int((code_w.is_null() & cat_w.is_not_null()).sum()),
        unmatched=unmatched_counts,
    )
    return points.with_columns(harm.alias("harm")), report


def category_table(weights: HarmWeights, names: Iterable[str]) -> dict[str, float | None]:
    """Weight for each category name as given (None where the table lacks it): for display."""
    return {n: weights.for_category(n) for n in names}
