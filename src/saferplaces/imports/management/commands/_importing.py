"""Shared shape of the `saferplaces import ...` commands: a progress bar and a summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from saferplaces.imports.actions import import_file, report_dir
from saferplaces.imports.models import ImportRun
from saferplaces.imports.runner import write_reports


class ImportCommand(BaseCommand):
    kind: str = ""

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, help="files to import (.gz is read directly)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def options_for(self, options: dict[str, Any]) -> dict[str, Any]:
        return {}

    def handle(self, *args: Any, **options: Any) -> None:
        failed = 0
        for path in options["files"]:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            bar = tqdm(
                total=path.stat().st_size,
                unit="B",
                unit_scale=True,
                desc=path.name,
                disable=options["quiet"],
                leave=False,
            )

            def progress(run: ImportRun, bar: tqdm = bar) -> None:
                bar.n = run.bytes_read
                bar.set_postfix_str(
                    f"loaded {run.rows_loaded:,}, rejected {run.rows_rejected:,}", refresh=False
                )
                bar.refresh()

            run = import_file(self.kind, path, progress=progress, **self.options_for(options))
            bar.close()
            summary_path, rejects_path = write_reports(run, report_dir())
            style = self.style.SUCCESS if run.status == ImportRun.Status.DONE else self.style.ERROR
            self.stdout.write(style(f"{path.name}: {run.message}"))
            if run.rows_rejected:
                self.stdout.write(f"  rejects with line numbers and reasons: {rejects_path}")
            self.stdout.write(f"  summary: {summary_path}")
            failed += run.status == ImportRun.Status.FAILED
        if failed:
            raise CommandError(f"{failed} file(s) could not be imported")
