"""Benchmark: the synthetic incident-log generator, 1 year and 5 years at full scale.

Each measurement runs in a fresh subprocess so that its peak memory (``ru_maxrss`` of the process and
of the forked text-pass workers) is its own. For each period it prints wall time, CPU time, rows per
second and peak memory, then a baseline measured in the same subprocess on the same rows: writing
them with the standard library ``csv`` module from pre-built tuples. The ratio says how many times
longer generating-and-writing takes than merely writing the same CSV in plain Python.

Run: ``.venv/bin/python bench/bench_generator.py`` (add ``--years 1`` for a quick run).
Target (brief): five years (~500,000 incidents) generated and written in under 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def _one(years: int, seed: int, workers: int) -> dict[str, float]:
    from saferplaces.analytics.synthetic import GeneratorConfig, generate, write

    config = GeneratorConfig(years=years, start=date(2021, 1, 1), seed=seed, workers=workers)
    with tempfile.TemporaryDirectory() as tmp:
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        data = generate(config)
        t1 = time.perf_counter()
        write(data, Path(tmp))
        t2 = time.perf_counter()
        cpu = time.process_time() - cpu0 + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())
        # Baseline: the same rows as Python tuples, written with the csv module.
        rows = data.incidents.rows()
        truth = data.truth.rows()
        b0 = time.perf_counter()
        with open(Path(tmp) / "baseline.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(data.incidents.columns)
            w.writerows(rows)
        with open(Path(tmp) / "baseline_truth.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(data.truth.columns)
            w.writerows(truth)
        b1 = time.perf_counter()
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "years": years,
        "rows": data.incidents.height,
        "generate_s": t1 - t0,
        "write_s": t2 - t1,
        "total_s": t2 - t0,
        "cpu_s": cpu,
        "bytes": size,
        "baseline_csv_s": b1 - b0,
        "peak_mb": self_kb / 1024,
        "worker_peak_mb": child_kb / 1024,
        "persons": data.stats["persons"],
        "phones_shared_while_active": data.stats["phones_shared_while_active"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, nargs="*", default=[1, 5])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(_one(args.one, args.seed, args.workers)))
        return 0
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (shared machine)")
    for years in args.years:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                str(years),
                "--seed",
                str(args.seed),
                "--workers",
                str(args.workers),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{years} year(s): {r['rows']:,} incidents in {r['total_s']:.1f} s wall "
            f"(generate {r['generate_s']:.1f} s + write {r['write_s']:.1f} s; "
            f"CPU {r['cpu_s']:.1f} s incl. workers), "
            f"{r['rows'] / r['total_s']:,.0f} rows/s, {r['bytes'] / 1e6:.0f} MB written, "
            f"peak memory {r['peak_mb']:.0f} MB (workers {r['worker_peak_mb']:.0f} MB)"
        )
        print(
            f"  baseline: stdlib csv writing the same {r['rows']:,} rows (+ truth) from tuples: "
            f"{r['baseline_csv_s']:.2f} s; generator / baseline = {r['total_s'] / r['baseline_csv_s']:.1f}x"
        )
        print(
            f"  {r['persons']:,} true persons; {r['phones_shared_while_active']:,} phone holders share a "
            "drama-range number with someone still active"
        )
        if years == 5:
            verdict = "meets" if r["total_s"] < 60 else "MISSES"
            print(f"  target < 60 s for five years: {verdict} ({r['total_s']:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
