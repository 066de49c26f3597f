"""Point of report: when a new call comes in, who and where is it, and what happened before?

Built once from a batch run (:class:`PointOfReportIndex.from_batch`), the index holds hash maps from
the same keys the linkage blocks on (phone, surname + date of birth, full name, surname + postcode,
forename + date of birth, house number + street) to the batch's person records, and a KD-tree of the
incidents' British National Grid points (EPSG:27700, metres). A lookup:

1. normalises the new caller/victim exactly as the batch does;
2. gathers candidate records from the hash maps and scores them with the batch's trained Splink model:
   Splink writes the scoring SQL once (``splink.internals.realtime.compare_records`` with its SQL
   cache, when the index is built); each lookup then registers the new record and its candidate rows
   (an Arrow ``take`` of the records table) under two fixed names on one persistent DuckDB
   connection and runs that SQL (no tables created or dropped, no Splink objects per lookup);
   persons at or above the batch's match probability are kept;
3. finds the location: same premises key, else incidents within the radius on the grid;
4. returns each person's and location's incident history, latest risk and flags, and the review cadence
   that the latest risk band implies. Histories are grouped by person and location when the index is
   built (row numbers into one table, newest first), so a lookup reads only its own rows.
"""

from __future__ import annotations

import logging
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
from scipy.spatial import cKDTree
from splink.internals import realtime
from splink.internals.realtime import compare_records

from saferplaces.analytics import geo
from saferplaces.analytics.review import linkage, locations
from saferplaces.analytics.review.batch import BatchResult

LOG = logging.getLogger(__name__)

# Suffix of the two input tables in the cached scoring SQL.
_SUFFIX = "point_of_report"

INDEX_KEYS: tuple[tuple[str, ...], ...] = (
    ("phone",),
    ("surname", "dob"),
    ("forename", "surname"),
    ("surname", "postcode"),
    ("forename", "dob"),
    ("surname", "house_num", "street"),
    ("phone_tail", "surname"),
)
HISTORY_COLUMNS = (
    "incident_ref", "received_at", "asb_category", "risk", "risk_reasons", "repeat_victim",
    "repeat_location", "cdi_flag", "cdi_offence",
)  # fmt: skip


@dataclass
class PersonMatch:
    """A person the new report links to, with the strongest record-pair explanation."""

    person_id: str
    match_probability: float
    explanation: str


@dataclass
class PointOfReport:
    """What the reviewer sees at the point of report.

    Attributes:
        persons: linked persons, best first.
        person_history: previous incidents of the best person (newest first).
        location_id: the matched location, if any.
        location_history: previous incidents at that location (newest first).
        prior_risk: latest risk band of the person (or location) and its reasons.
        review_cadence_days: supervisory review cadence implied by ``prior_risk``.
        flags: counts of earlier repeat-victim, repeat-location and CDI flags.
    """

    persons: list[PersonMatch]
    person_history: list[dict[str, Any]]
    location_id: str | None
    location_history: list[dict[str, Any]]
    prior_risk: dict[str, Any] | None
    review_cadence_days: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)


class PointOfReportIndex:
    """Index over a batch run for fast lookups of a new incident.

    Args:
        result: the batch output (with ``records`` and ``mentions``).
        model: the trained linkage model used by the batch.
        threshold: minimum match probability to report a person link.
        radius_m: location radius on the British National Grid (metres).
        cadence: review cadence per band (``{"high": {"sergeant": 14, ...}}``).
    """

    def __init__(
        self,
        result: BatchResult,
        model: dict[str, Any] | None = None,
        threshold: float = 0.7,
        radius_m: float = 30.0,
        cadence: dict[str, dict[str, int]] | None = None,
    ) -> None:
        from splink.backends.duckdb import DuckDBAPI

        self.model = model or linkage.load_model()
        self.threshold = threshold
        self.radius_m = radius_m
        self.cadence = cadence or {}
        self._db = DuckDBAPI()
        # Each lookup scores a handful of pairs: one thread avoids scheduling overhead that dominates
        # such tiny queries.
        self._db.duckdb_con.execute("SET threads = 1")
        records = result.records
        # Term frequencies of every column the model adjusts (full name, date of birth), as
        # compare_records expects them on the records (tf_<column>).
        self._tf_columns = sorted(
            {
                lv["tf_adjustment_column"]
                for comp in self.model["comparisons"]
                for lv in comp["comparison_levels"]
                if lv.get("tf_adjustment_column")
            }
        )
        self._tf: dict[str, dict[Any, float]] = {}
        self._tf_default: dict[str, float] = {}
        for col in self._tf_columns:
            counts = records.group_by(col).len().filter(pl.col(col).is_not_null())
            total = max(int(counts["len"].sum()), 1)
            freq = counts.select(col, (pl.col("len") / total).alias(f"tf_{col}"))
            records = records.join(freq, on=col, how="left")
            self._tf[col] = dict(freq.iter_rows())
            # A value never seen counts as the rarest one.
            self._tf_default[col] = 1.0 / total
        self._records = records
        self._columns = [*linkage.RECORD_COLUMNS, *[f"tf_{c}" for c in self._tf_columns]]
        # The records as one Arrow table; a lookup takes its candidates' rows by position.
        self._table = records.select(self._columns).to_arrow()
        self._position = {rid: i for i, rid in enumerate(records["record_id"].to_list())}
        self._index: dict[tuple[str, ...], dict[tuple[Any, ...], list[int]]] = {}
        for key in INDEX_KEYS:
            sub = self._records.select("record_id", *key).drop_nulls()
            table: dict[tuple[Any, ...], list[int]] = {}
            for row in sub.iter_rows():
                table.setdefault(tuple(row[1:]), []).append(row[0])
            self._index[key] = table
        record_person = result.mentions.unique("record_id").select("record_id", "person_id")
        self._record_person = dict(record_person.iter_rows())
        self._labels = linkage.level_labels(self.model)
        self._sql = self._scoring_sql()
        # Parsed once: DuckDB then only binds and runs it per lookup (about a third less time).
        self._statement = self._db.duckdb_con.extract_statements(self._sql)[0] if self._sql else None
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="point-of-report")
        # Histories: one table, newest first; per person and per location the row numbers in it.
        inc = (
            result.incidents.select(
                [
                    c
                    for c in (*HISTORY_COLUMNS, "victim_person", "location_id")
                    if c in result.incidents.columns
                ]
            )
            .sort("received_at", descending=True, nulls_last=True)
            .with_row_index("_row")
        )
        self._history_table = inc.select([c for c in HISTORY_COLUMNS if c in inc.columns])
        self._by_person = self._rows_by(inc, "victim_person")
        caller_people = result.mentions.filter(pl.col("role") == "caller").select("incident_ref", "person_id")
        for pid, rows in self._rows_by(
            inc.join(caller_people, on="incident_ref", how="inner"), "person_id"
        ).items():
            self._by_person.setdefault(pid, rows)
        self._by_location = self._rows_by(inc, "location_id")
        self._premises = dict(
            result.location_keys.drop_nulls("premises_key").select("premises_key", "location_id").iter_rows()
        )
        pts = result.location_keys.filter(pl.col("easting").is_finite() & pl.col("northing").is_finite())
        self._loc_ids = pts["location_id"].to_list()
        self._tree = (
            cKDTree(np.column_stack([pts["easting"].to_numpy(), pts["northing"].to_numpy()]))
            if pts.height
            else None
        )

    @staticmethod
    def _rows_by(inc: pl.DataFrame, key: str) -> dict[str, np.ndarray]:
        """Row numbers of ``inc`` (newest first) per value of ``key``."""
        groups = inc.filter(pl.col(key).is_not_null()).group_by(key).agg(pl.col("_row").sort())
        return {
            k: np.asarray(rows, dtype=np.int64)
            for k, rows in zip(groups[key].to_list(), groups["_row"].to_list(), strict=True)
        }

    def _scoring_sql(self) -> str | None:
        """The model's scoring SQL as Splink writes it, over two fixed table names (None: unavailable).

        ``compare_records`` caches the SQL it builds under a key with its tables' unique suffix; the
        cache's own ``get`` swaps the suffix for ours. Should a Splink release drop that cache,
        lookups fall back to calling ``compare_records`` each time (the same scores, only slower).
        """
        if self._table.num_rows == 0:
            return None
        sample = self._table.slice(0, 1)
        key = f"point_of_report_{id(self)}"
        df = compare_records(sample, sample, self.model, self._db, sql_cache_key=key)
        df.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
        self._unregister_inputs()
        cache = getattr(realtime, "_sql_cache", None)
        sql = cache.get(key, _SUFFIX) if cache is not None else None
        if not (isinstance(sql, str) and f"_left_{_SUFFIX}" in sql and f"_right_{_SUFFIX}" in sql):
            return None
        return sql

    def _candidates(self, rec: dict[str, Any]) -> list[int]:
        found: set[int] = set()
        for key, table in self._index.items():
            values = tuple(rec.get(k) for k in key)
            if any(v is None for v in values):
                continue
            found.update(table.get(values, ())[:200])
        return sorted(found)

    def _score(self, recs: list[dict[str, Any]], candidates: list[list[int]]) -> pl.DataFrame:
        """Match probability and explanation of each record against its own candidates, at or above
        the threshold; all records of one lookup in one query (``record_id_l`` is -1, -2, ...)."""
        lefts = []
        for k, rec in enumerate(recs):
            left = {**rec, "record_id": -1 - k}
            for col in self._tf_columns:
                value = rec.get(col)
                left[f"tf_{col}"] = None if value is None else self._tf[col].get(value, self._tf_default[col])
            lefts.append({c: left.get(c) for c in self._columns})
        union = sorted({c for cands in candidates for c in cands})
        left_tbl = pa.Table.from_pylist(lefts, schema=self._table.schema)
        right_tbl = self._table.take(pa.array([self._position[c] for c in union], type=pa.int64()))
        if self._statement is None:
            df = compare_records(left_tbl, right_tbl, self.model, self._db, sql_cache_key="point_of_report")
            table = pl.from_arrow(df.as_pyarrow_table())
            df.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
            self._unregister_inputs()
        else:
            # Registering Arrow tables is a pointer swap (no copy); the same two names every time.
            con = self._db.duckdb_con
            con.register(f"__splink__compare_records_left_{_SUFFIX}", left_tbl)
            con.register(f"__splink__compare_records_right_{_SUFFIX}", right_tbl)
            # ``execute`` binds the SQL once; a relation (``con.sql``) would bind it again to run it.
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message="Arrow output on a DB-API result")
                table = pl.from_arrow(con.execute(self._statement).to_arrow_table())
        assert isinstance(table, pl.DataFrame)
        # The query pairs every record with every candidate; keep each record's own candidates.
        own = pl.DataFrame(
            {
                "record_id_l": [-1 - k for k, cands in enumerate(candidates) for _ in cands],
                "record_id_r": [c for cands in candidates for c in cands],
            },
            schema={"record_id_l": table.schema["record_id_l"], "record_id_r": table.schema["record_id_r"]},
        )
        kept = table.filter(pl.col("match_probability") >= self.threshold).join(
            own, on=["record_id_l", "record_id_r"], how="semi"
        )
        return kept.with_columns(explanation=linkage.explain_expr(self._labels, kept.columns))

    def _unregister_inputs(self) -> None:
        # compare_records registers its two inputs as views under fresh names; drop them so that a
        # long-running index does not accumulate one pair per lookup.
        con = self._db.duckdb_con
        names = con.sql(
            "SELECT view_name FROM duckdb_views() WHERE view_name LIKE '__splink__compare_records_%'"
        ).fetchall()
        for (name,) in names:
            con.unregister(name)

    def lookup(self, incident: dict[str, Any]) -> PointOfReport:
        """Person and location histories for one new incident (interchange field names)."""
        frame = pl.DataFrame({k: [None if v is None else str(v)] for k, v in incident.items()})
        if "incident_ref" not in frame.columns:
            frame = frame.with_columns(pl.lit("NEW").alias("incident_ref"))
        # The place is found in a second thread while the people are scored (Polars and DuckDB work
        # outside Python's lock, so the two overlap on a second core).
        located = self._pool.submit(self._locate, frame)
        mentions = linkage.person_mentions(frame, ("victim", "caller"))
        persons: dict[str, PersonMatch] = {}
        recs: list[dict[str, Any]] = []
        cands: list[list[int]] = []
        for rec in mentions.iter_rows(named=True):
            rec["full_name"] = (
                f"{rec['forename']} {rec['surname']}" if rec.get("forename") and rec.get("surname") else None
            )
            rec["places"] = [rec["place"]] if rec.get("place") else None
            found = self._candidates(rec)
            if found:
                recs.append(rec)
                cands.append(found)
        if recs:
            for row in self._score(recs, cands).iter_rows(named=True):
                pid = self._record_person.get(row["record_id_r"])
                if pid is None:
                    continue
                best = persons.get(pid)
                if best is None or row["match_probability"] > best.match_probability:
                    persons[pid] = PersonMatch(pid, float(row["match_probability"]), row["explanation"])
        ranked = sorted(persons.values(), key=lambda p: -p.match_probability)
        person_history = self._history(self._by_person.get(ranked[0].person_id)) if ranked else []
        location_id = located.result()
        location_history = self._history(self._by_location.get(location_id)) if location_id else []
        source = person_history or location_history
        prior = None
        if source:
            latest = source[0]
            prior = {
                "risk": latest.get("risk"),
                "reasons": latest.get("risk_reasons"),
                "incident_ref": latest["incident_ref"],
            }
        flags = {
            "repeat_victim": sum(1 for r in person_history if r.get("repeat_victim")),
            "repeat_location": sum(1 for r in location_history if r.get("repeat_location")),
            "cdi": sum(1 for r in person_history if r.get("cdi_flag")),
        }
        cadence = self.cadence.get(prior["risk"], {}) if prior and prior.get("risk") else {}
        return PointOfReport(ranked, person_history, location_id, location_history, prior, cadence, flags)

    def _locate(self, frame: pl.DataFrame) -> str | None:
        key = locations.premises_keys(frame)["premises_key"][0]
        if key is not None and key in self._premises:
            return str(self._premises[key])
        if self._tree is None or "latitude" not in frame.columns or "longitude" not in frame.columns:
            return None
        lat = frame["latitude"].cast(pl.Float64, strict=False).to_numpy()
        lon = frame["longitude"].cast(pl.Float64, strict=False).to_numpy()
        e, n = geo.to_bng(lon, lat)
        if not (np.isfinite(e[0]) and np.isfinite(n[0])):
            return None
        dist, idx = self._tree.query([e[0], n[0]], k=1, distance_upper_bound=self.radius_m)
        if not np.isfinite(dist):
            return None
        return str(self._loc_ids[int(idx)])

    def _history(self, rows: np.ndarray | None, limit: int = 50) -> list[dict[str, Any]]:
        if rows is None:
            return []
        return self._history_table[rows[:limit]].to_dicts()
