"""``saferplaces review_engine_run``: run the ASB review engine over the incident store.

Nightly: all incidents (the default). Incrementally: ``--days N`` re-runs the engine over incidents
received in the last N days (keep N above the longest repeat window, 365 days by default, so the
repeat counts stay right). Then creates the automatic call-back tasks for callers who asked for contact.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from saferplaces.incidents.models import Incident
from saferplaces.review import actions, engine

STEPS = ("scope", "people", "locations", "repeats", "cdi", "risk", "write")


class Command(BaseCommand):
    help = "Run the ASB review engine over the database and store flags, reasons and links."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="Only incidents received in the last N days"
        )
        parser.add_argument("--workers", type=int, default=1, help="Processes for the CDI rules")
        parser.add_argument("--quiet", action="store_true", help="No progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        qs = engine.since(options["days"]) if options["days"] else Incident.objects.all()
        bar = tqdm(total=len(STEPS) + 2, desc="review engine", unit="step", disable=options["quiet"])

        def progress(step: str) -> None:
            bar.set_postfix_str(step)
            bar.update(1)

        bar.set_postfix_str("reading incidents")
        bar.update(1)
        run = engine.run_engine(qs, progress=progress, workers=options["workers"])
        bar.set_postfix_str("tasks")
        created = actions.automatic_tasks()
        bar.update(bar.total - bar.n)
        bar.close()
        self.stdout.write(
            f"Engine run {run.pk}: {run.incidents} incidents, {run.in_review} in review, "
            f"{created} automatic call-back task{'s' if created != 1 else ''}."
        )
