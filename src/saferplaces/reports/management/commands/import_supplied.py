"""``saferplaces import supplied --kind staffing FILE``: a force-supplied table, as the upload page does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferplaces.reports.actions import save_supplied
from saferplaces.reports.supplied import COLUMNS, parse_supplied


class Command(BaseCommand):
    help = (
        "Load a force-supplied CSV for the Panel pack (victim satisfaction, staffing, hospital admissions)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", required=True, choices=sorted(COLUMNS), help="what the file holds")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: no such file") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: not UTF-8 text") from exc
        parsed = parse_supplied(options["kind"], text)
        if parsed.errors:
            for message in parsed.errors:
                self.stderr.write(f"{path.name}: {message}")
            raise CommandError(f"{path.name}: not loaded ({len(parsed.errors)} problem(s))")
        upload = save_supplied(parsed, file_name=path.name)
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {upload.rows} rows for {upload.first_month:%b %Y}–{upload.last_month:%b %Y}"
            )
        )
