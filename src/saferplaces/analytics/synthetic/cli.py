"""``saferplaces generate``: write a synthetic incident log and its truth.

Example::

    saferplaces generate --years 1 --start 2025-11-01 --seed 1 --out /tmp/gen1
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

from saferplaces.analytics.synthetic.config import DEFAULT_BOUNDARIES, GeneratorConfig
from saferplaces.analytics.synthetic.generator import generate
from saferplaces.analytics.synthetic.writer import write


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="saferplaces generate",
        description="Generate a synthetic command-and-control incident log (incidents.csv) with known "
        "truth (truth.csv). Same seed and options give byte-identical files.",
    )
    parser.add_argument("--years", type=int, default=1, help="length of the period in years (default 1)")
    parser.add_argument("--start", type=date.fromisoformat, required=True, help="first day, YYYY-MM-DD")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument(
        "--boundaries",
        type=Path,
        default=DEFAULT_BOUNDARIES,
        help="LSOA GeoJSON(.gz) with lsoa21cd, pop and by_category (default: West Yorkshire 2021 LSOAs)",
    )
    parser.add_argument("--scale", type=float, default=1.0, help="volume multiplier; 1.0 is ~100,000 a year")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = GeneratorConfig(
            years=args.years,
            start=args.start,
            seed=args.seed,
            scale=args.scale,
            boundaries=args.boundaries,
            progress=not args.quiet,
        )
    except ValueError as exc:
        print(f"saferplaces generate: {exc}", file=sys.stderr)
        return 2
    began = time.perf_counter()
    data = generate(config)
    incidents, truth = write(data, args.out)
    if not args.quiet:
        took = time.perf_counter() - began
        print(
            f"{data.incidents.height:,} incidents, {data.stats['persons']:,} people, "
            f"{data.stats['locations']:,} places in {took:.1f} s -> {incidents}, {truth}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
