"""``saferplaces review_engine_run``: run the ASB review engine over the incident store.

Nightly: all incidents (the default). Incrementally: ``--days N`` flags the incidents received in the
last N days, reading one repeat window before them as history and continuing the person and location
clusters already stored (an import of new incidents does the same by itself). Then creates the
automatic call-back tasks for callers who asked for contact.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from tqdm import tqdm

from saferplaces.incidents.models import Incident
from saferplaces.review import actions, engine

STEPS = ("scope", "people", "locations", "repeats", "cdi", "risk", "write")


class Command(BaseCommand):
    help = "Run the ASB review engine over the database and store flags, reasons and links."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="Only flag incidents received in the last N days"
        )
        parser.add_argument("--workers", type=int, default=1, help="Processes for the CDI rules")
        parser.add_argument("--quiet", action="store_true", help="No progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        bar = tqdm(total=len(STEPS) + 2, desc="review engine", unit="step", disable=options["quiet"])

        def progress(step: str) -> None:
            bar.set_postfix_str(step)
            bar.update(1)

        bar.set_postfix_str("reading incidents")
        bar.update(1)
        if options["days"]:
            since = timezone.now() - timedelta(days=options["days"])
            run = engine.run_incremental(since, progress=progress, workers=options["workers"])
        else:
            run = engine.run_engine(Incident.objects.all(), progress=progress, workers=options["workers"])
        bar.set_postfix_str("tasks")
        created = actions.automatic_tasks()
        bar.update(bar.total - bar.n)
        bar.close()
        self.stdout.write(
            f"Engine run {run.pk}: {run.incidents} incidents, {run.in_review} in review, "
            f"{created} automatic call-back task{'s' if created != 1 else ''}."
        )
