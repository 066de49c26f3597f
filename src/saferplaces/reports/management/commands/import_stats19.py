"""``saferplaces import stats19 DIR``: DfT STATS19 collisions, vehicles and casualties into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from saferplaces.analytics.performance.stats19 import Stats19Error
from saferplaces.reports.actions import import_stats19


class Command(BaseCommand):
    help = (
        "Import a folder of STATS19 CSVs (*collision* or *accident*, *vehicle*, *casualt*; .csv or .csv.gz). "
        "Collisions already held are replaced, so a folder can be imported again safely."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="e.g. data/stats19-west-yorkshire-2024")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"{folder}: no such folder")
        with tqdm(total=3, desc=folder.name, unit="file", disable=options["quiet"], leave=False) as bar:

            def progress(stage: str, rows: int) -> None:
                bar.set_postfix_str(f"{stage} {rows:,}", refresh=False)
                bar.update(1)

            try:
                result = import_stats19(folder, progress=progress)
            except Stats19Error as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{folder.name}: {result.collisions:,} collisions, {result.vehicles:,} vehicles, "
                f"{result.casualties:,} casualties for {', '.join(map(str, result.years))}"
                + (f" ({result.replaced:,} collisions replaced)" if result.replaced else "")
            )
        )
