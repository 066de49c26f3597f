"""``saferplaces asvat``: the ASB review engine from the command line, with no server.

``saferplaces asvat run --incidents FILE.csv --out DIR`` reads an incident-log interchange CSV
(docs/formats/incident-log.md) and writes:

- ``DIR/people.csv``: ``incident_ref,person_id`` of the caller (blank when anonymous);
- ``DIR/mentions.csv``: ``incident_ref,role,person_id`` for callers, victims and suspects (repeat
  victim counts use the victim: the named victim, else the caller);
- ``DIR/locations.csv``: ``incident_ref,location_id``;
- ``DIR/flags.csv``: ``incident_ref,repeat_victim,repeat_location,risk,cdi_flag,cdi_offence,reasons``;
- ``DIR/links.csv``: why records were linked into one person (or refused), with match probability
  and per-field match weights; ``DIR/location_links.csv``: how incidents were joined into locations.

``saferplaces asvat train --incidents FILE.csv --model OUT.json`` re-estimates the linkage model on a
force's own data (EM; see docs/review-engine.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import polars as pl
from tqdm import tqdm

from saferplaces.analytics.review import batch, linkage, risk
from saferplaces.analytics.review.config import ReviewConfig, read_incident_codes

STEPS = ("scope", "linkage", "locations", "repeats", "cdi", "risk", "write")


def read_incidents(path: str | Path) -> pl.DataFrame:
    """Read an interchange CSV with every column as text (blank -> null); a BOM is tolerated."""
    frame = pl.read_csv(
        path,
        infer_schema=False,
        encoding="utf8-lossy",
        truncate_ragged_lines=False,
    )
    frame = frame.rename({c: c.lstrip("\ufeff").strip() for c in frame.columns})
    for required in ("incident_ref", "received_at"):
        if required not in frame.columns:
            raise ValueError(f"{path}: the header has no {required!r} column")
    # A repeated reference keeps its first row (``is_first_distinct`` is a single pass, in order).
    return frame.with_columns(
        pl.when(pl.col(c).str.strip_chars() == "").then(None).otherwise(pl.col(c)).alias(c)
        for c in frame.columns
    ).filter(pl.col("incident_ref").is_first_distinct())


def _run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    frame = read_incidents(args.incidents)
    cfg = ReviewConfig.from_thresholds_csv(args.thresholds)
    codes = read_incident_codes(args.codes)
    q = risk.Questionnaire.load(args.questionnaire)
    model = linkage.load_model(args.model) if args.model else None
    bar = tqdm(total=len(STEPS), desc="asvat", unit="step", disable=args.quiet, file=sys.stderr)

    def progress(step: str) -> None:
        bar.set_postfix_str(step)
        if step != "scope":
            bar.update(1)

    result = batch.run(frame, cfg, codes, q, model=model, progress=progress)
    result.people.write_csv(out / "people.csv")
    result.locations.write_csv(out / "locations.csv")
    result.flags.write_csv(out / "flags.csv")
    result.mentions.select("incident_ref", "role", "person_id").write_csv(out / "mentions.csv")
    result.person_links.write_csv(out / "links.csv")
    result.location_links.write_csv(out / "location_links.csv")
    if args.index:
        result.incidents.write_parquet(out / "review_incidents.parquet")
        result.mentions.write_parquet(out / "review_mentions.parquet")
    bar.update(1)
    bar.close()
    if not args.quiet:
        flagged = result.flags.filter(pl.col("cdi_flag") == "Y").height
        print(
            f"{frame.height} incidents, {result.people['person_id'].drop_nulls().n_unique()} people, "
            f"{result.locations['location_id'].n_unique()} locations, {flagged} CDI flags "
            f"in {time.perf_counter() - started:.1f} s -> {out}",
            file=sys.stderr,
        )
        steps = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings.items())
        print(f"steps: {steps}", file=sys.stderr)
        cpu = ", ".join(f"{k} {v:.1f} s" for k, v in result.cpu_timings.items())
        print(f"steps (CPU seconds, all threads and workers): {cpu}", file=sys.stderr)
    return 0


def _train(args: argparse.Namespace) -> int:
    from splink.backends.duckdb import DuckDBAPI

    frame = read_incidents(args.incidents)
    mentions = linkage.person_mentions(frame, ("caller", "victim", "suspect"))
    records, _ = linkage.distinct_records(mentions)
    model = linkage.train(records, DuckDBAPI(), seed=args.seed)
    Path(args.model).write_text(json.dumps(model, indent=1), encoding="utf-8")
    if not args.quiet:
        print(f"trained on {records.height} distinct person records -> {args.model}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="saferplaces asvat", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="review an interchange CSV and write people, locations and flags")
    run.add_argument("--incidents", required=True, help="incident-log interchange CSV")
    run.add_argument("--out", required=True, help="output folder")
    run.add_argument("--thresholds", help="thresholds CSV (default data/reference/thresholds.csv)")
    run.add_argument("--codes", help="incident code list (default data/reference/incident_codes.csv)")
    run.add_argument("--questionnaire", help="risk questionnaire JSON (default: the shipped one)")
    run.add_argument("--model", help="trained linkage model JSON (default: the shipped one)")
    run.add_argument("--index", action="store_true", help="also write parquet tables for point of report")
    run.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    run.set_defaults(func=_run)
    train = sub.add_parser("train", help="estimate the linkage model on a force's own incidents")
    train.add_argument("--incidents", required=True)
    train.add_argument("--model", required=True, help="where to write the model JSON")
    train.add_argument("--seed", type=int, default=42)
    train.add_argument("--quiet", action="store_true")
    train.set_defaults(func=_train)
    return parser


def main(argv: list[str]) -> int:
    """Entry point for ``saferplaces asvat``."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))
