"""The N+1th report sent from one address within the hour gets 429 and is not stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from saferplaces.bussafety import views
from saferplaces.bussafety.models import BusReport

pytestmark = pytest.mark.django_db


def test_the_eleventh_report_from_one_address_is_refused(
    bus_lists: None, submit_report: Callable[..., Any]
) -> None:
    statuses = [
        submit_report(Client(REMOTE_ADDR="203.0.113.70")).status_code for _ in range(views.SUBMIT_LIMIT + 1)
    ]
    assert statuses == [302] * views.SUBMIT_LIMIT + [429]
    assert BusReport.objects.count() == views.SUBMIT_LIMIT
    assert submit_report(Client(REMOTE_ADDR="203.0.113.71")).status_code == 302
