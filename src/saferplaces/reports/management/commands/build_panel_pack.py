"""``saferplaces build_panel_pack --end 2023-01 --out pack.xlsx``: the report page's pack, unattended."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.forms import ValidationError
from tqdm import tqdm

from saferplaces.areas.models import District
from saferplaces.reports.forms import MONTH_LENGTHS, parse_month
from saferplaces.reports.pack import FORMATS, write_pack
from saferplaces.reports.tables import PanelRequest, TableKey, baseline_problem, build_panel


def _month(text: str) -> tuple[int, int]:
    try:
        return parse_month(text)
    except ValidationError as exc:
        raise CommandError(f"{text!r}: write a month as YYYY-MM, e.g. 2023-01") from exc


class Command(BaseCommand):
    help = (
        "Build the Police and Crime Panel pack (the tables of the report page) and write it to one or "
        "more files: .xlsx, .docx, .html or .csv by extension."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--end", required=True, help="month the rolling period ends in, YYYY-MM")
        parser.add_argument(
            "--months",
            type=int,
            default=12,
            choices=[m for m, _ in MONTH_LENGTHS],
            help="rolling period length",
        )
        parser.add_argument(
            "--baseline", default="", help="month a baseline of the same length ends in, YYYY-MM"
        )
        parser.add_argument(
            "--tables",
            default="all",
            help=f"comma-separated, from: {', '.join(k.value for k in TableKey)} (default all)",
        )
        parser.add_argument(
            "--district", default="", help="a district's name or ONS code (default whole force)"
        )
        parser.add_argument(
            "--out", action="append", required=True, type=Path, help="output file; repeat for more"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        outs: list[Path] = options["out"]
        for out in outs:
            if out.suffix.lower().lstrip(".") not in FORMATS:
                raise CommandError(f"{out}: the pack is written as {', '.join('.' + f for f in FORMATS)}")
        end = _month(options["end"])
        baseline = _month(options["baseline"]) if options["baseline"] else None
        if baseline and (problem := baseline_problem(end, baseline, options["months"])):
            raise CommandError(f"--baseline: {problem}")
        if options["tables"] == "all":
            tables = tuple(TableKey)
        else:
            names = [t.strip() for t in options["tables"].split(",") if t.strip()]
            unknown = [n for n in names if n not in {k.value for k in TableKey}]
            if unknown or not names:
                raise CommandError(
                    f"unknown table(s) {', '.join(unknown) or '(none given)'}; "
                    f"choose from {', '.join(k.value for k in TableKey)}"
                )
            tables = tuple(TableKey(n) for n in names)
        district = None
        if options["district"]:
            wanted = options["district"]
            district = (
                District.objects.filter(name__iexact=wanted).first()
                or District.objects.filter(code=wanted).first()
            )
            if district is None:
                raise CommandError(f"no district named or coded {wanted!r}")
        request = PanelRequest(end[0], end[1], options["months"], baseline, tables, district)
        with tqdm(
            total=len(tables), desc="tables", unit="table", disable=options["quiet"], leave=False
        ) as bar:
            panel = build_panel(request, progress=lambda key: bar.update(1))
        for out in outs:
            write_pack(panel, out)
            self.stdout.write(f"{out}: {len(panel.tables)} tables")
        for table in panel.tables:
            if table.problem:
                self.stdout.write(f"  {table.title}: {table.problem}")
