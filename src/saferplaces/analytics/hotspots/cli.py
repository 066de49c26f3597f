"""``saferplaces hotspots``: evaluate hotspot methods, aggregate, map and evaluate interventions.

Sub-commands::

    saferplaces hotspots evaluate --points FILE --cell 200 --train-months 6 --coverage 1,5,10 \\
        --json OUT [--boundary GEOJSON] [--methods naive,kde,...] [--grid square|hex]
    saferplaces hotspots aggregate --points FILE --by cell|lsoa|district --out CSV [...]
    saferplaces hotspots predict --points FILE --method blend --coverage 1 --geojson OUT [...]
    saferplaces hotspots intervention --points FILE --hotspots GEOJSON \\
        --before 2022-01:2022-06 --after 2022-07:2022-12 --json OUT [...]

FILE is a police.uk street CSV or a reduced ``month, longitude, latitude`` TSV/CSV, gzipped or not.
Without ``--boundary`` the study area is the cells that meet the convex hull of the points.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from tqdm import tqdm

from saferplaces.analytics.geo import AreaIndex, read_geojson
from saferplaces.analytics.harm import DEFAULT_ASB_FLOOR_DAYS, HarmWeights, apply_harm, load_cchi, load_css
from saferplaces.analytics.hotspots.aggregate import aggregate_areas, aggregate_cells
from saferplaces.analytics.hotspots.evaluate import evaluate_methods
from saferplaces.analytics.hotspots.grid import CellArea, boundary_from_geojson, make_grid
from saferplaces.analytics.hotspots.intervention import evaluate_intervention
from saferplaces.analytics.hotspots.methods import DEFAULT_METHODS, HotspotMethod, make_method
from saferplaces.analytics.hotspots.points import read_points
from saferplaces.analytics.hotspots.predict import predict_hotspots


def _coverages(text: str) -> list[float]:
    values = [float(v) for v in text.split(",") if v.strip()]
    if not values or any(not 0 < v <= 100 for v in values):
        raise argparse.ArgumentTypeError("coverages are percentages in (0, 100], comma-separated")
    return values


def _month(text: str) -> date:
    try:
        y, m = text.strip()[:7].split("-")
        return date(int(y), int(m), 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a month (YYYY-MM): {text!r}") from None


def _window(text: str) -> tuple[date, date]:
    first, _, last = text.partition(":")
    return _month(first), _month(last or first)


def _param_value(text: str) -> Any:
    for cast in (int, float):
        try:
            return cast(text)
        except ValueError:
            continue
    if text.lower() in {"none", "null"}:
        return None
    return text


def _parse_params(items: list[str]) -> dict[str, dict[str, Any]]:
    """``["kde.bandwidth_m=150", ...]`` -> ``{"kde": {"bandwidth_m": 150}}``."""
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        method, dot, name = key.partition(".")
        if not sep or not dot:
            raise SystemExit(f"--param wants METHOD.NAME=VALUE, got {item!r}")
        out.setdefault(method, {})[name] = _param_value(value)
    return out


def _add_points_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--points", required=True, type=Path, help="police.uk street CSV or reduced TSV/CSV")
    p.add_argument(
        "--default-category",
        default=None,
        help="police.uk category for rows with none (e.g. 'Anti-social behaviour' for an ASB extract)",
    )
    p.add_argument(
        "--categories", default=None, help="keep only these police.uk categories (comma-separated)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar or table")


def _add_grid_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cell", type=float, default=200.0, help="cell size in metres (default 200)")
    p.add_argument("--grid", choices=("square", "hex"), default="square")
    p.add_argument("--boundary", type=Path, default=None, help="GeoJSON of the force area (WGS84)")


def _add_harm_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--harm",
        default="cchi",
        help="'cchi' (default), 'css:FILE' (a force's offence_code,weight table) or 'none'",
    )
    p.add_argument("--asb-floor", type=float, default=DEFAULT_ASB_FLOOR_DAYS, help="harm weight of ASB")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="saferplaces hotspots", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    ev = sub.add_parser("evaluate", help="rolling-origin hit rate and PAI of hotspot methods")
    _add_points_args(ev)
    _add_grid_args(ev)
    _add_harm_args(ev)
    ev.add_argument("--train-months", type=int, default=6)
    ev.add_argument(
        "--coverage", type=_coverages, default=[1.0, 5.0, 10.0], help="percent of area, e.g. 1,5,10"
    )
    ev.add_argument("--methods", default=",".join(DEFAULT_METHODS), help="comma-separated method names")
    ev.add_argument(
        "--param", action="append", default=[], help="METHOD.NAME=VALUE, e.g. kde.bandwidth_m=150"
    )
    ev.add_argument("--value", choices=("count", "harm"), default="count", help="score hits by count or harm")
    ev.add_argument("--json", required=True, type=Path, help="where to write the results")

    ag = sub.add_parser("aggregate", help="counts and harm per cell, LSOA or district and period")
    _add_points_args(ag)
    _add_grid_args(ag)
    _add_harm_args(ag)
    ag.add_argument("--by", choices=("cell", "lsoa", "district"), default="cell")
    ag.add_argument("--areas", type=Path, default=None, help="GeoJSON of districts/wards for --by district")
    ag.add_argument("--area-property", default="district", help="property naming each area in --areas")
    ag.add_argument(
        "--period", default="month", help="'month', 'all', or FIRST:LAST months (YYYY-MM:YYYY-MM)"
    )
    ag.add_argument("--out", required=True, type=Path, help="CSV to write")

    pr = sub.add_parser("predict", help="hotspot cells for the next month as GeoJSON")
    _add_points_args(pr)
    _add_grid_args(pr)
    _add_harm_args(pr)
    pr.add_argument("--method", default="blend")
    pr.add_argument("--param", action="append", default=[])
    pr.add_argument("--coverage", type=float, default=1.0, help="percent of the area")
    pr.add_argument("--train-months", type=int, default=6)
    pr.add_argument("--target", type=_month, default=None, help="month to forecast (default: next)")
    pr.add_argument("--geojson", required=True, type=Path)

    iv = sub.add_parser("intervention", help="before/after change in hotspots against comparison areas")
    _add_points_args(iv)
    _add_harm_args(iv)
    iv.add_argument("--hotspots", required=True, type=Path, help="GeoJSON of hotspot polygons (WGS84)")
    iv.add_argument("--id-property", default=None, help="property naming each hotspot")
    iv.add_argument("--comparison", type=Path, default=None, help="GeoJSON of comparison areas")
    iv.add_argument("--before", required=True, type=_window, help="YYYY-MM:YYYY-MM")
    iv.add_argument("--after", required=True, type=_window, help="YYYY-MM:YYYY-MM")
    iv.add_argument("--alpha", type=float, default=0.05)
    iv.add_argument("--json", required=True, type=Path)
    return parser


def _load(args: argparse.Namespace) -> pl.DataFrame:
    cats = [c.strip() for c in args.categories.split(",")] if args.categories else None
    points, report = read_points(args.points, default_category=args.default_category, categories=cats)
    if not args.quiet:
        print(
            f"{args.points}: {report.rows_kept:,} points ({report.layout} layout; "
            f"{report.dropped_no_location:,} without a location dropped)",
            file=sys.stderr,
        )
    weights = _harm_weights(args.harm, args.asb_floor)
    if weights is not None:
        points, harm_report = apply_harm(points, weights)
        if harm_report.unmatched and not args.quiet:
            print(f"no harm weight for (rows kept, harm null): {harm_report.unmatched}", file=sys.stderr)
    return points


def _harm_weights(spec: str, asb_floor: float) -> HarmWeights | None:
    if spec == "none":
        return None
    if spec == "cchi":
        return load_cchi(asb_floor=asb_floor)
    if spec.startswith("css:"):
        return load_css(spec[4:], asb_floor=asb_floor)
    raise SystemExit(f"--harm: expected cchi, css:FILE or none, got {spec!r}")


def _area(args: argparse.Namespace, points: pl.DataFrame) -> CellArea:
    grid = make_grid(args.grid, args.cell)
    if args.boundary is not None:
        return CellArea.from_boundary(grid, boundary_from_geojson(read_geojson(args.boundary)))
    return CellArea.from_points_hull(grid, points["easting"].to_numpy(), points["northing"].to_numpy())


def _methods(names: str, params: dict[str, dict[str, Any]]) -> list[HotspotMethod]:
    chosen = [n.strip() for n in names.split(",") if n.strip()]
    unknown = set(params) - set(chosen)
    if unknown:
        raise SystemExit(f"--param for a method not in --methods: {sorted(unknown)}")
    return [make_method(n, **params.get(n, {})) for n in chosen]


def _pct(v: float) -> str:
    return "   n/a" if v is None or math.isnan(v) else f"{v * 100:6.1f}"


def format_table(result: dict[str, Any]) -> str:
    """Mean hit rate (%) and PAI per method and coverage, with the ceiling and vs-baseline ratio."""
    covs = list(result["cells_selected"])
    head = (
        "method          " + " ".join(f"  HR@{c}%" for c in covs) + " " + " ".join(f" PAI@{c}%" for c in covs)
    )
    lines = [head, "-" * len(head)]
    rows = [(n, m["mean"]) for n, m in result["methods"].items()]
    rows += [
        ("ceiling", result["ceiling"]["mean"]),
        ("other-months*", result["reference_other_months"]["mean"]),
    ]
    for name, mean in rows:
        hr = " ".join(_pct(mean["hit_rate"][c]) for c in covs)
        pai = " ".join(f"{mean['pai'][c]:7.1f}" for c in covs)
        lines.append(f"{name:15s} {hr}  {pai}")
    base = result["settings"]["baseline"]
    if base in result["methods"]:
        ratios = ", ".join(
            f"{n} {m['vs_baseline'][covs[0]]:.3f}" for n, m in result["methods"].items() if n != base
        )
        lines.append(f"hit rate at {covs[0]}% vs {base}: {ratios}")
    lines.append("* ranks by all other months, future included: a reference, not a forecast")
    return "\n".join(lines)


def _evaluate(args: argparse.Namespace) -> int:
    points = _load(args)
    area = _area(args, points)
    methods = _methods(args.methods, _parse_params(args.param))
    if args.value == "harm" and "harm" not in points.columns:
        raise SystemExit("--value harm needs harm weights (drop --harm none)")
    n_months = points["month"].n_unique()
    total = len(methods) * max(0, n_months - args.train_months)
    with tqdm(total=total, disable=args.quiet, file=sys.stderr, desc="forecasts") as bar:
        result = evaluate_methods(
            points,
            area,
            methods,
            train_months=args.train_months,
            coverages=args.coverage,
            value=args.value,
            progress=bar.update,
        )
    result["data"] = {
        "points_file": str(args.points),
        "points": points.height,
        "boundary": str(args.boundary) if args.boundary else "convex hull of the points",
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(_finite(result), indent=2, allow_nan=False))
    if not args.quiet:
        print(format_table(result))
    return 0


def _finite(value: Any) -> Any:
    """NaN (a month with no incidents has no hit rate) becomes JSON null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _aggregate(args: argparse.Namespace) -> int:
    points = _load(args)
    period: Any = args.period
    if period not in ("month", "all"):
        period = [_window(w) for w in period.split(",")]
    if args.by == "cell":
        area = _area(args, points) if args.boundary is not None else None
        table = aggregate_cells(points, make_grid(args.grid, args.cell), period=period, area=area)
    elif args.by == "lsoa":
        table = aggregate_areas(points, column="lsoa_code", period=period)
    else:
        if args.areas is None:
            raise SystemExit("--by district needs --areas GEOJSON")
        index = AreaIndex.from_features(read_geojson(args.areas)["features"], args.area_property)
        table = aggregate_areas(points, index=index, name=args.area_property, column=None, period=period)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    table.write_csv(args.out)
    if not args.quiet:
        print(f"{table.height:,} rows -> {args.out}", file=sys.stderr)
    return 0


def _predict(args: argparse.Namespace) -> int:
    points = _load(args)
    area = _area(args, points)
    method = make_method(args.method, **_parse_params(args.param).get(args.method, {}))
    collection = predict_hotspots(
        points, area, method, coverage=args.coverage, train_months=args.train_months, target=args.target
    )
    args.geojson.parent.mkdir(parents=True, exist_ok=True)
    args.geojson.write_text(json.dumps(collection))
    if not args.quiet:
        meta = collection["metadata"]
        print(
            f"{meta['cells_selected']} cells ({args.coverage:g}% of {meta['cells_in_area']}) for "
            f"{meta['target_month']} by {meta['method']} -> {args.geojson}",
            file=sys.stderr,
        )
    return 0


def _intervention(args: argparse.Namespace) -> int:
    points = _load(args)
    result = evaluate_intervention(
        points,
        read_geojson(args.hotspots),
        before=args.before,
        after=args.after,
        comparison=read_geojson(args.comparison) if args.comparison else None,
        id_property=args.id_property,
        alpha=args.alpha,
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(_finite(result), indent=2, allow_nan=False))
    if not args.quiet:
        print(result["summary"]["text"])
    return 0


def main(argv: list[str]) -> int:
    """Entry point for ``saferplaces hotspots ...``; returns the process exit code."""
    args = build_parser().parse_args(argv)
    commands = {
        "evaluate": _evaluate,
        "aggregate": _aggregate,
        "predict": _predict,
        "intervention": _intervention,
    }
    return commands[args.command](args)
