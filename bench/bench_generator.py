"""Benchmark: the synthetic incident-log generator, 1 year and 5 years at full scale.

Each measurement runs in a fresh subprocess so that its peak memory (``ru_maxrss``, taken after
generate + write and again after the baseline, whose Python tuples are large) is its own. For
each period it prints wall time, CPU time (all threads: Polars runs string work on its thread pool),
rows per second and peak memory, then a baseline measured in the same subprocess on the same rows:
writing them with the standard library ``csv`` module from pre-built tuples. The ratio says how many
times longer generating-and-writing takes than merely writing the same CSV in plain Python. It also
checks the telephone numbers: how many came from outside Ofcom's drama ranges (overflow), and how many
numbers are held by more than one household (must be 0).

The machine is shared: wall time depends on what else runs, CPU time much less. ``--threads N`` sets
POLARS_MAX_THREADS in the subprocess (the output is the same for any value).

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

TARGET_S = 60.0


def _one(years: int, seed: int) -> dict[str, float]:
    from saferplaces.analytics.synthetic import GeneratorConfig, generate, write

    config = GeneratorConfig(years=years, start=date(2021, 1, 1), seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        data = generate(config)
        t1 = time.perf_counter()
        write(data, Path(tmp))
        t2 = time.perf_counter()
        cpu = time.process_time() - cpu0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the baseline's tuples
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
    return {
        "years": years,
        "rows": data.incidents.height,
        "generate_s": t1 - t0,
        "write_s": t2 - t1,
        "total_s": t2 - t0,
        "cpu_s": cpu,
        "bytes": size,
        "baseline_csv_s": b1 - b0,
        "peak_mb": peak,
        "peak_with_baseline_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "persons": data.stats["persons"],
        "phone_numbers": data.stats["phone_numbers"],
        "phones_overflow": data.stats["phones_overflow"],
        "phones_shared": data.stats["phones_shared_between_households"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--years", type=int, nargs="*", default=[1, 5])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, help="POLARS_MAX_THREADS for the measured process")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(_one(args.one, args.seed)))
        return 0
    env = dict(os.environ)
    if args.threads:
        env["POLARS_MAX_THREADS"] = str(args.threads)
    threads = env.get("POLARS_MAX_THREADS", "default")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; Polars threads: {threads}")
    for years in args.years:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(years), "--seed", str(args.seed)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{years} year(s): {r['rows']:,} incidents in {r['total_s']:.1f} s wall "
            f"(generate {r['generate_s']:.1f} s + write {r['write_s']:.1f} s), CPU {r['cpu_s']:.1f} s, "
            f"{r['rows'] / r['total_s']:,.0f} rows/s, {r['bytes'] / 1e6:.0f} MB written, "
            f"peak memory {r['peak_mb']:.0f} MB ({r['peak_with_baseline_mb']:.0f} MB once the baseline "
            "has built its tuples)"
        )
        print(
            f"  baseline: stdlib csv writing the same {r['rows']:,} rows (+ truth) from tuples: "
            f"{r['baseline_csv_s']:.2f} s; generator / baseline = {r['total_s'] / r['baseline_csv_s']:.1f}x"
        )
        print(
            f"  {r['persons']:,} true persons; {r['phone_numbers']:,} phone numbers, "
            f"{r['phones_overflow']:,} of them overflow (outside the drama ranges); "
            f"{r['phones_shared']} held by more than one household"
        )
        if years == 5:
            wall = "meets" if r["total_s"] < TARGET_S else "MISSES"
            cpu = "meets" if r["cpu_s"] < TARGET_S else "MISSES"
            print(
                f"  target < {TARGET_S:.0f} s for five years: wall {wall} ({r['total_s']:.1f} s); "
                f"CPU {cpu} ({r['cpu_s']:.1f} s; on an idle machine wall time is about this or less)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
