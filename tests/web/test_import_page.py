"""The administrator's import page: upload, progress, reject report; nobody else may use it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from saferplaces.imports.models import ImportRun
from saferplaces.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_only_administrators_reach_the_import_page(personas: dict[str, Any]) -> None:
    for name in ("leeds_reviewer", "analyst", "leeds_partner"):
        c = Client()
        c.force_login(personas[name])
        assert c.get("/imports/").status_code == 403
    c = Client()
    c.force_login(personas["admin"])
    assert c.get("/imports/").status_code == 200


def test_an_upload_imports_and_reports_its_rejects(personas: dict[str, Any], fixtures_dir: Path) -> None:
    c = Client()
    c.force_login(personas["admin"])
    with (fixtures_dir / "incidents_small.csv").open("rb") as fh:
        response = c.post("/imports/", {"kind": "incidents", "file": fh})
    run = ImportRun.objects.get(kind="incidents")
    assert response.status_code == 302 and response["Location"] == f"/imports/{run.pk}/"
    assert (run.status, run.rows_loaded, run.rows_rejected, run.started_by) == (
        "done",
        5,
        7,
        personas["admin"],
    )
    assert Incident.objects.count() == 5
    page = c.get(f"/imports/{run.pk}/").content.decode()
    assert "closing_code &#x27;ZZZZ&#x27; is not in the force&#x27;s code list" in page
    partial = c.get(f"/imports/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<div id="import-progress"') and "hx-trigger" not in partial
    csv_text = c.get(f"/imports/{run.pk}/rejects.csv").content.decode()
    assert csv_text.splitlines()[0] == "line,reason,record"
    assert len(csv_text.strip().splitlines()) == 8
