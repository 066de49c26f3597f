"""The administrator's import page: upload, watch progress, download the reject report."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from saferplaces.accounts.models import Role
from saferplaces.accounts.permissions import role_required
from saferplaces.imports.actions import start_upload_import
from saferplaces.imports.forms import ImportUploadForm
from saferplaces.imports.models import ImportRun
from saferplaces.imports.runner import write_rejects_csv


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def import_list(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        folder = Path(settings.MEDIA_ROOT) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        # The stored name is random: an uploaded file name never becomes a path on disk.
        suffix = ".gz" if upload.name.lower().endswith(".gz") else ""
        path = folder / f"{uuid.uuid4().hex}{suffix}"
        with path.open("wb") as out:
            shutil.copyfileobj(upload, out)
        options = {
            k: form.cleaned_data[k] for k in ("force", "level", "district") if form.cleaned_data.get(k)
        }
        run = start_upload_import(
            form.cleaned_data["kind"],
            path,
            user=request.user,
            file_name=Path(upload.name).name[:200],
            **options,
        )
        return redirect("imports:detail", pk=run.pk)
    runs = ImportRun.objects.select_related("started_by")[:50]
    return render(request, "imports/list.html", {"form": form, "runs": runs})


@role_required(Role.ADMINISTRATOR)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    template = "imports/_progress.html" if request.headers.get("HX-Request") else "imports/detail.html"
    rejects = run.rejects.all()[:200]
    return render(request, template, {"run": run, "rejects": rejects})


@role_required(Role.ADMINISTRATOR)
def import_rejects(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun, pk=pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-rejects.csv"'
    write_rejects_csv(run, response)
    return response
