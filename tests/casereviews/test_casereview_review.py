"""Staff record the review: acknowledgement, threshold, links, meeting, recommendations, outcome letter."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from saferplaces.accounts.models import Organisation
from saferplaces.audit.models import AuditEvent
from saferplaces.casereviews import actions
from saferplaces.casereviews.models import Application, LocalRules
from saferplaces.casereviews.queries import threshold_check

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_detail_page_explains_the_automatic_check(
    personas: dict[str, Any], make_application: Callable[..., Any]
) -> None:
    app = make_application(complaints=(("2025-06-01", "2025-05-30"), ("2025-04-16", "2025-03-15")))
    body = (
        signed_in(personas["leeds_reviewer"]).get(f"/asb-case-review/staff/{app.reference}/").content.decode()
    )
    assert "No: made more than one month after the behaviour" in body
    assert "Threshold not met on the rules: 1 qualifying complaint, 1 individual complaining." in body


def test_a_district_may_set_a_lower_threshold_than_the_force(
    geography: None, make_application: Callable[..., Any]
) -> None:
    two = (("2025-05-01", "2025-04-30"), ("2025-06-01", "2025-05-30"))
    leeds_app = make_application(district="Leeds", complaints=two)
    bradford_app = make_application(district="Bradford", complaints=two)
    LocalRules.objects.create(district=bradford_app.district, min_complaints=2)
    assert not threshold_check(leeds_app).met
    assert threshold_check(bradford_app).rules_met == ("complaints",)


def test_the_rules_refuse_a_threshold_above_three_in_the_database(geography: None) -> None:
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        LocalRules.objects.create(district_id=None, min_complaints=4)


def test_linking_five_applicants_meets_the_individuals_rule(
    personas: dict[str, Any], make_application: Callable[..., Any]
) -> None:
    apps = [make_application() for _ in range(5)]
    reviewer = personas["leeds_reviewer"]
    c = signed_in(reviewer)
    for other in apps[1:4]:
        actions.link_applications(apps[0], other, reviewer)
    apps[0].refresh_from_db()
    assert threshold_check(apps[0]).individuals == 4 and not threshold_check(apps[0]).met
    c.post(f"/asb-case-review/staff/{apps[4].reference}/link/", {"other": apps[0].reference.lower()})
    apps[0].refresh_from_db()
    result = threshold_check(apps[0])
    assert result.individuals == 5 and result.rules_met == ("individuals",)
    assert Application.objects.filter(problem__isnull=False).values("problem").distinct().count() == 1


def test_linking_two_groups_merges_them(
    personas: dict[str, Any], make_application: Callable[..., Any]
) -> None:
    a, b, c, d = (make_application() for _ in range(4))
    user = personas["leeds_reviewer"]
    actions.link_applications(a, b, user)
    actions.link_applications(c, d, user)
    actions.link_applications(b, c, user)
    assert len({x.problem_id for x in Application.objects.all()}) == 1


def test_the_whole_review_from_acknowledgement_to_letter(
    personas: dict[str, Any], make_application: Callable[..., Any]
) -> None:
    council = Organisation.objects.get(name="Leeds City Council")
    app = make_application(received_on=timezone.localdate())
    c = signed_in(personas["leeds_reviewer"])
    url = f"/asb-case-review/staff/{app.reference}/"
    assert c.post(url + "acknowledge/")["Location"] == url
    assert (
        c.post(
            url + "threshold/", {"met": "yes", "rule": "3 complaints", "reason": "Three in time."}
        ).status_code
        == 302
    )
    c.post(
        url + "meeting/",
        {"held_on": "2025-07-10", "agencies": "Police, Leeds City Council", "summary": "Met."},
    )
    c.post(
        url + "recommendations/",
        {"text": "Mediation between neighbours", "owner": council.pk, "due_on": "2025-08-01"},
    )
    c.post(url + "close/", {"outcome": "The agencies agreed a plan."})
    app.refresh_from_db()
    assert app.status == Application.Status.CLOSED and app.threshold_met is True
    assert app.acknowledged_on == timezone.localdate() and app.meetings.count() == 1
    letter = c.get(url + "letter/").content.decode()
    assert "The agencies agreed a plan." in letter and "Mediation between neighbours" in letter
    assert "(Leeds City Council, by 1 August 2025)" in letter
    changes = list(
        AuditEvent.objects.filter(object_id=app.reference, action__in=["create", "update"]).values_list(
            "detail__change", flat=True
        )
    )
    assert changes == ["closed", "recommendation", "review meeting", "threshold", "acknowledged"]
    # The partner owning the recommendation marks it done; nobody else in their role could.
    rec = app.recommendations.get()
    partner = signed_in(personas["leeds_partner"])
    assert partner.post(f"{url}recommendations/{rec.pk}/done/").status_code == 302
    rec.refresh_from_db()
    assert rec.status == "done"


def test_a_threshold_not_met_gives_a_letter_with_the_reason(
    personas: dict[str, Any], make_application: Callable[..., Any]
) -> None:
    app = make_application()
    c = signed_in(personas["leeds_reviewer"])
    url = f"/asb-case-review/staff/{app.reference}/"
    c.post(url + "threshold/", {"met": "no", "reason": "Only one complaint in the six months."})
    app.refresh_from_db()
    assert app.status == Application.Status.THRESHOLD_NOT_MET and app.acknowledged_on is not None
    letter = c.get(url + "letter/").content.decode()
    assert (
        "does not meet the threshold for a case review, because: Only one complaint in the six months."
        in letter
    )


def test_recommendations_need_the_threshold_met_first(
    personas: dict[str, Any], make_application: Callable[..., Any]
) -> None:
    app = make_application()
    with pytest.raises(actions.ActionError):
        actions.add_recommendation(
            app,
            personas["leeds_reviewer"],
            text="x",
            owner=Organisation.objects.get(name="Leeds City Council"),
            due_on=date(2025, 8, 1),
        )


def test_overdue_deadlines_are_flagged_in_the_queue(
    personas: dict[str, Any], make_application: Callable[..., Any]
) -> None:
    old = make_application(received_on=date(2025, 1, 6))
    body = signed_in(personas["leeds_reviewer"]).get("/asb-case-review/staff/").content.decode()
    row = body[body.index(old.reference) :]
    assert "Acknowledge by 20 Jan 2025" in row[:600] and "Overdue" in row[:600]
