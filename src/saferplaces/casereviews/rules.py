"""The local rules in force, bank holidays, and the deadlines and overdue flags they give.

Shipped defaults: the rule values are the model's field defaults (a force-wide row is created by a
data migration), and bank holidays come from ``data/bank_holidays_england_wales.csv``, loaded into
the database where an administrator can add a newly proclaimed one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Q

from saferplaces.analytics.workingdays import add_working_days
from saferplaces.casereviews.models import Appeal, Application, BankHoliday, LocalRules

BANK_HOLIDAYS_CSV = Path(__file__).parent / "data" / "bank_holidays_england_wales.csv"


def rules_for(district_id: int | None) -> LocalRules:
    """The district's own rules, else the force-wide row, else the shipped defaults (unsaved)."""
    query = Q(district__isnull=True)
    if district_id is not None:
        query |= Q(district_id=district_id)
    rows = {r.district_id: r for r in LocalRules.objects.filter(query)}
    return rows.get(district_id) or rows.get(None) or LocalRules()


@cache
def shipped_bank_holidays() -> tuple[tuple[date, str], ...]:
    with BANK_HOLIDAYS_CSV.open(encoding="utf-8") as fh:
        return tuple((date.fromisoformat(r["date"]), r["name"]) for r in csv.DictReader(fh))


def load_bank_holidays(model: Any = BankHoliday) -> int:
    """Add the shipped bank holidays that are missing (an administrator's edits are kept)."""
    existing = set(model.objects.values_list("date", flat=True))
    new = [model(date=d, name=n) for d, n in shipped_bank_holidays() if d not in existing]
    model.objects.bulk_create(new)
    return len(new)


def bank_holidays() -> frozenset[date]:
    """The bank holidays in the database, or the shipped list when none have been loaded."""
    dates = frozenset(BankHoliday.objects.values_list("date", flat=True))
    return dates or frozenset(d for d, _ in shipped_bank_holidays())


@dataclass(frozen=True)
class Deadline:
    label: str
    due_on: date
    done_on: date | None

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and today > self.due_on

    def was_late(self) -> bool:
        return self.done_on is not None and self.done_on > self.due_on


def deadlines(app: Application, rules: LocalRules, holidays: frozenset[date]) -> list[Deadline]:
    """Acknowledge, decide the threshold, close: each counted in working days from receipt."""
    start = app.received_on
    decided = app.threshold_decided_on
    # An application whose threshold was not met is closed by that decision.
    closed = app.closed_on or (decided if app.threshold_met is False else None)
    return [
        Deadline(
            "Acknowledge", add_working_days(start, rules.acknowledge_days, holidays), app.acknowledged_on
        ),
        Deadline("Decide the threshold", add_working_days(start, rules.validity_days, holidays), decided),
        Deadline("Close with an outcome", add_working_days(start, rules.close_days, holidays), closed),
    ]


def appeal_deadline(appeal: Appeal, rules: LocalRules, holidays: frozenset[date]) -> Deadline:
    return Deadline(
        "Decide the appeal",
        add_working_days(appeal.lodged_on, rules.appeal_days, holidays),
        appeal.decided_on,
    )
