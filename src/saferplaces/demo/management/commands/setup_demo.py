"""Set up the demonstration system: schema, real public data, a synthetic year, demo accounts."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from saferplaces.demo.loading import data_path, demo_files, generate_synthetic, load
from saferplaces.demo.users import create_demo_users
from saferplaces.imports.models import ImportRun


class Command(BaseCommand):
    help = "Load West Yorkshire boundaries, police.uk months and a synthetic year; create demo users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reload", action="store_true", help="import every file again (adds nothing new)"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bars")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database ready.")
        files = [(data_path(f.relative_path), f.kind, f.options) for f in demo_files()]
        files.append(
            (generate_synthetic(options["quiet"]), ImportRun.Kind.INCIDENTS, {"source": "synthetic C&C"})
        )
        for path, kind, opts in files:
            bar = tqdm(
                total=path.stat().st_size,
                unit="B",
                unit_scale=True,
                desc=path.name[:40],
                disable=options["quiet"],
                leave=False,
            )

            def progress(run: ImportRun, bar: tqdm = bar) -> None:
                bar.n = run.bytes_read
                bar.refresh()

            run = load(path, kind, opts, reload=options["reload"], progress=progress)
            bar.close()
            if run is None:
                self.stdout.write(f"{path.name}: already loaded.")
                continue
            if run.status != ImportRun.Status.DONE:
                raise CommandError(f"{path.name}: {run.message}")
            self.stdout.write(f"{path.name}: {run.message}")
            if kind == ImportRun.Kind.INCIDENTS:
                # The map shows each method's measured accuracy: measure it on the new incidents.
                call_command("hotspot_accuracy", "--source", "incidents", "--quiet", stdout=self.stdout)
                # Reviewers start from a queue: the import flagged them unless that is switched off.
                if not settings.REVIEW_ENGINE_AFTER_IMPORT:
                    call_command("review_engine_run", "--workers", "2", "--quiet", stdout=self.stdout)
        # Bus routes are placed in districts once the boundaries are loaded.
        call_command("bussafety_defaults", verbosity=0)
        accounts = create_demo_users()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo accounts (passwords are new each time the demo starts):"))
        for spec, password in accounts:
            where = ", ".join(spec.districts) or "all districts"
            self.stdout.write(f"  {spec.username:<18} {password:<18} {spec.role.label} – {where}")
        self.stdout.write(f"Set-up took {time.monotonic() - started:.1f} s.")
