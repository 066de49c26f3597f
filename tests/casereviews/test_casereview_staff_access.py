"""Who may see case review applications: roles and districts, 403 outside them, 404 when missing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from saferplaces.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(make_application: Callable[..., Any]) -> dict[str, Any]:
    return {"leeds": make_application(district="Leeds"), "bradford": make_application(district="Bradford")}


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_partner_sees_only_their_districts_cases(
    personas: dict[str, Any], two_cases: dict[str, Any]
) -> None:
    c = client_for(personas["leeds_partner"])
    queue = c.get("/asb-case-review/staff/").content.decode()
    assert two_cases["leeds"].reference in queue and two_cases["bradford"].reference not in queue
    assert c.get(f"/asb-case-review/staff/{two_cases['leeds'].reference}/").status_code == 200
    assert c.get(f"/asb-case-review/staff/{two_cases['bradford'].reference}/").status_code == 403


def test_a_partner_cannot_record_decisions(personas: dict[str, Any], two_cases: dict[str, Any]) -> None:
    c = client_for(personas["leeds_partner"])
    ref = two_cases["leeds"].reference
    response = c.post(f"/asb-case-review/staff/{ref}/threshold/", {"met": "yes", "reason": "x"})
    assert response.status_code == 403


def test_a_reviewer_sees_their_district_and_not_another(
    personas: dict[str, Any], two_cases: dict[str, Any]
) -> None:
    c = client_for(personas["bradford_reviewer"])
    assert c.get(f"/asb-case-review/staff/{two_cases['bradford'].reference}/").status_code == 200
    assert c.get(f"/asb-case-review/staff/{two_cases['leeds'].reference}/").status_code == 403


@pytest.mark.parametrize("role", ["analyst", "npt_officer", "pcc"])
def test_other_roles_are_refused_the_case_pages(
    role: str, make_user: Callable[..., Any], two_cases: dict[str, Any]
) -> None:
    c = client_for(make_user(f"someone-{role}", role, ("Leeds",)))
    assert c.get("/asb-case-review/staff/").status_code == 403
    assert c.get(f"/asb-case-review/staff/{two_cases['leeds'].reference}/").status_code == 403


def test_an_administrator_sees_every_district_and_a_missing_case_is_404(
    personas: dict[str, Any], two_cases: dict[str, Any]
) -> None:
    c = client_for(personas["admin"])
    queue = c.get("/asb-case-review/staff/").content.decode()
    assert two_cases["leeds"].reference in queue and two_cases["bradford"].reference in queue
    assert c.get("/asb-case-review/staff/ACR-NONE-0000/").status_code == 404


def test_every_view_of_an_application_is_audited(personas: dict[str, Any], two_cases: dict[str, Any]) -> None:
    c = client_for(personas["leeds_reviewer"])
    ref = two_cases["leeds"].reference
    c.get("/asb-case-review/staff/")
    c.get(f"/asb-case-review/staff/{ref}/")
    listing = AuditEvent.objects.get(object_type="case_review_list")
    assert listing.user == personas["leeds_reviewer"] and listing.detail == {"shown": [ref]}
    event = AuditEvent.objects.filter(object_type="case_review", object_id=ref, action="view").get()
    assert event.user == personas["leeds_reviewer"] and event.detail == {"applicant_shown": True}


def test_signed_out_visitors_are_sent_to_sign_in(two_cases: dict[str, Any]) -> None:
    response = Client().get(f"/asb-case-review/staff/{two_cases['leeds'].reference}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
