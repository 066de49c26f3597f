"""Run an import: parse, load in batches (one transaction each), keep good rows, report bad ones.

A loader turns parsed records into rows. The runner owns everything else: the ImportRun row and its
progress, the reject rows, the files written beside the summary, and the audit row.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from saferplaces.analytics.sources.rows import FormatError, Reject, SourceFile, open_source
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.imports.models import ImportReject, ImportRun
from saferplaces.imports.signals import import_finished

log = logging.getLogger(__name__)

Progress = Callable[[ImportRun], None]


@dataclass
class BatchResult:
    loaded: int = 0
    already_loaded: int = 0
    rejects: list[Reject] | None = None


class Loader(Protocol):
    """What each kind of import provides."""

    def parse(self, source: SourceFile) -> Iterator[tuple[int, Any]]:
        """Yield (line, record) or (line, Reject); raise FormatError if the file cannot be read at all."""
        ...

    def load_batch(self, batch: Sequence[tuple[int, Any]], run: ImportRun) -> BatchResult:
        """Write one batch inside the caller's transaction; skip records already stored."""
        ...

    def finish(self, run: ImportRun) -> None:
        """Work after the last batch (e.g. derived geometry); may do nothing."""
        ...


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def create_run(kind: str, path: Path, *, user: Any = None, file_name: str = "", **options: Any) -> ImportRun:
    return ImportRun.objects.create(
        kind=kind,
        file_name=file_name or path.name,
        file_sha256=file_sha256(path),
        bytes_total=path.stat().st_size,
        started_by=user if getattr(user, "is_authenticated", False) else None,
        options=options,
    )


def _record_batch(run: ImportRun, result: BatchResult, rejects: list[Reject]) -> None:
    all_rejects = rejects + (result.rejects or [])
    ImportReject.objects.bulk_create(
        ImportReject(run=run, line=r.line, reason=r.reason[:500], raw=r.raw) for r in all_rejects
    )
    run.rows_loaded += result.loaded
    run.rows_already_loaded += result.already_loaded
    run.rows_rejected += len(all_rejects)
    run.save(update_fields=["rows_read", "rows_loaded", "rows_already_loaded", "rows_rejected", "bytes_read"])


def _save_batch(run: ImportRun, loader: Loader, batch: list[tuple[int, Any]], rejects: list[Reject]) -> None:
    """One transaction: the batch's rows, its rejects and the run's counters commit together."""
    counters = (run.rows_loaded, run.rows_already_loaded, run.rows_rejected)
    try:
        with transaction.atomic():
            _record_batch(run, loader.load_batch(batch, run), rejects)
        return
    except Exception:
        log.warning(
            "batch from line %s failed; retrying row by row", batch[0][0] if batch else "?", exc_info=True
        )
        run.rows_loaded, run.rows_already_loaded, run.rows_rejected = counters
    result = BatchResult(rejects=[])
    assert result.rejects is not None
    for item in batch:
        try:
            with transaction.atomic():
                one = loader.load_batch([item], run)
        except Exception as exc:
            result.rejects.append(Reject(item[0], f"could not be stored: {exc}"))
        else:
            result.loaded += one.loaded
            result.already_loaded += one.already_loaded
            result.rejects.extend(one.rejects or [])
    with transaction.atomic():
        _record_batch(run, result, rejects)


def execute(
    run: ImportRun,
    path: Path,
    loader: Loader,
    *,
    batch_size: int = 2000,
    report_dir: Path | None = None,
    progress: Progress | None = None,
) -> ImportRun:
    """Carry out ``run`` on ``path``. A file that cannot be read at all ends the run as failed."""
    run.status = ImportRun.Status.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        with open_source(path) as source:
            batch: list[tuple[int, Any]] = []
            rejects: list[Reject] = []
            for line, item in loader.parse(source):
                run.rows_read += 1
                if isinstance(item, Reject):
                    rejects.append(item)
                else:
                    batch.append((line, item))
                if len(batch) + len(rejects) >= batch_size:
                    run.bytes_read = source.bytes_read()
                    _save_batch(run, loader, batch, rejects)
                    batch, rejects = [], []
                    if progress:
                        progress(run)
            run.bytes_read = source.size
            if batch or rejects:
                _save_batch(run, loader, batch, rejects)
        loader.finish(run)
    except (FormatError, OSError, UnicodeDecodeError, EOFError) as exc:
        run.status = ImportRun.Status.FAILED
        run.message = f"The file could not be read: {exc}"
    else:
        run.status = ImportRun.Status.DONE
        run.message = summary_sentence(run)
    run.finished_at = timezone.now()
    run.save()
    audit(
        AuditEvent.Action.IMPORT,
        user=run.started_by,
        object_type="import_run",
        object_id=run.pk,
        kind=run.kind,
        file_name=run.file_name,
        status=run.status,
        rows_loaded=run.rows_loaded,
        rows_rejected=run.rows_rejected,
    )
    if report_dir is not None:
        write_reports(run, report_dir)
    import_finished.send(sender=ImportRun, run=run)
    if progress:
        progress(run)
    return run


def summary_sentence(run: ImportRun) -> str:
    return (
        f"Read {run.rows_read:,} records: loaded {run.rows_loaded:,}, "
        f"{run.rows_already_loaded:,} already loaded, {run.rows_rejected:,} rejected."
    )


def summary(run: ImportRun) -> dict[str, Any]:
    return {
        "import_run": run.pk,
        "kind": run.kind,
        "file_name": run.file_name,
        "file_sha256": run.file_sha256,
        "status": run.status,
        "rows_read": run.rows_read,
        "rows_loaded": run.rows_loaded,
        "rows_already_loaded": run.rows_already_loaded,
        "rows_rejected": run.rows_rejected,
        "started_at": run.started_at.isoformat() if run.started_at else None,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "message": run.message,
    }


def write_rejects_csv(run: ImportRun, fh: Any) -> None:
    writer = csv.writer(fh)
    writer.writerow(["line", "reason", "record"])
    for line, reason, raw in run.rejects.order_by("line").values_list("line", "reason", "raw").iterator():
        writer.writerow([line, reason, raw])


def write_reports(run: ImportRun, report_dir: Path) -> tuple[Path, Path]:
    """Write ``<run>-<file>.summary.json`` and, beside it, ``<run>-<file>.rejects.csv``."""
    report_dir.mkdir(parents=True, exist_ok=True)
    stem = f"import-{run.pk}-{Path(run.file_name).name}"
    summary_path = report_dir / f"{stem}.summary.json"
    rejects_path = report_dir / f"{stem}.rejects.csv"
    with rejects_path.open("w", encoding="utf-8", newline="") as fh:
        write_rejects_csv(run, fh)
    data = summary(run) | {"rejects_file": str(rejects_path)}
    summary_path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return summary_path, rejects_path
