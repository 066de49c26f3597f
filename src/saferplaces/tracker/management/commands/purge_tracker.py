"""Delete the tracker's copy of crimes closed longer ago than the retention period.

Run daily (cron or a scheduled task): ``saferplaces purge_tracker``. ``--dry-run`` lists what would go.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from saferplaces.tracker.actions import do_purge_expired
from saferplaces.tracker.models import TrackerSettings


class Command(BaseCommand):
    help = "Delete tracked crimes (victim, messages, property) closed longer ago than the retention period"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be deleted; delete nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = TrackerSettings.load().retention_days
        ids = do_purge_expired(dry_run=options["dry_run"])
        verb = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(f"{verb} {len(ids)} tracked crime(s) closed more than {days} days ago")
