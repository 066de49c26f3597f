"""Only the PCC team, analysts and administrators see the Panel report; aggregates, never casework roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

QUERY = "?end=2023-01&months=12&tables=neighbourhood_crime"
REPORT_URLS = ["/reports/", f"/reports/{QUERY}", f"/reports/pack.xlsx{QUERY}", f"/reports/pack.docx{QUERY}"]
ALL_URLS = [*REPORT_URLS, "/reports/data/"]


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ["reviewer", "npt_officer", "supervisor", "partner"])
def test_casework_roles_and_partners_are_refused_every_report_page_and_download(
    make_user: Callable[..., Any], districts: None, role: str
) -> None:
    user = make_user(
        f"a.{role}", role, ("Leeds",), organisation="Leeds City Council" if role == "partner" else ""
    )
    client = client_for(user)
    for url in ALL_URLS:
        assert client.get(url).status_code == 403, url
    assert client.post("/reports/data/", {"kind": "staffing"}).status_code == 403


def test_the_pcc_team_and_administrators_may_use_everything(
    make_user: Callable[..., Any], districts: None, pcc_user: Any
) -> None:
    admin = make_user("the.admin", "administrator")
    for user in (pcc_user, admin):
        client = client_for(user)
        for url in ALL_URLS:
            assert client.get(url).status_code == 200, (user.username, url)


def test_analysts_read_reports_but_do_not_upload_the_force_tables(
    make_user: Callable[..., Any], districts: None
) -> None:
    client = client_for(make_user("an.analyst", "analyst", ("Leeds",)))
    for url in REPORT_URLS:
        assert client.get(url).status_code == 200, url
    assert client.get("/reports/data/").status_code == 403


def test_a_district_outside_ones_own_is_forbidden(make_user: Callable[..., Any], districts: None) -> None:
    from saferplaces.areas.models import District

    client = client_for(make_user("leeds.analyst", "analyst", ("Leeds",)))
    leeds, bradford = (District.objects.get(name=n).pk for n in ("Leeds", "Bradford"))
    assert client.get(f"/reports/{QUERY}&district={leeds}").status_code == 200
    assert client.get(f"/reports/{QUERY}&district={bradford}").status_code == 403
    assert client.get(f"/reports/pack.xlsx{QUERY}&district={bradford}").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(districts: None) -> None:
    for url in ALL_URLS:
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
