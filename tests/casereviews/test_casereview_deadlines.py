"""Deadlines for an application from its district's rules and the bank holidays in the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from saferplaces.casereviews.models import BankHoliday, LocalRules
from saferplaces.casereviews.rules import bank_holidays, deadlines, rules_for

pytestmark = pytest.mark.django_db


def test_the_default_rules_are_the_papers_timescales(geography: None) -> None:
    rules = rules_for(None)
    assert (rules.acknowledge_days, rules.validity_days, rules.close_days) == (10, 20, 35)
    assert rules.min_complaints == 3 and rules.individuals_count == 5 and rules.hate_incidents == 1


def test_deadlines_count_working_days_from_receipt(
    geography: None, make_application: Callable[..., Any]
) -> None:
    app = make_application(received_on=date(2025, 4, 14))  # the Monday before Easter
    due = deadlines(app, rules_for(app.district_id), bank_holidays())
    assert [d.due_on for d in due] == [date(2025, 4, 30), date(2025, 5, 15), date(2025, 6, 6)]
    assert due[0].is_overdue(date(2025, 5, 1)) and not due[0].is_overdue(date(2025, 4, 30))


def test_a_district_can_shorten_its_timescales(geography: None, make_application: Callable[..., Any]) -> None:
    app = make_application(district="Bradford", received_on=date(2025, 4, 14))
    LocalRules.objects.create(district=app.district, acknowledge_days=5, validity_days=10, close_days=25)
    due = deadlines(app, rules_for(app.district_id), bank_holidays())
    assert [d.due_on for d in due] == [date(2025, 4, 23), date(2025, 4, 30), date(2025, 5, 22)]


def test_a_bank_holiday_added_by_an_administrator_moves_the_deadline(
    geography: None, make_application: Callable[..., Any]
) -> None:
    app = make_application(received_on=date(2025, 4, 14))
    BankHoliday.objects.create(date=date(2025, 4, 29), name="A proclaimed holiday")
    assert deadlines(app, rules_for(app.district_id), bank_holidays())[0].due_on == date(2025, 5, 1)


def test_a_decision_made_after_its_deadline_is_marked_late(
    geography: None, make_application: Callable[..., Any]
) -> None:
    app = make_application(received_on=date(2025, 4, 14), acknowledged_on=date(2025, 5, 2))
    ack = deadlines(app, rules_for(app.district_id), bank_holidays())[0]
    assert ack.was_late() and not ack.is_overdue(date(2025, 6, 1))
