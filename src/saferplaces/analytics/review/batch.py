"""The ASB review pipeline over a table of incidents (the batch behind ``saferplaces asvat run``).

Order of work (each step one module):

1. parse times, decide which incidents are in the review (an ASB finalisation code, or a selected
   crime type: harassment, criminal damage, public order), from the force's code list;
2. link people (:mod:`linkage`): callers, victims and suspects, so that a suspect seen before is
   recognised too;
3. find locations (:mod:`locations`);
4. repeat victim and repeat location over the rolling windows (:mod:`repeats`), counting in-review
   incidents only;
5. crime data integrity (:mod:`cdi`) for ASB-closed incidents with no crime recorded, using the
   victim's linked history for a course of conduct;
6. risk (:mod:`risk`) from the questionnaire, history and the CDI cues.

The same function runs nightly in the web application over the database export, and on an analyst's
CSV through the CLI.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from splink.internals.database_api import DatabaseAPI

from saferplaces.analytics.review import cdi as cdi_mod
from saferplaces.analytics.review import linkage, locations, repeats, risk
from saferplaces.analytics.review.config import IncidentCode, ReviewConfig, read_incident_codes

LOG = logging.getLogger(__name__)

# Home Office offence codes of the selected crime types (harassment, public order, criminal damage).
SELECTED_OFFENCES = ("8L", "8M", "8Q", "9A", "9B", "58A", "58B", "58C", "58D", "58J")

FLAG_COLUMNS = (
    "incident_ref", "repeat_victim", "repeat_location", "risk", "cdi_flag", "cdi_offence", "reasons",
)  # fmt: skip


@dataclass
class BatchResult:
    """Outputs of one run.

    Attributes:
        people: ``incident_ref``, ``person_id`` of the caller (blank for an anonymous call).
        locations: ``incident_ref``, ``location_id``.
        flags: ``incident_ref``, ``repeat_victim``, ``repeat_location`` (Y/N), ``risk``,
            ``cdi_flag`` (Y/N), ``cdi_offence``, ``reasons``.
        person_links: scored record pairs with explanation and clustering decision.
        location_links: how incidents were joined into locations.
        incidents: the working table (one row per incident, every derived column), kept for the
            point-of-report index.
        mentions: every person mention with its ``person_id`` (caller, victim, suspect).
        records: the distinct normalised person records the linkage scored.
        location_keys: ``incident_ref``, ``location_id``, ``premises_key``, ``easting``,
            ``northing`` (British National Grid, metres).
    """

    people: pl.DataFrame
    locations: pl.DataFrame
    flags: pl.DataFrame
    person_links: pl.DataFrame
    location_links: pl.DataFrame
    incidents: pl.DataFrame
    mentions: pl.DataFrame
    records: pl.DataFrame
    location_keys: pl.DataFrame
    timings: dict[str, float] = field(default_factory=dict)
    cpu_timings: dict[str, float] = field(default_factory=dict)


def parse_times(col: str) -> pl.Expr:
    """ISO 8601 text to a naive UK-local datetime (offsets dropped: minutes matter little here)."""
    text = (
        pl.col(col)
        .cast(pl.String)
        .str.strip_chars()
        .str.replace(" ", "T")
        .str.replace(r"(?:Z|[+-]\d{2}:?\d{2})$", "")
        .str.replace(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})$", "${1}:00")
        .str.slice(0, 19)
    )
    return text.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False)


def _col(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name).cast(pl.String) if name in frame.columns else pl.lit(None, dtype=pl.String)


def review_scope(frame: pl.DataFrame, codes: dict[str, IncidentCode]) -> pl.DataFrame:
    """Adds ``asb_closed``, ``in_review`` and ``crime_recorded`` (booleans) from the code list."""
    asb_codes = [c for c, v in codes.items() if v.is_asb_finalisation]
    selected = [c for c, v in codes.items() if v.is_selected_crime_type]
    closing = _col(frame, "closing_code").str.to_uppercase().str.strip_chars()
    opening = _col(frame, "opening_code").str.to_uppercase().str.strip_chars()
    offence = _col(frame, "offence_code").str.to_uppercase().str.strip_chars()
    asb_closed = closing.is_in(asb_codes).fill_null(False)
    selected_crime = (
        closing.is_in(selected).fill_null(False)
        | opening.is_in(selected).fill_null(False)
        | offence.is_in(list(SELECTED_OFFENCES)).fill_null(False)
    )
    crime_recorded = _col(frame, "crime_ref").str.strip_chars().fill_null("") != ""
    return frame.with_columns(
        asb_closed.alias("asb_closed"),
        (asb_closed | selected_crime).alias("in_review"),
        crime_recorded.alias("crime_recorded"),
    )


def _victim_person(mentions: pl.DataFrame) -> pl.DataFrame:
    """The victim of each incident: the named victim, else the caller."""
    rank = pl.col("role").replace_strict({"victim": 0, "caller": 1}, default=9, return_dtype=pl.Int8)
    return (
        mentions.filter(pl.col("role").is_in(["victim", "caller"]))
        .sort(rank)
        .unique("incident_ref", keep="first")
        .select("incident_ref", "person_id")
    )


def _prior_same_suspect(work: pl.DataFrame, window_days: int) -> list[list[str]]:
    """For each incident, earlier in-review incidents against the same victim by the same suspect."""
    base = work.select(
        pl.int_range(pl.len()).alias("_i"),
        "incident_ref",
        "received_at",
        "victim_person",
        "suspect_person",
        "in_review",
    )
    known = base.filter(
        pl.col("victim_person").is_not_null() & pl.col("suspect_person").is_not_null() & pl.col("in_review")
    )
    out: list[list[str]] = [[] for _ in range(work.height)]
    if known.height == 0:
        return out
    pairs = (
        known.join(known, on=["victim_person", "suspect_person"], suffix="_p")
        .filter(
            (pl.col("received_at_p") < pl.col("received_at"))
            & (pl.col("received_at") - pl.col("received_at_p") <= pl.duration(days=window_days))
        )
        .group_by("_i")
        .agg(pl.col("incident_ref_p").sort_by("received_at_p"))
    )
    for i, refs in pairs.iter_rows():
        out[i] = refs
    return out


def run(
    incidents: pl.DataFrame,
    config: ReviewConfig | None = None,
    codes: dict[str, IncidentCode] | None = None,
    questionnaire: risk.Questionnaire | None = None,
    db_api: DatabaseAPI[Any] | None = None,
    model: dict[str, Any] | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> BatchResult:
    """Run the whole review over ``incidents`` (interchange columns, as strings).

    Args:
        incidents: one row per incident; must hold ``incident_ref`` and ``received_at``.
        config: thresholds (default: ``ReviewConfig.from_thresholds_csv()``).
        codes: the force's incident code list (default ``data/reference/incident_codes.csv``).
        questionnaire: risk questionnaire (default the shipped one).
        db_api: Splink database API (default a new in-memory ``DuckDBAPI``).
        model: trained linkage model (default the shipped ``linkage_model.json``).
        progress: called with the name of each step as it starts.
        workers: processes for the CDI rules (default: the machine's cores, at most 4).
    """
    import time

    from splink.backends.duckdb import DuckDBAPI

    cfg = config or ReviewConfig.from_thresholds_csv()
    code_list = codes or read_incident_codes()
    q = questionnaire or risk.Questionnaire.load()
    api = db_api or DuckDBAPI()
    step = progress or (lambda _s: None)
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    timings: dict[str, float] = {}
    cpu_timings: dict[str, float] = {}
    t0 = time.perf_counter()
    c0 = _cpu_seconds()

    def lap(name: str) -> None:
        # Wall and CPU seconds per step: on a shared machine wall time includes waiting for a core.
        nonlocal t0, c0
        now, cpu = time.perf_counter(), _cpu_seconds()
        timings[name] = round(now - t0, 3)
        cpu_timings[name] = round(cpu - c0, 3)
        t0, c0 = now, cpu

    step("scope")
    frame = incidents.with_columns(pl.col(c).cast(pl.String) for c in incidents.columns)
    frame = frame.with_columns(
        parse_times("received_at").alias("received_at_dt"),
        (parse_times("closed_at") if "closed_at" in frame.columns else pl.lit(None, dtype=pl.Datetime)).alias(
            "closed_at_dt"
        ),
    )
    frame = review_scope(frame, code_list)
    lap("scope")

    step("linkage")
    # Locations need nothing from linkage: they run beside it, on the core DuckDB leaves idle
    # (Polars releases the interpreter lock while it works).
    from concurrent.futures import ThreadPoolExecutor

    beside = ThreadPoolExecutor(1)
    locs_future = beside.submit(locations.find_locations, frame, cfg.location_radius_m)
    linked = linkage.link_people(
        frame,
        api,
        model=model,
        threshold=cfg.link_match_probability,
        roles=("caller", "victim", "suspect"),
    )
    victim = _victim_person(linked.mentions).rename({"person_id": "victim_person"})
    suspect = (
        linked.mentions.filter(pl.col("role") == "suspect")
        .unique("incident_ref", keep="first")
        .select("incident_ref", pl.col("person_id").alias("suspect_person"))
    )
    lap("linkage")

    step("locations")
    locs = locs_future.result()  # the time left waiting for it; its own time is inside linkage's
    beside.shutdown()
    lap("locations")

    step("repeats")
    work = (
        frame.select(
            "incident_ref",
            pl.col("received_at_dt").alias("received_at"),
            pl.col("closed_at_dt").alias("closed_at"),
            "asb_closed",
            "in_review",
            "crime_recorded",
            _col(frame, "asb_category").str.to_lowercase().alias("asb_category"),
            _col(frame, "narrative").alias("narrative"),
            *[_col(frame, c).alias(c) for c in q_answer_columns(q)],
        )
        .join(victim, on="incident_ref", how="left")
        .join(suspect, on="incident_ref", how="left")
        .join(locs.incidents.select("incident_ref", "location_id"), on="incident_ref", how="left")
    )
    rules = (
        repeats.RepeatRule(cfg.repeat_window_days, cfg.repeat_min_incidents),
        repeats.RepeatRule(cfg.repeat_short_window_days, cfg.repeat_short_min_incidents),
    )
    # Only in-review incidents count towards a repeat; others get no entity for counting.
    counted = work.with_columns(
        pl.when(pl.col("in_review")).then(pl.col("victim_person")).alias("_vp"),
        pl.when(pl.col("in_review")).then(pl.col("location_id")).alias("_loc"),
    )
    rv = repeats.repeat_flags(counted, "_vp", rules)
    rl = repeats.repeat_flags(counted, "_loc", rules)
    short_hit = rv[f"_vp_count_{cfg.repeat_short_window_days}d"] >= cfg.repeat_short_min_incidents
    work = work.with_columns(
        rv["is_repeat"].alias("repeat_victim"),
        short_hit.alias("repeat_victim_short"),
        rv["repeat_rules"].alias("repeat_victim_rules"),
        rv[f"_vp_count_{cfg.repeat_window_days}d"].alias("victim_count"),
        rl["is_repeat"].alias("repeat_location"),
        rl["repeat_rules"].alias("repeat_location_rules"),
        rl[f"_loc_count_{cfg.repeat_window_days}d"].alias("location_count"),
    )
    lap("repeats")

    step("cdi")
    priors = _prior_same_suspect(work, cfg.course_of_conduct_days)
    rules_cdi = cdi_mod.CdiRules(decision_hours=float(cfg.cdi_decision_hours))
    hours = (pl.col("closed_at") - pl.col("received_at")).dt.total_seconds() / 3600.0
    inputs = work.select(
        (pl.col("asb_closed") & ~pl.col("crime_recorded")).alias("e"),
        pl.col("suspect_person").is_not_null().alias("has_suspect"),
        hours.alias("hours"),
    )
    assessed = cdi_mod.assess_batch(
        work["narrative"],
        eligible=inputs["e"].fill_null(False).to_numpy(),
        priors=priors,
        has_suspect=inputs["has_suspect"].to_numpy(),
        hours=inputs["hours"].to_list(),
        rules=rules_cdi,
        workers=workers,
    )
    work = work.with_columns(
        pl.Series("cdi_flag", assessed.flag),
        pl.Series("cdi_offence", assessed.offence, dtype=pl.String),
        pl.Series("cdi_reasons", assessed.reasons, dtype=pl.String),
        pl.Series("victim_distress", assessed.distress),
        pl.Series("threats", assessed.threats),
        pl.Series("threat_to_kill", assessed.threat_to_kill),
        pl.Series("hate", assessed.hate),
    )
    lap("cdi")

    step("risk")
    work = work.with_columns(
        *risk.narrative_signals(pl.col("narrative")),
        (pl.col("victim_count") >= 2).alias("prior_incidents"),
        (pl.col("asb_category") == "personal").alias("personal_category"),
    )
    scored = risk.score(work, q)
    work = work.with_columns(scored)
    lap("risk")

    step("write")
    yn = {True: "Y", False: "N"}
    reasons = pl.concat_str(
        [
            pl.when(pl.col("repeat_victim")).then(
                pl.concat_str(pl.lit("repeat victim ("), pl.col("repeat_victim_rules"), pl.lit(")"))
            ),
            pl.when(pl.col("repeat_location")).then(
                pl.concat_str(pl.lit("repeat location ("), pl.col("repeat_location_rules"), pl.lit(")"))
            ),
            pl.when(pl.col("risk_reasons") != "").then(
                pl.concat_str(pl.lit("risk: "), pl.col("risk_reasons"))
            ),
            pl.col("cdi_reasons"),
        ],
        separator=" | ",
        ignore_nulls=True,
    )
    flags = work.select(
        "incident_ref",
        pl.col("repeat_victim").replace_strict(yn, return_dtype=pl.String),
        pl.col("repeat_location").replace_strict(yn, return_dtype=pl.String),
        "risk",
        pl.col("cdi_flag").replace_strict(yn, return_dtype=pl.String),
        "cdi_offence",
        reasons.alias("reasons"),
    )
    callers = (
        linked.mentions.filter(pl.col("role") == "caller")
        .unique("incident_ref")
        .select("incident_ref", "person_id")
    )
    people = work.select("incident_ref").join(callers, on="incident_ref", how="left")
    lap("write")
    return BatchResult(
        people=people,
        locations=work.select("incident_ref", "location_id"),
        flags=flags,
        person_links=_person_links(linked),
        location_links=locs.links,
        incidents=work,
        mentions=linked.mentions,
        records=linked.records,
        location_keys=locs.incidents,
        timings=timings,
        cpu_timings=cpu_timings,
    )


def _cpu_seconds() -> float:
    """CPU seconds of this process (all threads) and of its finished child processes."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def q_answer_columns(q: risk.Questionnaire) -> list[str]:
    """Answer columns the questionnaire reads (kept through the pipeline when the export has them)."""
    return [x.answer_column for x in q.questions if x.answer_column]


def _person_links(linked: linkage.LinkageResult) -> pl.DataFrame:
    """Record-pair links with a representative incident on each side and the person they formed."""
    rep = linked.mentions.group_by("record_id").agg(
        pl.col("incident_ref").first().alias("incident_ref"),
        pl.len().alias("incidents_with_same_details"),
        pl.col("person_id").first(),
    )
    return (
        linked.links.join(rep.rename({"record_id": "record_id_l", "incident_ref": "incident_ref_l",
                                      "incidents_with_same_details": "same_details_l"}),
                          on="record_id_l", how="left")
        .join(rep.select(pl.col("record_id").alias("record_id_r"),
                         pl.col("incident_ref").alias("incident_ref_r"),
                         pl.col("incidents_with_same_details").alias("same_details_r")),
              on="record_id_r", how="left")
        .select(
            "person_id", "incident_ref_l", "incident_ref_r", "record_id_l", "record_id_r",
            pl.col("match_probability").round(4), pl.col("match_weight").round(2), "explanation", "decision",
            "same_details_l", "same_details_r",
        )
    )  # fmt: skip
