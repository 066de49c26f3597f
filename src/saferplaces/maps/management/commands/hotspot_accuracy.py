"""``saferplaces hotspot_accuracy``: measure the hotspot methods and store the figures the map shows.

Examples::

    saferplaces hotspot_accuracy --source incidents
    saferplaces hotspot_accuracy --source policeuk --type "Anti-social behaviour" --district Leeds
    saferplaces hotspot_accuracy --points data/police-uk-asb-2022-other-forces/lancashire_asb_2022.tsv.gz \\
        --boundary data/police-uk-asb-2022-other-forces/lancashire_districts.geojson \\
        --default-category "Anti-social behaviour" --label "police.uk ASB, Lancashire 2022"
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from saferplaces.analytics.geo import read_geojson
from saferplaces.analytics.harm import apply_harm
from saferplaces.analytics.hotspots import CellArea, boundary_from_geojson, make_grid, read_points
from saferplaces.analytics.hotspots.cli import format_table
from saferplaces.areas.models import District
from saferplaces.maps import accuracy
from saferplaces.maps.models import Source
from saferplaces.maps.services import CELL_M, METHODS, harm_weights


def _month(text: str) -> date:
    try:
        return datetime.strptime(text.strip()[:7], "%Y-%m").date()
    except ValueError:
        raise CommandError(f"not a month (YYYY-MM): {text!r}") from None


def _coverages(text: str) -> list[float]:
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise CommandError(f"coverages are percentages, comma-separated: {text!r}") from None
    if not values or any(not 0 < v <= 100 for v in values):
        raise CommandError("coverages are percentages in (0, 100], comma-separated")
    return values


class Command(BaseCommand):
    help = (
        "Measure how well each hotspot method predicts the next month (rolling origin: hit rate, PAI "
        "and the ceiling at each coverage) and store the result for the map page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", choices=Source.values, default=Source.POLICEUK)
        parser.add_argument("--type", default="", help="police.uk crime type, or ASB category code")
        parser.add_argument("--district", default="", help="district name (default: every district)")
        parser.add_argument("--from", dest="month_from", default="", help="first month, YYYY-MM")
        parser.add_argument("--to", dest="month_to", default="", help="last month, YYYY-MM")
        parser.add_argument(
            "--points",
            type=Path,
            default=None,
            help="police.uk CSV or reduced TSV/CSV instead of the database",
        )
        parser.add_argument("--boundary", type=Path, default=None, help="GeoJSON of the area, with --points")
        parser.add_argument("--default-category", default=None, help="category for rows with none (--points)")
        parser.add_argument("--label", default="", help="how the page names the data set")
        parser.add_argument("--grid", choices=("square", "hex"), default="square")
        parser.add_argument(
            "--cell", type=float, default=CELL_M, help="cell size in metres (the map uses 200)"
        )
        parser.add_argument("--train-months", type=int, default=6)
        parser.add_argument("--coverage", default="1,5,10", help="percent of the area, e.g. 1,5,10")
        parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated method names")
        parser.add_argument("--value", choices=("count", "harm"), default="count")
        parser.add_argument("--quiet", action="store_true", help="no progress bar or table")

    def handle(self, *args: Any, **options: Any) -> None:
        methods = [m.strip() for m in options["methods"].split(",") if m.strip()]
        coverages = _coverages(options["coverage"])
        try:
            data = self._from_file(options) if options["points"] else self._from_database(options)
            months = accuracy.test_months(data.points, options["train_months"])
        except (accuracy.NotEnoughData, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        with tqdm(
            total=len(methods) * len(months), disable=options["quiet"], file=sys.stderr, desc="forecasts"
        ) as bar:
            row = accuracy.measure(
                data,
                train_months=options["train_months"],
                coverages=coverages,
                methods=methods,
                value=options["value"],
                progress=bar.update,
            )
        if not options["quiet"]:
            self.stdout.write(format_table(row.result))
            self.stdout.write(
                f"Stored evaluation {row.pk}: {row.data_label}, {row.points:,} points, "
                f"test months {row.test_months[0]} to {row.test_months[-1]}, {row.cells_in_area:,} cells."
            )

    def _from_database(self, options: dict[str, Any]) -> accuracy.Measurement:
        district = None
        if options["district"]:
            district = District.objects.filter(name__iexact=options["district"]).first()
            if district is None:
                raise CommandError(f"no district called {options['district']!r}")
        return accuracy.from_database(
            options["source"],
            district=district,
            kind=options["type"],
            month_from=_month(options["month_from"]) if options["month_from"] else None,
            month_to=_month(options["month_to"]) if options["month_to"] else None,
            grid=options["grid"],
            cell_m=options["cell"],
        )

    def _from_file(self, options: dict[str, Any]) -> accuracy.Measurement:
        path: Path = options["points"]
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        cats = [options["type"]] if options["type"] else None
        points, _ = read_points(path, default_category=options["default_category"], categories=cats)
        if options["month_from"]:
            points = points.filter(points["month"] >= _month(options["month_from"]))
        if options["month_to"]:
            points = points.filter(points["month"] <= _month(options["month_to"]))
        points, _ = apply_harm(points, harm_weights())
        grid = make_grid(options["grid"], options["cell"])
        if options["boundary"]:
            area = CellArea.from_boundary(grid, boundary_from_geojson(read_geojson(options["boundary"])))
        else:
            area = CellArea.from_points_hull(
                grid, points["easting"].to_numpy(), points["northing"].to_numpy()
            )
        # A file of one crime type (e.g. an ASB extract) is recorded as that type, not "all types".
        kinds = points["category"].drop_nulls().unique().to_list()
        category = options["type"] or (kinds[0] if len(kinds) == 1 else "")
        return accuracy.Measurement(
            points=points,
            area=area,
            source=Source.POLICEUK,
            data_label=options["label"] or f"police.uk file {path.name}",
            category=category,
        )
