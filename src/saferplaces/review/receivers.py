"""Keeps the review queue current: incidents an import adds are flagged as soon as it finishes."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db.models import Min
from django.dispatch import receiver

from saferplaces.imports.models import ImportRun
from saferplaces.imports.signals import import_finished
from saferplaces.incidents.models import Incident
from saferplaces.review import actions, engine

LOG = logging.getLogger(__name__)


@receiver(import_finished)
def flag_imported_incidents(sender: Any, run: ImportRun, **kwargs: Any) -> None:
    """Run the engine incrementally from the earliest incident the import added (nothing added: no run)."""
    if not settings.REVIEW_ENGINE_AFTER_IMPORT:
        return
    if run.kind != ImportRun.Kind.INCIDENTS or run.status != ImportRun.Status.DONE or not run.rows_loaded:
        return
    first = Incident.objects.filter(import_run=run).aggregate(first=Min("received_at"))["first"]
    if first is None:
        return
    engine_run = engine.run_incremental(first, workers=None)
    created = actions.automatic_tasks()
    LOG.info(
        "Import %s: engine run %s flagged %s incidents (%s in review), %s call-back tasks",
        run.pk, engine_run.pk, engine_run.incidents, engine_run.in_review, created,
    )  # fmt: skip
