"""Benchmark of the ASB review engine (ASVAT) against the synthetic generator's truth.

Prints, each beside its baseline measured in the same run:

- linkage: pairwise precision / recall / F1 and cluster (B-cubed) figures of ``people.csv`` against
  ``truth.csv``'s ``person_id`` on the five-year set, with the exact-phone and exact-name+postcode
  baselines;
- CDI: precision / recall on the hand-written labelled set (dev and held-out parts) and on the
  generator's ``cdi_should_record``, with a keyword baseline;
- batch: wall time and peak memory (max RSS of the child process) of ``saferplaces asvat run`` at
  100k and 500k incidents, with the time of an exact-phone grouping of the same file;
- point of report: p50 / p95 latency of :class:`PointOfReportIndex.lookup` over the one-year (100k)
  and the five-year (500k) index, with a dictionary lookup on the exact phone as baseline.

Usage::

    .venv/bin/python bench/bench_review.py            # 100k and 500k (generates them in /tmp)
    .venv/bin/python bench/bench_review.py --quick    # one year at scale 0.2 (~20k), a few minutes

Generated data goes to ``--data-dir`` (default ``/tmp/saferplaces-bench-review``) and is reused
when present; nothing is written to the repository.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
FIXTURE = ROOT / "tests" / "fixtures" / "cdi_labelled_narratives.csv"
KEYWORD_BASELINE = re.compile(r"threat|damage|smash|scared|frighten|harass|racis|assault|graffiti|kill")


# ------------------------------------------------------------------------------------------------
# data
# ------------------------------------------------------------------------------------------------


def generate(out: Path, years: int, scale: float, seed: int, start: str) -> Path:
    if (out / "incidents.csv").exists() and (out / "truth.csv").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    cmd = [PY, "-m", "saferplaces.cli", "generate", "--years", str(years), "--start", start,
           "--seed", str(seed), "--scale", str(scale), "--out", str(out), "--quiet"]  # fmt: skip
    subprocess.run(cmd, check=True, cwd=ROOT)
    return out


def run_batch(data: Path, out: Path) -> tuple[float, float, float]:
    """Run the CLI in a child process.

    Returns (wall seconds, CPU seconds of the child, peak RSS in MB of the children). CPU time is
    printed beside wall time because the benchmark machine is shared: wall time includes waiting.
    """
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage.ru_maxrss
    cpu0 = usage.ru_utime + usage.ru_stime
    t0 = time.perf_counter()
    cmd = [PY, "-m", "saferplaces.cli", "asvat", "run", "--incidents", str(data / "incidents.csv"),
           "--out", str(out), "--quiet"]  # fmt: skip
    subprocess.run(cmd, check=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss of children is the largest child so far (KiB on Linux).
    return wall, usage.ru_utime + usage.ru_stime - cpu0, max(usage.ru_maxrss, before) / 1024


# ------------------------------------------------------------------------------------------------
# metrics
# ------------------------------------------------------------------------------------------------


def _pairs(counts: pl.Series) -> int:
    c = counts.cast(pl.Int64).to_numpy()
    return int((c * (c - 1) // 2).sum())


def pairwise(pred: pl.Series, truth: pl.Series) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1 of a clustering (null prediction = singleton)."""
    df = pl.DataFrame({"p": pred, "t": truth}).filter(pl.col("t").is_not_null())
    df = df.with_columns(pl.col("p").fill_null(pl.format("_single{}", pl.int_range(pl.len()))))
    tp = _pairs(df.group_by(["p", "t"]).len()["len"])
    pp = _pairs(df.group_by("p").len()["len"])
    tt = _pairs(df.group_by("t").len()["len"])
    p = tp / pp if pp else 0.0
    r = tp / tt if tt else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed(pred: pl.Series, truth: pl.Series) -> tuple[float, float, float, float]:
    """B-cubed precision, recall, F1, and the share of true people recovered exactly."""
    df = pl.DataFrame({"p": pred, "t": truth}).filter(pl.col("t").is_not_null())
    df = df.with_columns(pl.col("p").fill_null(pl.format("_single{}", pl.int_range(pl.len()))))
    df = df.with_columns(
        pl.len().over(["p", "t"]).alias("pt"), pl.len().over("p").alias("np"), pl.len().over("t").alias("nt")
    )
    p = float((df["pt"] / df["np"]).mean())  # type: ignore[arg-type]
    r = float((df["pt"] / df["nt"]).mean())  # type: ignore[arg-type]
    exact = df.group_by("t").agg((pl.col("pt") == pl.col("nt")).all() & (pl.col("pt") == pl.col("np")).all())
    return p, r, 2 * p * r / (p + r), float(exact[exact.columns[1]].mean())  # type: ignore[arg-type]


def pr(pred: list[bool], gold: list[bool]) -> tuple[float, float, int]:
    tp = sum(a and b for a, b in zip(pred, gold, strict=True))
    fp = sum(a and not b for a, b in zip(pred, gold, strict=True))
    fn = sum(b and not a for a, b in zip(pred, gold, strict=True))
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0), tp + fn


def line(name: str, p: float, r: float, f: float | None = None, extra: str = "") -> None:
    f_txt = f"  F1 {f:.4f}" if f is not None else ""
    print(f"  {name:34s} P {p:.4f}  R {r:.4f}{f_txt}{extra}")


# ------------------------------------------------------------------------------------------------
# sections
# ------------------------------------------------------------------------------------------------


def linkage_section(data: Path, out: Path) -> None:
    from saferplaces.analytics.review import normalise as nz
    from saferplaces.analytics.review.cli import read_incidents

    truth = pl.read_csv(data / "truth.csv", infer_schema=False, columns=["incident_ref", "person_id"]).select(
        "incident_ref", pl.col("person_id").replace("", None).alias("truth")
    )
    people = pl.read_csv(out / "people.csv", infer_schema=False)
    j = truth.join(people, on="incident_ref", how="left")
    inc = read_incidents(data / "incidents.csv")
    callers = nz.normalise_people(
        inc.select("incident_ref", *[c for c in inc.columns if c.startswith("caller_")]), "caller"
    ).collect()
    base = truth.join(
        callers.select(
            "incident_ref",
            pl.col("phone").alias("exact_phone"),
            pl.concat_str("forename", "surname", "postcode", separator="|").alias("exact_name_pc"),
        ),
        on="incident_ref",
        how="left",
    )
    print(f"linkage on {data.name}: {truth['truth'].n_unique()} true callers, {truth.height} incidents")
    line("baseline exact phone", *pairwise(base["exact_phone"], base["truth"]))
    line("baseline exact name+postcode", *pairwise(base["exact_name_pc"], base["truth"]))
    p, r, f = pairwise(j["person_id"], j["truth"])
    line("Splink + constrained clustering", p, r, f, "   (target F1 >= 0.97, P >= 0.97)")
    bp, br, bf, exact = bcubed(j["person_id"], j["truth"])
    print(f"  {'cluster (B-cubed)':34s} P {bp:.4f}  R {br:.4f}  F1 {bf:.4f}  recovered exactly {exact:.3f}")
    bp, br, bf, exact = bcubed(base["exact_phone"], base["truth"])
    print(f"  {'cluster baseline exact phone':34s} P {bp:.4f}  R {br:.4f}  F1 {bf:.4f}  exact {exact:.3f}")


def cdi_section(data: Path, out: Path) -> None:
    from saferplaces.analytics.review import cdi

    with FIXTURE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    print(f"CDI on the hand-written set ({len(rows)} narratives)")
    for split in ("dev", "heldout"):
        part = [r for r in rows if r["split"] == split]
        gold = [r["should_record"] == "Y" for r in part]
        res = [
            cdi.assess(
                r["narrative"], prior_same_suspect=[f"H{i}" for i in range(int(r["prior_same_suspect"]))]
            )
            for r in part
        ]
        p, r_, n = pr([x.should_record for x in res], gold)
        hits = [
            x.offence == r["offence"]
            for x, r in zip(res, part, strict=True)
            if x.should_record and r["offence"]
        ]
        kp, kr, _ = pr([bool(KEYWORD_BASELINE.search(r["narrative"].lower())) for r in part], gold)
        line(f"baseline keywords ({split})", kp, kr)
        line(
            f"rules ({split}, {n} positives)",
            p,
            r_,
            None,
            f"  offence agrees {sum(hits) / max(len(hits), 1):.3f}",
        )
    truth = pl.read_csv(data / "truth.csv", infer_schema=False, columns=["incident_ref", "cdi_should_record"])
    flags = pl.read_csv(out / "flags.csv", infer_schema=False)
    inc = pl.read_csv(
        data / "incidents.csv",
        infer_schema=False,
        columns=["incident_ref", "closing_code", "crime_ref", "narrative"],
    )
    asb = inc.filter(
        pl.col("closing_code").is_in(["ASBP", "ASBN", "ASBE"]) & (pl.col("crime_ref").fill_null("") == "")
    )
    j = asb.join(truth, on="incident_ref").join(flags.select("incident_ref", "cdi_flag"), on="incident_ref")
    gold = (j["cdi_should_record"] == "Y").to_list()
    print(f"CDI on the generator's truth ({j.height} ASB-closed logs without a crime)")
    kp, kr, _ = pr([bool(KEYWORD_BASELINE.search((t or "").lower())) for t in j["narrative"].to_list()], gold)
    line("baseline keywords", kp, kr)
    p, r_, n = pr((j["cdi_flag"] == "Y").to_list(), gold)
    line(f"batch rules + linked history ({n} pos.)", p, r_)
    cdi_speed(inc)


def cdi_speed(inc: pl.DataFrame) -> None:
    """CPU seconds of the batch CDI pass over every log, beside one ``assess`` call per log (timed on
    a sample of 5,000 and scaled): the exact rules applied log by log, the way the batch used to."""
    import numpy as np

    from saferplaces.analytics.review import cdi

    n = inc.height
    eligible = (
        inc["closing_code"].is_in(["ASBP", "ASBN", "ASBE"]) & (inc["crime_ref"].fill_null("") == "")
    ).to_numpy()
    cdi._sentence_cues.cache_clear()
    t0 = time.process_time()
    out = cdi.assess_batch(inc["narrative"], eligible, [()] * n, np.zeros(n, dtype=bool), [None] * n)
    batch_cpu = time.process_time() - t0
    sample = inc["narrative"].sample(min(5000, n), seed=1).to_list()
    cdi._sentence_cues.cache_clear()
    t0 = time.process_time()
    for text in sample:
        cdi.assess(text)
    per_log = (time.process_time() - t0) / len(sample)
    print(
        f"  CDI pass over {n} logs: {batch_cpu:.1f} s CPU in one process, {out.assessed} read by the exact "
        f"rules (baseline: assess() on every log {per_log * n:.0f} s CPU, from {len(sample)} timed; "
        f"ratio {per_log * n / batch_cpu:.0f}x)"
    )


def batch_section(data: Path, out: Path, label: str) -> None:
    t0 = time.perf_counter()
    frame = pl.read_csv(data / "incidents.csv", infer_schema=False, columns=["incident_ref", "caller_phone"])
    frame.group_by(pl.col("caller_phone").str.replace_all(r"\D", "")).agg(pl.col("incident_ref"))
    base = time.perf_counter() - t0
    wall, cpu, rss = run_batch(data, out)
    print(
        f"batch {label} ({frame.height} incidents): {wall:.1f} s wall, {cpu:.1f} s CPU, peak {rss:.0f} MB, "
        f"load average {os.getloadavg()[0]:.1f} "
        f"(baseline exact-phone grouping {base:.1f} s; ratio {wall / base:.0f}x; target <= 60 s, <= 4096 MB)"
    )


def point_of_report_section(data: Path, n_lookups: int, label: str) -> None:
    from saferplaces.analytics.review import batch, point_of_report
    from saferplaces.analytics.review.cli import read_incidents

    inc = read_incidents(data / "incidents.csv")
    held = inc.tail(n_lookups)
    result = batch.run(inc.head(inc.height - n_lookups))
    t0 = time.perf_counter()
    index = point_of_report.PointOfReportIndex(result)
    build = time.perf_counter() - t0
    # The first lookups load code paths and warm DuckDB; a desk officer's session is warm too.
    for row in held.head(5).iter_rows(named=True):
        index.lookup(row)
    phones = {p: r for r, p in result.records.select("record_id", "phone").drop_nulls().iter_rows()}
    base: list[float] = []
    times: list[float] = []
    linked = 0
    for row in held.iter_rows(named=True):
        t0 = time.perf_counter()
        phones.get(row.get("caller_phone") or "")
        base.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        report = index.lookup(row)
        times.append(time.perf_counter() - t0)
        linked += bool(report.persons)
    q = statistics.quantiles(times, n=20)
    qb = statistics.quantiles(base, n=20)
    print(
        f"point of report {label} ({n_lookups} new incidents, index over {result.incidents.height}, "
        f"built in {build:.1f} s): p50 {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {q[18] * 1000:.1f} ms, {linked} linked to a person, load average {os.getloadavg()[0]:.1f} "
        f"(baseline dict lookup p95 {qb[18] * 1e6:.1f} us; target p95 <= 50 ms)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one year at scale 0.2 only")
    # Generated data is never committed: it goes to the system temporary folder.
    parser.add_argument("--data-dir", default=str(Path(tempfile.gettempdir()) / "saferplaces-bench-review"))
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument(
        "--sections",
        default="batch,linkage,cdi,por",
        help="comma-separated subset; without 'batch' the outputs of an earlier run are reused",
    )
    args = parser.parse_args(argv)
    base = Path(args.data_dir)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    sections = set(args.sections.split(","))
    if args.quick:
        small = generate(base / "quick", 1, 0.2, 11, "2023-01-01")
        if "batch" in sections:
            batch_section(small, base / "quick-out", "quick")
        if "linkage" in sections:
            linkage_section(small, base / "quick-out")
        if "cdi" in sections:
            cdi_section(small, base / "quick-out")
        if "por" in sections:
            point_of_report_section(small, min(args.lookups, 100), "quick")
    else:
        one = generate(base / "one-year", 1, 1.0, 3, "2023-01-01")
        five = generate(base / "five-year", 5, 1.0, 2, "2020-01-01")
        if "batch" in sections:
            batch_section(one, base / "one-year-out", "100k")
            batch_section(five, base / "five-year-out", "500k")
        if "linkage" in sections:
            linkage_section(five, base / "five-year-out")
        if "cdi" in sections:
            cdi_section(five, base / "five-year-out")
        if "por" in sections:
            point_of_report_section(one, args.lookups, "100k")
            point_of_report_section(five, args.lookups, "500k")
    print(f"load average at end {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
