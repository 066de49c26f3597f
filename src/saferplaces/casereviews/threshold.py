"""The ASB Case Review threshold (Anti-social Behaviour, Crime and Policing Act 2014, s104).

Pure rules, no Django: plain dates in, an explained result out, so every case can be tested exactly.

A complaint *qualifies* when it was made within ``behaviour_months`` calendar months of the behaviour
(statutory: one month) and the application was made within ``window_months`` calendar months of the
complaint (statutory: six months). The threshold is met when any enabled rule holds:

* **complaints**: at least ``min_complaints`` qualifying complaints (statutory: three; a relevant
  body may set it lower, never higher);
* **individuals**: at least ``individuals_count`` different people complained about similar
  incidents within ``individuals_window_months`` before the application (a common local rule: five),
  counted over applications that staff have linked as being about the same problem;
* **hate**: at least ``hate_incidents`` qualifying complaints about behaviour the applicant says was
  hate-motivated (a common local rule: one).

Calendar months follow the usual legal reading: one month after 31 January is 28 (or 29) February.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

STATUTORY_MAX_COMPLAINTS = 3


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (or earlier), clipped to the month's last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class ThresholdRules:
    """The local threshold rules. Defaults are the statutory threshold and the two common additions."""

    min_complaints: int = 3
    behaviour_months: int = 1
    window_months: int = 6
    individuals_enabled: bool = True
    individuals_count: int = 5
    individuals_window_months: int = 6
    hate_enabled: bool = True
    hate_incidents: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.min_complaints <= STATUTORY_MAX_COMPLAINTS:
            raise ValueError("the complaints threshold may be set lower than three, never higher")
        if self.behaviour_months < 1 or self.window_months < 1 or self.individuals_window_months < 1:
            raise ValueError("time limits are whole months, at least one")
        if self.individuals_count < 2 or self.hate_incidents < 1:
            raise ValueError("the individuals rule needs at least two people and the hate rule one incident")


@dataclass(frozen=True)
class Complaint:
    """One complaint as the applicant described it."""

    made_on: date
    behaviour_on: date
    made_to: str = ""


@dataclass(frozen=True)
class ComplaintCheck:
    complaint: Complaint
    qualifies: bool
    reason: str


@dataclass(frozen=True)
class LinkedApplicant:
    """Another application about the same problem: who applied and their complaints' dates."""

    person_key: str
    complaint_dates: Sequence[date]


@dataclass(frozen=True)
class ThresholdResult:
    met: bool
    rules_met: tuple[str, ...]
    qualifying: int
    individuals: int
    hate_qualifying: int
    checks: tuple[ComplaintCheck, ...] = field(default=())

    def summary(self) -> str:
        """One sentence for staff: which rule, with the counts behind it."""
        if not self.met:
            return (
                f"Threshold not met on the rules: {self.qualifying} qualifying complaint"
                f"{'s' if self.qualifying != 1 else ''}, {self.individuals} individual"
                f"{'s' if self.individuals != 1 else ''} complaining."
            )
        labels = {
            "complaints": f"{self.qualifying} qualifying complaints",
            "individuals": f"{self.individuals} individuals complaining about the same problem",
            "hate": "a hate incident complained about in time",
        }
        return "Threshold met: " + "; ".join(labels[r] for r in self.rules_met) + "."


def check_complaint(complaint: Complaint, applied_on: date, rules: ThresholdRules) -> ComplaintCheck:
    """Whether one complaint qualifies, and why not when it does not."""
    c = complaint
    if c.made_on < c.behaviour_on:
        return ComplaintCheck(c, False, "the complaint is dated before the behaviour")
    if c.made_on > applied_on:
        return ComplaintCheck(c, False, "the complaint is dated after the application")
    if c.made_on > add_months(c.behaviour_on, rules.behaviour_months):
        return ComplaintCheck(
            c, False, f"made more than {_months(rules.behaviour_months)} after the behaviour"
        )
    if applied_on > add_months(c.made_on, rules.window_months):
        return ComplaintCheck(
            c, False, f"made more than {_months(rules.window_months)} before the application"
        )
    return ComplaintCheck(c, True, "qualifies")


def _months(n: int) -> str:
    return "one month" if n == 1 else f"{n} months"


def count_individuals(
    applicant_key: str,
    own_complaints: Sequence[Complaint],
    linked: Sequence[LinkedApplicant],
    applied_on: date,
    window_months: int,
) -> int:
    """Different people who complained within the window before ``applied_on`` (the applicant included)."""
    start = add_months(applied_on, -window_months)
    people: set[str] = set()
    if any(start <= c.made_on <= applied_on for c in own_complaints):
        people.add(applicant_key)
    for other in linked:
        if any(start <= d <= applied_on for d in other.complaint_dates):
            people.add(other.person_key)
    return len(people)


def assess(
    complaints: Sequence[Complaint],
    applied_on: date,
    rules: ThresholdRules,
    *,
    hate_motivated: bool = False,
    applicant_key: str = "applicant",
    linked: Sequence[LinkedApplicant] = (),
) -> ThresholdResult:
    """Check an application against the rules and say which (if any) are met.

    Args:
        complaints: the applicant's complaints (date made, date of the behaviour).
        applied_on: the date the application was received.
        rules: the local rules in force for the application's district.
        hate_motivated: the applicant says the behaviour was motivated by hate.
        applicant_key: who the applicant is, to count distinct individuals with linked applications.
        linked: other applications staff linked as being about the same problem.
    """
    checks = tuple(check_complaint(c, applied_on, rules) for c in complaints)
    qualifying = sum(1 for ch in checks if ch.qualifies)
    individuals = count_individuals(
        applicant_key, complaints, linked, applied_on, rules.individuals_window_months
    )
    hate_qualifying = qualifying if hate_motivated else 0
    met: list[str] = []
    if qualifying >= rules.min_complaints:
        met.append("complaints")
    if rules.individuals_enabled and individuals >= rules.individuals_count:
        met.append("individuals")
    if rules.hate_enabled and hate_qualifying >= rules.hate_incidents:
        met.append("hate")
    return ThresholdResult(
        met=bool(met),
        rules_met=tuple(met),
        qualifying=qualifying,
        individuals=individuals,
        hate_qualifying=hate_qualifying,
        checks=checks,
    )
