"""Road casualty measures from the DfT STATS19 collision and casualty files.

Reads the current DfT column names (``collision_index``, ``collision_severity``,
``casualty_severity``, ``casualty_adjusted_severity_serious`` ...). Severity codes: 1 fatal,
2 serious, 3 slight. KSI = killed or seriously injured.

* **Unadjusted KSI** counts casualties (or collisions) recorded as fatal or serious.
* **Adjusted KSI** = fatal + the sum of ``casualty_adjusted_severity_serious``, the DfT's probability
  that a non-fatal casualty would have been recorded as serious by an injury-based system such as
  CRASH. It makes years before and after a force moved to CRASH comparable (the 2023 paper's
  "KSI (adjusted)"). For casualties already recorded by an injury-based system the probability is
  0 or 1, so adjusted equals unadjusted.
* **Child** casualties are aged 0-15 (``age_of_casualty``; -1, unknown, is not a child);
  **pedal cyclist** casualties have ``casualty_type`` 1.
* **District** is the collision's ``local_authority_ons_district`` (the older numeric
  ``local_authority_district`` is -1 from 2024). Names come from a lookup you pass in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

FATAL, SERIOUS, SLIGHT = 1, 2, 3
SEVERITY_NAMES = {FATAL: "fatal", SERIOUS: "serious", SLIGHT: "slight"}
CHILD_MAX_AGE = 15
PEDAL_CYCLIST = 1

_COLLISION_COLUMNS = {
    "collision_index": pl.String,
    "collision_year": pl.Int32,
    "police_force": pl.Int32,
    "collision_severity": pl.Int8,
    "local_authority_ons_district": pl.String,
    "collision_adjusted_severity_serious": pl.Float64,
    "date": pl.String,
}
_CASUALTY_COLUMNS = {
    "collision_index": pl.String,
    "casualty_severity": pl.Int8,
    "age_of_casualty": pl.Int16,
    "casualty_type": pl.Int16,
    "casualty_class": pl.Int8,
    "casualty_adjusted_severity_serious": pl.Float64,
}


class Stats19Error(ValueError):
    """A STATS19 file is missing or lacks a column this module needs."""


def _read(path: Path, columns: Mapping[str, type[pl.DataType] | pl.DataType]) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema=False, null_values=["", "NULL"])
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise Stats19Error(f"{path.name}: missing column(s) {', '.join(missing)}")
    return frame.select(pl.col(name).cast(dtype, strict=True) for name, dtype in columns.items())


def read_collisions(path: str | Path) -> pl.DataFrame:
    """The collision ("accident") file: one row per collision, the columns this module uses."""
    frame = _read(Path(path), _COLLISION_COLUMNS)
    return frame.with_columns(pl.col("date").str.to_date("%d/%m/%Y", strict=False))


def read_casualties(path: str | Path) -> pl.DataFrame:
    """The casualty file: one row per casualty, the columns this module uses."""
    return _read(Path(path), _CASUALTY_COLUMNS)


@dataclass(frozen=True)
class Stats19:
    """Collisions and casualties read together."""

    collisions: pl.DataFrame
    casualties: pl.DataFrame


def _find(directory: Path, words: Sequence[str]) -> Path:
    for word in words:
        found = sorted(directory.glob(f"*{word}*.csv*"))
        if found:
            return found[0]
    raise Stats19Error(f"no {' or '.join(words)} CSV found in {directory}")


def read_stats19(directory: str | Path) -> Stats19:
    """Read ``*accidents*``/``*collisions*`` and ``*casualties*`` CSVs (optionally .gz) from a folder."""
    folder = Path(directory)
    collision_file = _find(folder, ("collision", "accident"))
    casualty_file = _find(folder, ("casualt",))
    return Stats19(read_collisions(collision_file), read_casualties(casualty_file))


def severity_counts(data: Stats19) -> pl.DataFrame:
    """Collisions and casualties by recorded severity, with KSI and the total.

    Returns:
        Two rows (``level`` = collisions, casualties) with columns fatal, serious, slight, ksi, total.
    """
    rows = []
    for level, frame, column in (
        ("collisions", data.collisions, "collision_severity"),
        ("casualties", data.casualties, "casualty_severity"),
    ):
        counts = {name: int((frame[column] == code).sum()) for code, name in SEVERITY_NAMES.items()}
        rows.append(
            {"level": level, **counts, "ksi": counts["fatal"] + counts["serious"], "total": frame.height}
        )
    return pl.DataFrame(rows)


def _ksi_aggregates() -> list[pl.Expr]:
    severity = pl.col("casualty_severity")
    fatal = (severity == FATAL).sum().alias("killed")
    serious = (severity == SERIOUS).sum().alias("seriously_injured")
    adjusted_serious = (
        pl.when(severity != FATAL).then(pl.col("casualty_adjusted_severity_serious")).otherwise(0.0).sum()
    )
    return [
        fatal,
        serious,
        (fatal + serious).alias("ksi_unadjusted"),
        adjusted_serious.alias("seriously_injured_adjusted"),
        ((severity == FATAL).sum() + adjusted_serious).alias("ksi_adjusted"),
        pl.len().alias("casualties"),
    ]


def casualties_with_groups(data: Stats19, district_names: Mapping[str, str] | None = None) -> pl.DataFrame:
    """Casualties joined to their collision's year and district, with child and pedal-cyclist flags.

    Args:
        data: Collisions and casualties.
        district_names: ONS district code to name; codes are kept where no name is given.
    """
    names = dict(district_names or {})
    collisions = data.collisions.select(
        "collision_index",
        pl.col("collision_year").alias("year"),
        pl.col("local_authority_ons_district").replace(names).alias("district"),
    )
    joined = data.casualties.join(collisions, on="collision_index", how="left", validate="m:1")
    unmatched = joined["year"].null_count()
    if unmatched:
        raise Stats19Error(f"{unmatched} casualties have no matching collision_index in the collision file")
    return joined.with_columns(
        pl.col("age_of_casualty").is_between(0, CHILD_MAX_AGE).alias("child"),
        (pl.col("casualty_type") == PEDAL_CYCLIST).alias("pedal_cyclist"),
    )


def ksi_casualties(
    data: Stats19,
    by: Sequence[str] = ("year",),
    district_names: Mapping[str, str] | None = None,
) -> pl.DataFrame:
    """KSI casualties, unadjusted and adjusted, for all casualties, children and pedal cyclists.

    Args:
        data: Collisions and casualties.
        by: Grouping columns among ``year`` and ``district``.
        district_names: ONS district code to name.

    Returns:
        One row per group and ``group`` (all, child, pedal cyclist) with killed, seriously_injured,
        ksi_unadjusted, seriously_injured_adjusted, ksi_adjusted (a float: it sums probabilities) and
        casualties.
    """
    casualties = casualties_with_groups(data, district_names)
    frames = []
    for group, condition in (
        ("all", pl.lit(value=True)),
        ("child", pl.col("child")),
        ("pedal cyclist", pl.col("pedal_cyclist")),
    ):
        subset = casualties.filter(condition)
        frames.append(
            subset.group_by(list(by)).agg(_ksi_aggregates()).with_columns(pl.lit(group).alias("group"))
        )
    result = pl.concat(frames)
    return result.select(*by, "group", pl.exclude(*by, "group")).sort([*by, "group"])


def road_safety_table(data: Stats19, adjusted_decimals: int = 0) -> pl.DataFrame:
    """The 2023 paper's road-safety table by collision year, ready for :func:`compare`.

    Rows: KSI casualties (unadjusted), KSI casualties (adjusted), child KSI (unadjusted), pedal
    cyclist KSI (unadjusted), KSI collisions, all injury collisions; one column per collision year.
    Adjusted KSI sums probabilities, so it is rounded to ``adjusted_decimals`` places and marked as a
    number (not testable as a count) unless that rounding is exact.
    """
    ksi = ksi_casualties(data, by=("year",))
    collisions = data.collisions.group_by(pl.col("collision_year").alias("year")).agg(
        pl.col("collision_severity").is_in([FATAL, SERIOUS]).sum().alias("ksi_collisions"),
        pl.len().alias("collisions"),
    )
    years = sorted(set(ksi["year"].to_list()) | set(collisions["year"].to_list()))

    def by_year(frame: pl.DataFrame, column: str, group: str | None = None) -> list[float]:
        chosen = frame if group is None else frame.filter(pl.col("group") == group)
        lookup = dict(zip(chosen["year"].to_list(), chosen[column].to_list(), strict=True))
        return [lookup.get(year, 0) for year in years]

    adjusted = [round(float(v), adjusted_decimals) for v in by_year(ksi, "ksi_adjusted", "all")]
    exact = all(float(v).is_integer() for v in by_year(ksi, "ksi_adjusted", "all"))
    rows = [
        ("KSI casualties (unadjusted)", "count", by_year(ksi, "ksi_unadjusted", "all")),
        ("KSI casualties (adjusted)", "count" if exact else "number", adjusted),
        ("Child KSI casualties (unadjusted)", "count", by_year(ksi, "ksi_unadjusted", "child")),
        (
            "Pedal cyclist KSI casualties (unadjusted)",
            "count",
            by_year(ksi, "ksi_unadjusted", "pedal cyclist"),
        ),
        ("KSI collisions", "count", by_year(collisions, "ksi_collisions")),
        ("All injury collisions", "count", by_year(collisions, "collisions")),
    ]
    columns: dict[str, list[object]] = {
        "measure": [name for name, _, _ in rows],
        "unit": [unit for _, unit, _ in rows],
    }
    for i, year in enumerate(years):
        columns[str(year)] = [int(values[i]) if unit == "count" else values[i] for _, unit, values in rows]
    return pl.DataFrame(columns, strict=False)


def district_ksi_table(data: Stats19, district_names: Mapping[str, str] | None = None) -> pl.DataFrame:
    """KSI casualties by district for one table: rows are districts, columns the measures.

    Columns: district, killed, seriously_injured, ksi_unadjusted, ksi_adjusted, child_ksi,
    pedal_cyclist_ksi, casualties; a final row "Total" sums the districts.
    """
    ksi = ksi_casualties(data, by=("district",), district_names=district_names)
    everyone = ksi.filter(pl.col("group") == "all").drop("group")
    child = ksi.filter(pl.col("group") == "child").select(
        "district", pl.col("ksi_unadjusted").alias("child_ksi")
    )
    cyclist = ksi.filter(pl.col("group") == "pedal cyclist").select(
        "district", pl.col("ksi_unadjusted").alias("pedal_cyclist_ksi")
    )
    table = (
        everyone.join(child, on="district", how="left")
        .join(cyclist, on="district", how="left")
        .with_columns(pl.col("child_ksi", "pedal_cyclist_ksi").fill_null(0))
        .select(
            "district",
            "killed",
            "seriously_injured",
            "ksi_unadjusted",
            pl.col("ksi_adjusted").round(1),
            "child_ksi",
            "pedal_cyclist_ksi",
            "casualties",
        )
        .sort("district")
    )
    total = table.select(pl.lit("Total").alias("district"), pl.exclude("district").sum())
    return pl.concat([table, total.with_columns(pl.col("ksi_adjusted").round(1))], how="vertical_relaxed")


def district_names_from_csv(
    path: str | Path, code_column: str = "lad_code", name_column: str = "lad_name"
) -> dict[str, str]:
    """ONS district code to name from any lookup CSV holding both (e.g. an LSOA lookup)."""
    frame = pl.read_csv(path, infer_schema=False)
    missing = [c for c in (code_column, name_column) if c not in frame.columns]
    if missing:
        raise Stats19Error(f"{Path(path).name}: missing column(s) {', '.join(missing)}")
    pairs = frame.select(code_column, name_column).unique()
    return dict(zip(pairs[code_column].to_list(), pairs[name_column].to_list(), strict=True))
