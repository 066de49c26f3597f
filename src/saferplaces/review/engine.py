"""Adapter between the incident store and the framework-free review engine (issue 3).

``incident_table`` reads incidents and their people into the interchange columns
(``docs/formats/incident-log.md``) as strings; ``run_engine`` runs
:func:`saferplaces.analytics.review.batch.run` over it and ``store_result`` writes the flags, reasons,
person/location cluster ids and link explanations into this app's models.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from saferplaces.analytics.review import batch, risk
from saferplaces.analytics.review.config import IncidentCode as EngineCode
from saferplaces.analytics.review.config import ReviewConfig
from saferplaces.incidents.models import Incident, IncidentPerson
from saferplaces.reference.models import IncidentCode, Threshold
from saferplaces.review.models import (
    RISK_RANK,
    EngineRun,
    LocationLink,
    PersonLink,
    PersonMention,
    ReviewItem,
    Risk,
)

UK = ZoneInfo("Europe/London")
ANSWERED = "from the caller's answer"
INFERRED = "inferred from the log and history"
PERSON_FIELDS = ("name", "phone", "dob", "address", "postcode")
# Engine columns kept per item: the questionnaire's history factors and inference signals.
SIGNAL_COLUMNS = (
    "repeat_victim", "repeat_victim_short", "repeat_location", "threats", "threat_to_kill", "hate",
    "prior_incidents", "mentions_other_agency", "personal_category", "mentions_targeting",
    "mentions_vulnerability", "victim_distress",
)  # fmt: skip


def _local(value: datetime | None) -> str | None:
    """UK local time without offset, as the interchange format expects."""
    return value.astimezone(UK).strftime("%Y-%m-%dT%H:%M:%S") if value is not None else None


def incident_table(incidents: QuerySet[Incident]) -> pl.DataFrame:
    """The incidents as an interchange table (all columns strings; blank people columns are null)."""
    qs = incidents.select_related("opening_code", "closing_code", "asb_category", "offence_code", "district")
    rows: dict[int, dict[str, Any]] = {}
    for inc in qs.iterator(chunk_size=5000):
        rows[inc.pk] = {
            "incident_ref": inc.reference,
            "received_at": _local(inc.received_at),
            "closed_at": _local(inc.closed_at),
            "opening_code": inc.opening_code.code if inc.opening_code else None,
            "closing_code": inc.closing_code.code if inc.closing_code else None,
            "asb_category": inc.asb_category.code if inc.asb_category else None,
            "crime_ref": inc.crime_ref or None,
            "offence_code": inc.offence_code.code if inc.offence_code else None,
            "district": inc.district.name if inc.district else None,
            "location_text": inc.location_text or None,
            "postcode": inc.postcode or None,
            "latitude": None if inc.latitude is None else repr(inc.latitude),
            "longitude": None if inc.longitude is None else repr(inc.longitude),
            "contact_requested": {True: "Y", False: "N"}.get(inc.contact_requested),  # type: ignore[arg-type]
            "narrative": inc.narrative or None,
        }
    people = IncidentPerson.objects.filter(incident_id__in=incidents.values("pk"))
    for p in people.iterator(chunk_size=5000):
        row = rows.get(p.incident_id)
        if row is None:
            continue
        values = (
            p.name,
            p.phone,
            p.date_of_birth.isoformat() if p.date_of_birth else "",
            p.address,
            p.postcode,
        )
        for field, value in zip(PERSON_FIELDS, values, strict=True):
            row[f"{p.role}_{field}"] = value or None
    columns = list(dict.fromkeys(k for r in rows.values() for k in r))
    for role in ("caller", "victim", "suspect"):
        for field in PERSON_FIELDS:
            if f"{role}_{field}" not in columns:
                columns.append(f"{role}_{field}")
    return pl.DataFrame(
        [{c: r.get(c) for c in columns} for r in rows.values()],
        schema=dict.fromkeys(columns, pl.String),
        orient="row",
    )


def engine_codes() -> dict[str, EngineCode]:
    """The force's code list from the database (a force may have changed the CSV defaults)."""
    return {
        c.code: EngineCode(
            code=c.code,
            description=c.description,
            asb_category=c.asb_category.code if c.asb_category else None,
            is_asb_finalisation=c.is_asb_finalisation,
            is_selected_crime_type=c.is_selected_crime_type,
        )
        for c in IncidentCode.objects.select_related("asb_category")
    }


def engine_config() -> ReviewConfig:
    """The engine's thresholds: the shipped defaults overridden by the database (an administrator's edits)."""
    return ReviewConfig.from_thresholds_csv().with_values(dict(Threshold.objects.values_list("key", "value")))


def plain_reasons(reasons: str | None, questionnaire: risk.Questionnaire) -> list[str]:
    """The engine's reason string (``a | risk: q (+2, inferred); ...``) as sentences for the queue."""
    questions = {q.id: q.text for q in questionnaire.questions}
    factors = {f.id: f.text for f in questionnaire.factors}
    out: list[str] = []
    for part in (reasons or "").split(" | "):
        part = part.strip()
        if not part:
            continue
        if part.startswith("risk: "):
            for item in part.removeprefix("risk: ").split("; "):
                ident, _, rest = item.partition(" (")
                weight = rest.split(",")[0].rstrip(")")
                if item.startswith("override: "):
                    out.append("Risk raised: " + item.removeprefix("override: "))
                elif ident in questions:
                    how = ANSWERED if "answered" in rest else INFERRED
                    out.append(f"Risk factor: {questions[ident].rstrip('?')} ({how}, {weight})")
                elif ident in factors:
                    out.append(f"Risk factor: {factors[ident]} ({weight})")
                else:
                    out.append(f"Risk factor: {item}")
        elif part.startswith("repeat victim"):
            out.append("Repeat victim: " + part.removeprefix("repeat victim ").strip("()"))
        elif part.startswith("repeat location"):
            out.append("Repeat location: " + part.removeprefix("repeat location ").strip("()"))
        else:
            out.append(part[:1].upper() + part[1:])
    return out


def run_engine(
    incidents: QuerySet[Incident] | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int | None = 1,
    store_from: datetime | None = None,
) -> EngineRun:
    """Run the review engine over ``incidents`` (default all) and store its results.

    With ``store_from``, incidents received before it are read as history only (repeat counts,
    courses of conduct, linking) and keep what is stored for them; see :func:`run_incremental`.
    """
    qs = incidents if incidents is not None else Incident.objects.all()
    run = EngineRun.objects.create()
    table = incident_table(qs)
    if table.height == 0:
        run.finished_at = timezone.now()
        run.save()
        return run
    questionnaire = risk.Questionnaire.load()
    result = batch.run(
        table,
        config=engine_config(),
        codes=engine_codes(),
        questionnaire=questionnaire,
        progress=progress,
        workers=workers,
    )
    store_result(run, result, questionnaire, store_from=store_from)
    return run


def history_start(store_from: datetime) -> datetime:
    """How far back an incremental run must read so that repeats and courses of conduct count right."""
    cfg = engine_config()
    return store_from - timedelta(days=max(cfg.repeat_window_days, cfg.course_of_conduct_days))


def run_incremental(
    store_from: datetime, progress: Callable[[str], None] | None = None, workers: int | None = 1
) -> EngineRun:
    """Flag the incidents received since ``store_from`` without re-running the whole store.

    The engine reads one repeat window of history before them; the people and places it finds
    continue the clusters the stored (nightly) results already name.
    """
    qs = Incident.objects.filter(received_at__gte=history_start(store_from))
    return run_engine(qs, progress=progress, workers=workers, store_from=store_from)


def _refs_to_ids(refs: Iterable[str]) -> dict[str, int]:
    refs = list(set(refs))
    out: dict[str, int] = {}
    for i in range(0, len(refs), 5000):
        out.update(Incident.objects.filter(reference__in=refs[i : i + 5000]).values_list("reference", "pk"))
    return out


def _continue_clusters(
    pairs: Iterable[tuple[str, str]], stored: dict[str, str], run: EngineRun
) -> Callable[[str | None], str]:
    """Map this run's cluster ids to the ids already stored for the same history records.

    ``pairs`` are (key, run cluster id) and ``stored`` key -> stored cluster id, for the history
    records. A run cluster takes the stored id most of its history records carry; a cluster with
    no history gets an id scoped to this run, so it cannot collide with one stored before.
    """
    votes: dict[str, Counter[str]] = {}
    for key, cluster in pairs:
        if cluster and key in stored:
            votes.setdefault(cluster, Counter())[stored[key]] += 1
    chosen = {cluster: counts.most_common(1)[0][0] for cluster, counts in votes.items()}

    def mapped(cluster: str | None) -> str:
        if not cluster:
            return ""
        return chosen.get(cluster) or f"{cluster}.R{run.pk}"

    return mapped


@transaction.atomic
def store_result(
    run: EngineRun,
    result: batch.BatchResult,
    questionnaire: risk.Questionnaire,
    store_from: datetime | None = None,
) -> None:
    """Write one engine result. Claims and completed reviews on existing items are kept.

    With ``store_from``, only incidents received from then on are written; the earlier ones were
    history, and their stored person and location ids name this run's clusters.
    """
    work = result.incidents.unique("incident_ref", keep="first")
    flags = result.flags.unique("incident_ref", keep="first")
    work = work.join(flags.select("incident_ref", "reasons"), on="incident_ref", how="left")
    ids = _refs_to_ids(work["incident_ref"].to_list())
    incidents = {
        i.pk: i for i in Incident.objects.filter(pk__in=ids.values()).only("pk", "district_id", "received_at")
    }
    mentions = result.mentions.unique(["incident_ref", "role"], keep="first")
    if store_from is None:
        ids_out = ids
        person: Callable[[str | None], str] = lambda cluster: cluster or ""  # noqa: E731
        place: Callable[[str | None], str] = person
    else:
        ids_out = {ref: pk for ref, pk in ids.items() if incidents[pk].received_at >= store_from}
        history = [pk for pk in ids.values() if incidents[pk].received_at < store_from]
        ref_of = {pk: ref for ref, pk in ids.items()}
        stored_people = {
            f"{ref_of[i]}|{role}": pid
            for i, role, pid in PersonMention.objects.filter(incident_id__in=history).values_list(
                "incident_id", "role", "person_id"
            )
        }
        person = _continue_clusters(
            (
                (f"{r}|{role}", pid)
                for r, role, pid in mentions.select("incident_ref", "role", "person_id").iter_rows()
            ),
            stored_people,
            run,
        )
        stored_places = {
            ref_of[i]: loc
            for i, loc in ReviewItem.objects.filter(incident_id__in=history)
            .exclude(location_cluster="")
            .values_list("incident_id", "location_cluster")
        }
        place = _continue_clusters(work.select("incident_ref", "location_id").iter_rows(), stored_places, run)
    existing = {r.incident_id: r for r in ReviewItem.objects.filter(incident_id__in=ids_out.values())}
    signal_cols = [c for c in SIGNAL_COLUMNS if c in work.columns]
    new: list[ReviewItem] = []
    changed: list[ReviewItem] = []
    in_review_ids: set[int] = set()
    for row in work.iter_rows(named=True):
        pk = ids_out.get(row["incident_ref"])
        if pk is None or not row["in_review"]:
            continue
        in_review_ids.add(pk)
        band = row["risk"] or Risk.STANDARD
        item = existing.get(pk) or ReviewItem(incident_id=pk)
        item.district_id = incidents[pk].district_id
        item.received_at = incidents[pk].received_at
        item.engine_run = run
        item.risk = band
        item.risk_rank = RISK_RANK[Risk(band)]
        item.risk_score = float(row["risk_score"] or 0)
        item.repeat_victim = bool(row["repeat_victim"])
        item.repeat_location = bool(row["repeat_location"])
        item.cdi_flag = bool(row["cdi_flag"])
        item.cdi_offence = row["cdi_offence"] or ""
        item.reasons = plain_reasons(row["reasons"], questionnaire)
        item.signals = {c: bool(row[c]) for c in signal_cols}
        item.victim_person = person(row["victim_person"])
        item.location_cluster = place(row["location_id"])
        (changed if item.pk else new).append(item)
    fields = [
        "district", "received_at", "engine_run", "risk", "risk_rank", "risk_score", "repeat_victim",
        "repeat_location", "cdi_flag", "cdi_offence", "reasons", "signals", "victim_person",
        "location_cluster",
    ]  # fmt: skip
    ReviewItem.objects.bulk_create(new, batch_size=2000)
    ReviewItem.objects.bulk_update(changed, fields, batch_size=2000)
    run_ids = list(ids_out.values())
    # Items the engine no longer puts in review go, unless someone has started work on them.
    ReviewItem.objects.filter(incident_id__in=run_ids, status=ReviewItem.Status.OPEN).exclude(
        incident_id__in=in_review_ids
    ).delete()

    PersonMention.objects.filter(incident_id__in=run_ids).delete()
    PersonMention.objects.bulk_create(
        [
            PersonMention(
                incident_id=ids_out[r["incident_ref"]], role=r["role"], person_id=person(r["person_id"])
            )
            for r in mentions.iter_rows(named=True)
            if r["incident_ref"] in ids_out and r["person_id"]
        ],
        batch_size=5000,
    )
    # A link is rewritten when it touches an incident written now (both ends must exist).
    touching = Q(incident_a_id__in=run_ids)
    if store_from is not None:
        touching |= Q(incident_b_id__in=run_ids)
    PersonLink.objects.filter(touching).delete()
    PersonLink.objects.bulk_create(
        [
            PersonLink(
                person_id=person(r["person_id"]),
                incident_a_id=ids[r["incident_ref_l"]],
                incident_b_id=ids[r["incident_ref_r"]],
                match_probability=float(r["match_probability"]),
                explanation=r["explanation"] or "",
                decision=(r["decision"] or "")[:100],
            )
            for r in result.person_links.iter_rows(named=True)
            if r["incident_ref_l"] in ids
            and r["incident_ref_r"] in ids
            and (r["incident_ref_l"] in ids_out or r["incident_ref_r"] in ids_out)
        ],
        batch_size=5000,
    )
    LocationLink.objects.filter(touching).delete()
    LocationLink.objects.bulk_create(
        [
            LocationLink(
                incident_a_id=ids[r["incident_ref_l"]],
                incident_b_id=ids[r["incident_ref_r"]],
                reason=(r["reason"] or "")[:200],
                distance_m=None
                if r["distance_m"] is None or r["distance_m"] != r["distance_m"]
                else r["distance_m"],
            )
            for r in result.location_links.iter_rows(named=True)
            if r["incident_ref_l"] in ids
            and r["incident_ref_r"] in ids
            and (r["incident_ref_l"] in ids_out or r["incident_ref_r"] in ids_out)
        ],
        batch_size=5000,
    )
    run.incidents = len(ids_out)
    run.in_review = len(in_review_ids)
    run.timings = result.timings
    run.finished_at = timezone.now()
    run.save()
