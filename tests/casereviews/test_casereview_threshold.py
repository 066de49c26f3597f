"""The s104 threshold with the local rules: exact dates either side of each limit."""

from __future__ import annotations

from datetime import date

import pytest

from saferplaces.casereviews.threshold import (
    Complaint,
    LinkedApplicant,
    ThresholdRules,
    add_months,
    assess,
    check_complaint,
)

APPLIED = date(2025, 6, 30)
DEFAULT = ThresholdRules()


def c(made: str, behaviour: str) -> Complaint:
    return Complaint(made_on=date.fromisoformat(made), behaviour_on=date.fromisoformat(behaviour))


def test_a_month_after_31_january_is_the_last_day_of_february() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 8, 31), -6) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)


def test_three_complaints_each_within_a_month_of_the_behaviour_meet_the_threshold() -> None:
    result = assess(
        [c("2025-02-10", "2025-02-01"), c("2025-04-01", "2025-03-20"), c("2025-06-01", "2025-05-31")],
        APPLIED,
        DEFAULT,
    )
    assert result.met and result.rules_met == ("complaints",) and result.qualifying == 3


def test_a_complaint_made_exactly_six_months_before_the_application_still_qualifies() -> None:
    # 30 June 2025 is six calendar months after 30 December 2024, so the application is in time.
    assert check_complaint(c("2024-12-30", "2024-12-20"), APPLIED, DEFAULT).qualifies


def test_a_complaint_made_one_day_more_than_six_months_before_the_application_does_not_qualify() -> None:
    check = check_complaint(c("2024-12-29", "2024-12-20"), APPLIED, DEFAULT)
    assert not check.qualifies
    assert check.reason == "made more than 6 months before the application"


def test_two_in_time_and_one_just_outside_six_months_do_not_meet_the_threshold() -> None:
    result = assess(
        [c("2024-12-29", "2024-12-20"), c("2025-03-01", "2025-02-20"), c("2025-05-01", "2025-04-30")],
        APPLIED,
        DEFAULT,
    )
    assert not result.met and result.qualifying == 2
    assert (
        result.summary()
        == "Threshold not met on the rules: 2 qualifying complaints, 1 individual complaining."
    )


def test_a_complaint_made_exactly_one_month_after_the_behaviour_qualifies() -> None:
    assert check_complaint(c("2025-04-15", "2025-03-15"), APPLIED, DEFAULT).qualifies


def test_a_complaint_made_more_than_a_month_after_the_behaviour_does_not_qualify() -> None:
    check = check_complaint(c("2025-04-16", "2025-03-15"), APPLIED, DEFAULT)
    assert not check.qualifies and check.reason == "made more than one month after the behaviour"
    late = [c("2025-04-16", "2025-03-15"), c("2025-05-01", "2025-04-25"), c("2025-06-01", "2025-05-30")]
    assert assess(late, APPLIED, DEFAULT).qualifying == 2


def test_a_complaint_dated_before_its_behaviour_or_after_the_application_does_not_qualify() -> None:
    assert (
        check_complaint(c("2025-03-01", "2025-03-02"), APPLIED, DEFAULT).reason
        == "the complaint is dated before the behaviour"
    )
    assert (
        check_complaint(c("2025-07-01", "2025-06-29"), APPLIED, DEFAULT).reason
        == "the complaint is dated after the application"
    )


def test_five_individuals_complaining_about_the_same_problem_meet_the_threshold() -> None:
    linked = [LinkedApplicant(f"neighbour-{i}", [date(2025, 5, i + 1)]) for i in range(4)]
    result = assess([c("2025-06-01", "2025-05-30")], APPLIED, DEFAULT, applicant_key="me", linked=linked)
    assert result.met and result.rules_met == ("individuals",) and result.individuals == 5


def test_four_individuals_or_a_fifth_who_complained_too_long_ago_do_not() -> None:
    linked = [LinkedApplicant(f"neighbour-{i}", [date(2025, 5, i + 1)]) for i in range(3)]
    linked.append(LinkedApplicant("old", [date(2024, 12, 29)]))  # one day outside the six months
    result = assess([c("2025-06-01", "2025-05-30")], APPLIED, DEFAULT, applicant_key="me", linked=linked)
    assert not result.met and result.individuals == 4


def test_the_same_person_applying_twice_counts_once() -> None:
    linked = [LinkedApplicant("me", [date(2025, 5, 1)])] + [
        LinkedApplicant(f"n{i}", [date(2025, 5, 2)]) for i in range(3)
    ]
    assert (
        assess(
            [c("2025-06-01", "2025-05-30")], APPLIED, DEFAULT, applicant_key="me", linked=linked
        ).individuals
        == 4
    )


def test_one_hate_incident_complained_about_in_time_meets_the_threshold() -> None:
    result = assess([c("2025-06-01", "2025-05-30")], APPLIED, DEFAULT, hate_motivated=True)
    assert result.met and result.rules_met == ("hate",)
    assert result.summary() == "Threshold met: a hate incident complained about in time."


def test_a_hate_incident_complained_about_too_late_does_not() -> None:
    assert not assess([c("2025-05-01", "2025-03-30")], APPLIED, DEFAULT, hate_motivated=True).met


def test_the_local_additions_can_be_switched_off() -> None:
    rules = ThresholdRules(hate_enabled=False, individuals_enabled=False)
    linked = [LinkedApplicant(f"n{i}", [date(2025, 5, 1)]) for i in range(6)]
    assert not assess([c("2025-06-01", "2025-05-30")], APPLIED, rules, hate_motivated=True, linked=linked).met


def test_a_lower_local_threshold_of_two_complaints_is_met_by_two() -> None:
    two = [c("2025-05-01", "2025-04-30"), c("2025-06-01", "2025-05-30")]
    assert not assess(two, APPLIED, DEFAULT).met
    result = assess(two, APPLIED, ThresholdRules(min_complaints=2))
    assert result.met and result.rules_met == ("complaints",)


def test_a_threshold_above_the_statutory_three_is_refused() -> None:
    with pytest.raises(ValueError, match="never higher"):
        ThresholdRules(min_complaints=4)
