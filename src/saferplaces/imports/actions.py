"""Every import, from the command line or the web page, starts here."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections

from saferplaces.imports.loaders.boundaries import BoundaryLoader
from saferplaces.imports.loaders.incidents import IncidentLogLoader
from saferplaces.imports.loaders.policeuk import PoliceUkLoader
from saferplaces.imports.models import ImportRun
from saferplaces.imports.runner import Loader, Progress, create_run, execute

log = logging.getLogger(__name__)

REPORT_DIR_NAME = "imports"


def report_dir() -> Path:
    return Path(settings.VAR_DIR) / REPORT_DIR_NAME


def make_loader(run: ImportRun) -> Loader:
    opts: dict[str, Any] = run.options
    if run.kind == ImportRun.Kind.POLICEUK:
        kwargs = {k: opts[k] for k in ("crime_type", "force") if opts.get(k)}
        return PoliceUkLoader(**kwargs)
    if run.kind == ImportRun.Kind.INCIDENTS:
        return IncidentLogLoader(source_name=opts.get("source", ""))
    if run.kind == ImportRun.Kind.BOUNDARIES:
        return BoundaryLoader(
            level=opts.get("level") or None,
            code_field=opts.get("code_field") or None,
            name_field=opts.get("name_field") or None,
            district=opts.get("district", ""),
        )
    raise ValueError(f"unknown import kind {run.kind!r}")


def import_file(
    kind: str,
    path: Path,
    *,
    user: Any = None,
    progress: Progress | None = None,
    file_name: str = "",
    **options: Any,
) -> ImportRun:
    """Import ``path`` now and return the finished run (status done or failed)."""
    run = create_run(kind, path, user=user, file_name=file_name, **options)
    return run_existing(run, path, progress=progress)


def run_existing(run: ImportRun, path: Path, progress: Progress | None = None) -> ImportRun:
    return execute(
        run,
        path,
        make_loader(run),
        batch_size=settings.IMPORT_BATCH_SIZE,
        report_dir=report_dir(),
        progress=progress,
    )


def start_upload_import(kind: str, path: Path, *, user: Any, file_name: str, **options: Any) -> ImportRun:
    """Start an import of an uploaded file: inline in tests, otherwise on a background thread.

    The page polls the run's progress. The thread lives in the web process: an import interrupted by
    a restart is left 'running' and can simply be started again, since re-running adds nothing twice.
    """
    run = create_run(kind, path, user=user, file_name=file_name, **options)
    if settings.IMPORTS_RUN_INLINE:
        run_existing(run, path)
        return run

    def work() -> None:
        try:
            run_existing(run, path)
        except Exception:
            log.exception("import %s failed", run.pk)
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportRun.Status.FAILED, message="Unexpected error"
            )
        finally:
            close_old_connections()

    threading.Thread(target=work, name=f"import-{run.pk}", daemon=True).start()
    return run
