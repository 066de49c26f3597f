"""Add the shipped bus routes and concern checklist, and place routes in districts loaded since."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from saferplaces.bussafety.defaults import ensure_defaults


class Command(BaseCommand):
    help = "Load bussafety/data/ (routes, concern types); safe to run again after loading boundaries."

    def handle(self, *args: Any, **options: Any) -> None:
        added = ensure_defaults()
        self.stdout.write(f"Added {added['routes']} routes and {added['concern_types']} concern types.")
