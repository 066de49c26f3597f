"""``saferplaces report ...``: performance tables from aggregated CSVs or STATS19 files.

    saferplaces report compare --input FILE.csv --out OUT.{csv,xlsx,docx,html}
    saferplaces report stats19 --data DIR --out OUT.{csv,xlsx,docx,html} [--districts LOOKUP.csv]

The input format of ``compare`` is described in docs/performance.md. Both commands finish in well
under a second on Panel-sized tables, so they print a one-line summary instead of a progress bar.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from saferplaces.analytics.performance.compare import (
    RESERVED,
    CompareInputError,
    Rounding,
    compare,
    read_compare_csv,
)
from saferplaces.analytics.performance.stats19 import (
    Stats19Error,
    district_ksi_table,
    district_names_from_csv,
    read_stats19,
    road_safety_table,
    severity_counts,
)
from saferplaces.analytics.performance.writers import WRITABLE, ReportTable, write_tables


def _output(value: str) -> Path:
    path = Path(value)
    if path.suffix.lower() not in WRITABLE:
        raise argparse.ArgumentTypeError(f"{value!r}: the output must end in {', '.join(WRITABLE)}")
    return path


def _days(value: str) -> list[int]:
    try:
        days = [int(part) for part in value.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give whole numbers of days separated by commas"
        ) from None
    if any(d <= 0 for d in days):
        raise argparse.ArgumentTypeError("period lengths must be positive")
    return days


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="saferplaces report", description="Performance tables for the Panel."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    comparing = commands.add_parser(
        "compare",
        help="compare the last period of a table with each earlier one",
        description=(
            "Read a CSV whose first column is 'measure' and whose other columns are periods in time "
            "order (optional columns: unit, part_of, better, note) and write the figures with the "
            "change, volume change, direction and significance of the last period against each earlier one."
        ),
    )
    comparing.add_argument("--input", required=True, type=Path, help="comparison CSV")
    comparing.add_argument("--out", required=True, type=_output, help="output .csv, .xlsx, .docx or .html")
    comparing.add_argument("--title", help="table title (default: the input file name)")
    comparing.add_argument("--alpha", type=float, default=0.05, help="significance level (default 0.05)")
    comparing.add_argument("--decimals", type=int, default=1, help="decimal places for changes (default 1)")
    comparing.add_argument(
        "--rounding",
        choices=[r.value for r in Rounding],
        default=Rounding.HALF_AWAY.value,
        help="how halves are rounded (default half-away, as a spreadsheet's ROUND)",
    )
    comparing.add_argument(
        "--period-days",
        type=_days,
        help="length in days of each period, in column order, e.g. 365,366 (default: read from the headings)",
    )
    comparing.add_argument(
        "--control-chart", action="store_true", help="also judge the last period against c/u-chart limits"
    )
    comparing.add_argument("--quiet", action="store_true", help="print nothing on success")

    road = commands.add_parser("stats19", help="KSI road casualty tables from STATS19 CSVs")
    road.add_argument("--data", required=True, type=Path, help="folder with the collision and casualty CSVs")
    road.add_argument("--out", required=True, type=_output, help="output .csv, .xlsx, .docx or .html")
    road.add_argument(
        "--districts", type=Path, help="CSV with lad_code and lad_name columns for district names"
    )
    road.add_argument("--quiet", action="store_true", help="print nothing on success")
    return parser


def _run_compare(args: argparse.Namespace) -> int:
    table = read_compare_csv(args.input)
    days = None
    if args.period_days is not None:
        labels = [c for c in table.columns[1:] if c.strip().lower() not in RESERVED]
        if len(args.period_days) != len(labels):
            raise CompareInputError(
                f"--period-days gives {len(args.period_days)} lengths for {len(labels)} period columns"
            )
        days = dict(zip(labels, args.period_days, strict=True))
    result = compare(
        table,
        title=args.title or args.input.stem,
        alpha=args.alpha,
        decimals=args.decimals,
        rounding=args.rounding,
        days=days,
        control_chart=args.control_chart,
    )
    path = write_tables([result.report_table()], args.out)
    if not args.quiet:
        significant = sum(1 for c in result.changes if c.significance.significant)
        print(
            f"wrote {path}: {len(result.measures)} measures, {len(result.changes)} comparisons, "
            f"{significant} significant at {args.alpha:g}",
            file=sys.stderr,
        )
    return 0


def _run_stats19(args: argparse.Namespace) -> int:
    data = read_stats19(args.data)
    names = district_names_from_csv(args.districts) if args.districts else None
    source = "Source: DfT STATS19 (road safety data), Open Government Licence v3."
    tables = [
        ReportTable(
            "Collisions and casualties by severity",
            severity_counts(data),
            (
                "Severity as recorded by the police: 1 fatal, 2 serious, 3 slight. KSI = fatal + serious.",
                source,
            ),
        ),
        ReportTable(
            "Road safety measures by year",
            road_safety_table(data),
            (
                "KSI (adjusted) = fatal + the sum of casualty_adjusted_severity_serious, the DfT's "
                "probability that a casualty would be serious under injury-based recording (CRASH).",
                "Child: aged 0-15. Pedal cyclist: casualty_type 1.",
                source,
            ),
        ),
        ReportTable(
            "KSI casualties by district",
            district_ksi_table(data, names),
            ("District: the collision's local_authority_ons_district.", source),
        ),
    ]
    path = write_tables(tables, args.out)
    if not args.quiet:
        print(
            f"wrote {path}: {data.collisions.height} collisions, {data.casualties.height} casualties",
            file=sys.stderr,
        )
    return 0


def main(argv: list[str]) -> int:
    """Entry point for ``saferplaces report``; returns the exit status (2 for bad input)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "compare":
            return _run_compare(args)
        return _run_stats19(args)
    except (CompareInputError, Stats19Error, FileNotFoundError, ValueError) as error:
        print(f"saferplaces report {args.command}: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
