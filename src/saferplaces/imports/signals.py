"""What other apps may listen to: an import has finished (``import_finished``, with ``run``)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after every run, whatever its status; receivers check ``run.kind`` and ``run.status``.
import_finished = Signal()
