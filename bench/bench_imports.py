"""Import throughput and demo start-up, on a fresh SQLite database (or DATABASE_URL if set).

Prints, for each file, rows per second of the full import beside the baseline measured in the same
run: reading and validating the same file without writing (the framework-free reader alone). The
ratio says how much the database writes cost on top of parsing.

    .venv/bin/python bench/bench_imports.py [--demo] [--incidents FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SP = [str(Path(sys.executable).parent / "saferplaces")]
WY = REPO / "data" / "police-uk-west-yorkshire-sample"
LSOA = (
    REPO
    / "data"
    / "west-yorkshire-lsoa21-boundaries"
    / "west_yorkshire_lsoa21_bgc_with_pop_and_crime_counts.geojson.gz"
)


def run(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([*SP, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def parse_only(path: Path, kind: str) -> tuple[int, float]:
    from saferplaces.analytics.sources.incident_log import read_incident_log
    from saferplaces.analytics.sources.policeuk import read_street_records
    from saferplaces.analytics.sources.rows import open_source

    reader = read_street_records if kind == "policeuk" else read_incident_log
    started = time.perf_counter()
    with open_source(path) as source:
        n = sum(1 for _ in reader(source.text))
    return n, time.perf_counter() - started


def loaded_rows(var: Path) -> int:
    summaries = sorted(var.glob("imports/*.summary.json"), key=lambda p: p.stat().st_mtime)
    return int(json.loads(summaries[-1].read_text())["rows_loaded"])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--demo", action="store_true", help="also time `setup_demo` from an empty database")
    parser.add_argument("--incidents", type=Path, help="an interchange CSV (default: generate one year)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        var = Path(tmp) / "var"
        env = {**os.environ, "SAFERPLACES_VAR_DIR": str(var), "SECRET_KEY": "bench-only"}
        run(["migrate", "-v0"], env)
        t = run(["import", "boundaries", "--quiet", str(LSOA)], env)
        print(f"boundaries: 1,404 LSOAs in {t:.1f} s")
        incidents = args.incidents
        if incidents is None:
            out = Path(tmp) / "gen"
            t = run(
                [
                    "generate",
                    "--years",
                    "1",
                    "--start",
                    "2025-11-01",
                    "--seed",
                    "2026",
                    "--out",
                    str(out),
                    "--quiet",
                ],
                env,
            )
            incidents = out / "incidents.csv"
            print(f"generate one year: {t:.1f} s")
        print(f"{'file':<40} {'rows':>8} {'import rows/s':>14} {'parse-only rows/s':>18} {'ratio':>6}")
        files = [(p, "policeuk") for p in sorted(WY.glob("*.csv.gz"))] + [(incidents, "incidents")]
        for path, kind in files:
            t_import = run(["import", kind, "--quiet", str(path)], env)
            rows = loaded_rows(var)
            n, t_parse = parse_only(path, kind)
            print(
                f"{path.name:<40} {rows:>8,} {rows / t_import:>14,.0f} {n / t_parse:>18,.0f} "
                f"{(n / t_parse) / (rows / t_import):>5.1f}x"
            )
        t_again = run(["import", "policeuk", "--quiet", str(files[0][0])], env)
        print(f"re-import of {files[0][0].name}: {t_again:.1f} s, rows added {loaded_rows(var)}")
    if args.demo:
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "SAFERPLACES_VAR_DIR": str(Path(tmp) / "var"), "SECRET_KEY": "bench-only"}
            t = run(["setup_demo", "--quiet"], env)
            t2 = run(["setup_demo", "--quiet"], env)
            print(f"demo set-up from an empty database: {t:.0f} s; second start (already loaded): {t2:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
