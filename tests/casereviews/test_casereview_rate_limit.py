"""Every public form is limited per address: the N+1th submission in the window gets 429."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from saferplaces.areas.models import District
from saferplaces.casereviews import views
from saferplaces.casereviews.models import Application

pytestmark = pytest.mark.django_db


def test_the_sixth_application_from_one_address_in_an_hour_is_refused(
    geography: None, fill_application: Callable[..., Any]
) -> None:
    leeds = District.objects.get(name="Leeds").pk
    statuses = []
    for _ in range(views.SUBMIT_LIMIT + 1):
        c = Client(REMOTE_ADDR="203.0.113.50")
        fill_application(c, district_id=leeds, complaints=1)
        statuses.append(c.post("/asb-case-review/apply/check/", {"confirm": "on"}).status_code)
    assert statuses == [302] * views.SUBMIT_LIMIT + [429]
    assert Application.objects.count() == views.SUBMIT_LIMIT
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.51")
    fill_application(other, district_id=leeds, complaints=1)
    assert other.post("/asb-case-review/apply/check/", {"confirm": "on"}).status_code == 302


def test_the_eleventh_appeal_attempt_from_one_address_is_refused(geography: None) -> None:
    c = Client(REMOTE_ADDR="203.0.113.60")
    data = {"reference": "ACR-ZZZZ-ZZZZ", "postcode": "LS1 1UR", "grounds": ["threshold"], "explanation": "x"}
    statuses = [c.post("/asb-case-review/appeal/", data).status_code for _ in range(views.APPEAL_LIMIT + 1)]
    assert statuses == [200] * views.APPEAL_LIMIT + [429]
    assert "Too many attempts" in c.post("/asb-case-review/appeal/", data).content.decode()
