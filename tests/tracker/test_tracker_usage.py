"""Monthly usage for the Panel: counts only, as a page and a CSV."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from tracker_support import staff_client

from saferplaces.audit.models import AuditEvent
from saferplaces.tracker.models import UsageCount

pytestmark = pytest.mark.django_db


@pytest.fixture
def counts(db: None) -> None:
    for month, kind, n in [
        (date(2022, 1, 1), "sign_in", 9120),
        (date(2022, 1, 1), "message", 811),
        (date(2022, 2, 1), "sign_in", 8900),
        (date(2022, 2, 1), "property", 64),
        (date(2023, 1, 1), "sign_in", 10),
    ]:
        UsageCount.objects.create(month=month, kind=kind, count=n)


def test_the_usage_page_tables_each_month_and_the_year_total(counts: None, cast: dict[str, Any]) -> None:
    text = staff_client(cast["pcc"]).get("/track/staff/usage/?year=2022").content.decode()
    assert "Local Crime Tracker usage in 2022" in text
    assert (
        '<th scope="row">January 2022</th><td class="num">9120</td><td class="num">811</td>'
        '<td class="num">0</td><td class="num">9931</td>'
    ) in text
    assert (
        '<th scope="row">Total</th><td class="num">18020</td><td class="num">811</td>'
        '<td class="num">64</td><td class="num">18895</td>'
    ) in text
    assert "January 2023" not in text


def test_the_csv_has_one_row_a_month_and_its_download_is_audited(counts: None, cast: dict[str, Any]) -> None:
    response = staff_client(cast["analyst"]).get("/track/staff/usage.csv")
    assert response["Content-Disposition"] == 'attachment; filename="tracker-usage.csv"'
    assert response.content.decode().splitlines() == [
        "month,sign_ins,messages,property_reports,total_uses",
        "2022-01,9120,811,0,9931",
        "2022-02,8900,0,64,8964",
        "2023-01,10,0,0,10",
    ]
    assert AuditEvent.objects.filter(action="export", object_type="tracker_usage").count() == 1


def test_sign_ins_messages_and_property_are_counted_without_saying_whose(
    make_crime: Any, cast: dict[str, Any]
) -> None:
    tracked = make_crime()
    for _ in range(3):
        client = Client()
        client.post("/track/", {"reference": tracked.crime.crime_reference, "code": tracked.code})
    client.post("/track/messages/new/", {"body": "Thanks"})
    client.post("/track/property/add/", {"item": "Phone"})
    Client().post("/track/", {"reference": tracked.crime.crime_reference, "code": "AAAA-AAAA-AAAA"})
    rows = {u.kind: u.count for u in UsageCount.objects.all()}
    assert rows == {"sign_in": 3, "message": 1, "property": 1}
    assert {f.name for f in UsageCount._meta.get_fields()} == {"id", "month", "kind", "count"}


def test_the_usage_figures_are_not_for_partners(cast: dict[str, Any], make_user: Any) -> None:
    partner = make_user("council", "partner", ("Leeds",), organisation="Leeds City Council")
    assert staff_client(partner).get("/track/staff/usage/").status_code == 403
    assert staff_client(cast["officer"]).get("/track/staff/usage/").status_code == 200
