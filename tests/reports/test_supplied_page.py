"""The PCC team uploads the force-supplied tables; a file with any error loads nothing and says where."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from saferplaces.audit.models import AuditEvent
from saferplaces.reports.models import StaffingFigure, SuppliedUpload, VictimSatisfaction

pytestmark = pytest.mark.django_db


def upload(client: Client, kind: str, text: str | bytes, name: str = "file.csv") -> Any:
    content = text.encode() if isinstance(text, str) else text
    return client.post("/reports/data/", {"kind": kind, "file": SimpleUploadedFile(name, content)})


@pytest.fixture
def pcc(pcc_user: Any) -> Client:
    client = Client()
    client.force_login(pcc_user)
    return client


def test_a_satisfaction_file_loads_and_a_later_file_replaces_only_its_own_months(pcc: Client) -> None:
    first = "month,crime_type,respondents,satisfied\n2022-01,Burglary,10,8\n2022-02,Burglary,10,7\n"
    response = upload(pcc, "victim_satisfaction", first, "satisfaction-jan-feb.csv")
    assert response.status_code == 302 and response["Location"] == "/reports/data/"
    follow = pcc.get("/reports/data/").content.decode()
    assert "Loaded 2 rows of victim satisfaction (survey counts by month) for Jan 2022–Feb 2022." in follow
    assert "Victim satisfaction (survey counts by month): Jan 2022–Feb 2022" in follow

    corrected = "month,crime_type,respondents,satisfied\n2022-02,Burglary,12,11\n2022-03,Burglary,9,9\n"
    assert upload(pcc, "victim_satisfaction", corrected).status_code == 302
    held = list(VictimSatisfaction.objects.values_list("month__month", "respondents", "satisfied"))
    assert held == [(1, 10, 8), (2, 12, 11), (3, 9, 9)]
    latest = SuppliedUpload.objects.first()
    assert latest is not None and (latest.rows, latest.uploaded_by.username) == (2, "pcc.officer")  # type: ignore[union-attr]
    event = AuditEvent.objects.filter(action="import", object_type="supplied_upload").first()
    assert (
        event is not None and event.detail["replaced"] == 1 and event.detail["kind"] == "victim_satisfaction"
    )


def test_a_file_with_errors_loads_nothing_and_lists_each_line(pcc: Client) -> None:
    text = (
        "month,role,budgeted,actual\n"
        "2023-03,Insp,20.52,22\n"
        "2023-03,PC,lots,259.62\n"
        "2023-3,PCSO,550.2,512.01\n"
    )
    response = upload(pcc, "staffing", text)
    page = response.content.decode()
    assert response.status_code == 400
    assert "The file was not loaded: 2 problems" in page
    assert "line 3: column &#x27;budgeted&#x27;: &#x27;lots&#x27; is not a number" in page
    assert "line 4: column &#x27;month&#x27;: &#x27;2023-3&#x27; is not a month written YYYY-MM" in page
    assert StaffingFigure.objects.count() == 0 and SuppliedUpload.objects.count() == 0


def test_a_file_that_is_not_utf8_is_refused(pcc: Client) -> None:
    response = upload(
        pcc, "hospital_admissions", "month,measure,count\n2022-01,Agressió,3\n".encode("latin-1")
    )
    assert response.status_code == 400
    assert "The file is not UTF-8 text" in response.content.decode()
