"""Who may see the hotspot map, its data and its exports: roles x districts, 403 and 404."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from saferplaces.areas.models import District

pytestmark = pytest.mark.django_db

# Each ends ready for a query to be appended.
ENDPOINTS = [
    "/maps/?",
    "/maps/data.json?",
    "/maps/data.json?layer=incidents&",
    "/maps/data.json?layer=cells&",
    "/maps/export/lsoas.geojson?",
    "/maps/export/hotspots.csv?",
]
POLICEUK = "source=policeuk&month_from=2025-01&month_to=2025-06&method=naive"


@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_visitors_are_sent_to_sign_in(street_records: int, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("leeds_reviewer", 200),
        ("leeds_supervisor", 200),
        ("analyst", 200),
        ("pcc", 200),
        ("admin", 200),
        ("leeds_officer", 403),
        ("leeds_partner", 403),
    ],
)
@pytest.mark.parametrize("url", ENDPOINTS)
def test_analysts_pcc_supervisors_reviewers_and_administrators_only(
    map_people: dict[str, Any],
    street_records: int,
    client_for: Any,
    who: str,
    status: int,
    url: str,
) -> None:
    response = client_for(map_people[who]).get(f"{url}{POLICEUK}")
    assert response.status_code == status


@pytest.mark.parametrize("url", ENDPOINTS)
def test_another_district_is_forbidden_and_a_missing_one_not_found(
    map_people: dict[str, Any], street_records: int, client_for: Any, url: str
) -> None:
    c = client_for(map_people["leeds_reviewer"])
    bradford = District.objects.get(name="Bradford").pk
    leeds = District.objects.get(name="Leeds").pk
    assert c.get(f"{url}{POLICEUK}&district={bradford}").status_code == 403
    assert c.get(f"{url}{POLICEUK}&district=999999").status_code == 404
    assert c.get(f"{url}{POLICEUK}&district=leeds").status_code == 404
    assert c.get(f"{url}{POLICEUK}&district={leeds}").status_code == 200


def _data(user: Any, query: str = POLICEUK) -> dict[str, Any]:
    c = Client()
    c.force_login(user)
    response = c.get(f"/maps/data.json?{query}")
    assert response.status_code == 200, response.content[:500]
    return dict(json.loads(response.content))


def test_each_user_sees_only_their_districts_lsoas_and_records(
    map_people: dict[str, Any], street_records: int
) -> None:
    leeds = _data(map_people["leeds_reviewer"])
    bradford = _data(map_people["bradford_reviewer"])
    everyone = _data(map_people["admin"])
    assert len(leeds["lsoas"]["features"]) == 7
    assert {f["properties"]["district"] for f in leeds["lsoas"]["features"]} == {"Leeds"}
    assert leeds["summary"]["points"] == 6
    assert len(bradford["lsoas"]["features"]) == 3
    assert bradford["summary"]["points"] == 2
    assert everyone["summary"]["points"] == 8
    assert len(everyone["lsoas"]["features"]) == 10


def test_the_district_list_offers_only_the_users_districts(
    map_people: dict[str, Any], street_records: int, client_for: Any
) -> None:
    form = client_for(map_people["leeds_reviewer"]).get(f"/maps/?{POLICEUK}").context["form"]
    assert [d.name for d in form.fields["district"].queryset] == ["Leeds"]
    form = client_for(map_people["admin"]).get(f"/maps/?{POLICEUK}").context["form"]
    assert [d.name for d in form.fields["district"].queryset] == ["Bradford", "Leeds"]


def test_a_user_with_no_districts_sees_an_empty_map(
    make_user: Any, geography: None, street_records: int
) -> None:
    nobody = make_user("lost.analyst", "analyst", ())
    data = _data(nobody)
    assert data["summary"]["points"] == 0
    assert data["lsoas"]["features"] == []
    assert data["hotspots"] is None


def test_an_unknown_export_is_not_found_and_bad_filters_are_a_400(
    map_people: dict[str, Any], street_records: int, client_for: Any
) -> None:
    c = client_for(map_people["analyst"])
    assert c.get(f"/maps/export/people.csv?{POLICEUK}").status_code == 404
    assert c.get(f"/maps/export/lsoas.xlsx?{POLICEUK}").status_code == 404
    assert c.get(f"/maps/data.json?layer=people&{POLICEUK}").status_code == 404
    bad = c.get("/maps/data.json?source=policeuk&month_from=2025-06&month_to=2025-01")
    assert bad.status_code == 400
    assert "must not be after" in bad.content.decode()
    page = c.get("/maps/?source=policeuk&month_from=2025-06&month_to=2025-01")
    assert page.status_code == 400
    assert "must not be after" in page.content.decode()
    mixed = c.get("/maps/data.json?source=policeuk&type=nuisance&month_from=2025-01&month_to=2025-06")
    assert mixed.status_code == 400
    assert "ASB category" in mixed.content.decode()
