"""The officer's task list, task completion, and supervisors' overdue reviews."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from saferplaces.review import actions
from saferplaces.review.models import SupervisoryReview, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(review_world: Any) -> dict[str, Task]:
    users, items = review_world["users"], review_world["items"]
    today = timezone.localdate()
    return {
        "mine": actions.create_task(
            items["L-0002"].incident,
            users["reviewer"],
            kind="call_back",
            due=today,
            assigned_to=users["officer"],
        ),
        "team": actions.create_task(
            items["L-0003"].incident, users["reviewer"], kind="reassurance", due=today
        ),
        "bradford": actions.create_task(
            items["B-0001"].incident, users["bradford_reviewer"], kind="call_back", due=today
        ),
    }


def test_an_officer_sees_their_own_and_unassigned_tasks_in_their_district(
    client_for: Any, tasks: Any
) -> None:
    response = client_for("officer").get("/review/tasks/")
    assert [t.incident.reference for t in response.context["tasks"]] == ["L-0002", "L-0003"]


def test_an_officer_completes_a_task_with_notes(client_for: Any, tasks: Any, review_world: Any) -> None:
    client_for("officer").post(f"/review/tasks/{tasks['mine'].pk}/complete/", {"notes": "Spoke to caller."})
    t = Task.objects.get(pk=tasks["mine"].pk)
    assert (t.notes, t.completed_by) == ("Spoke to caller.", review_world["users"]["officer"])
    assert [x.incident.reference for x in client_for("officer").get("/review/tasks/").context["tasks"]] == [
        "L-0003"
    ]


def test_a_task_cannot_be_completed_without_notes(client_for: Any, tasks: Any) -> None:
    client_for("officer").post(f"/review/tasks/{tasks['mine'].pk}/complete/", {"notes": ""})
    assert Task.objects.get(pk=tasks["mine"].pk).completed_at is None


def test_another_districts_task_is_forbidden_and_a_missing_one_not_found(client_for: Any, tasks: Any) -> None:
    url = f"/review/tasks/{tasks['bradford'].pk}/complete/"
    assert client_for("officer").post(url, {"notes": "x"}).status_code == 403
    assert client_for("officer").post("/review/tasks/99999/complete/", {"notes": "x"}).status_code == 404


@pytest.mark.parametrize("persona", ["reviewer", "partner", "analyst", "pcc"])
def test_the_task_list_is_for_officers_and_supervisors(client_for: Any, persona: str) -> None:
    assert client_for(persona).get("/review/tasks/").status_code == 403


def test_a_supervisor_sees_an_overdue_review_in_their_district(client_for: Any, review_world: Any) -> None:
    reviewer = review_world["users"]["reviewer"]
    long_ago = timezone.localdate() - timedelta(days=30)
    # Medium (4 points): sergeant due after 28 days, inspector after 56; assessed 30 days ago.
    answers = {"feels_targeted": True, "happened_before": True}
    actions.assess_risk(review_world["items"]["L-0003"], reviewer, answers, today=long_ago)
    response = client_for("supervisor").get("/review/supervision/")
    assert [(s.incident.reference, s.rank) for s in response.context["overdue"]] == [("L-0003", "sergeant")]
    assert [(s.incident.reference, s.rank) for s in response.context["upcoming"]] == [("L-0003", "inspector")]
    assert "2\xa0days overdue" in response.text
    assert client_for("bradford_supervisor").get("/review/supervision/").context["overdue"] == []


def test_recording_a_supervisory_review_clears_it(client_for: Any, review_world: Any) -> None:
    actions.assess_risk(
        review_world["items"]["L-0002"],
        review_world["users"]["reviewer"],
        {"household_vulnerable": True},
        today=date(2020, 1, 1),
    )
    first = SupervisoryReview.objects.order_by("due").first()
    assert first is not None
    assert (
        client_for("bradford_supervisor")
        .post(f"/review/supervision/{first.pk}/complete/", {"notes": "ok"})
        .status_code
        == 403
    )
    client_for("supervisor").post(f"/review/supervision/{first.pk}/complete/", {"notes": "Plan agreed."})
    assert SupervisoryReview.objects.get(pk=first.pk).completed_at is not None
    assert len(client_for("supervisor").get("/review/supervision/").context["overdue"]) == 2
