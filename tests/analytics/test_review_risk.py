"""Risk: questionnaire plus history factors -> standard / medium / high, with reasons."""

from __future__ import annotations

import json

import polars as pl

from saferplaces.analytics.review import risk


def test_default_questionnaire_is_data_with_the_national_trial_questions():
    q = risk.Questionnaire.load()
    ids = {x.id for x in q.questions}
    assert {"happened_before", "feels_targeted", "household_vulnerable", "hate_motivated"} <= ids
    assert q.medium_at < q.high_at


def test_bands_follow_the_score_and_every_band_has_reasons():
    q = risk.Questionnaire.load()
    frame = pl.DataFrame(
        {
            "prior_incidents": [False, True, True],
            "personal_category": [False, True, True],
            "victim_distress": [False, False, True],
            "repeat_victim": [False, False, True],
        }
    )
    out = risk.score(frame, q)
    assert out["risk"].to_list() == ["standard", "medium", "high"]
    assert out["risk_reasons"][0] == ""
    assert "repeat_victim (+3)" in out["risk_reasons"][2]


def test_a_recorded_answer_wins_over_the_inference():
    q = risk.Questionnaire.load()
    frame = pl.DataFrame({"hate": [True, False], "risk_hate_motivated": ["N", "Y"]})
    out = risk.score(frame, q)
    assert "hate_motivated" not in out["risk_reasons"][0]
    assert "hate_motivated (+4, answered)" in out["risk_reasons"][1]


def test_override_makes_a_threat_to_kill_high_whatever_the_score():
    q = risk.Questionnaire.load()
    out = risk.score(pl.DataFrame({"threat_to_kill": [True]}), q)
    assert out["risk"][0] == "high"
    assert "override" in out["risk_reasons"][0]


def test_a_force_can_ship_its_own_questionnaire(tmp_path):
    path = tmp_path / "q.json"
    path.write_text(
        json.dumps(
            {
                "name": "local",
                "bands": {"medium": 1, "high": 2},
                "questions": [{"id": "q1", "text": "?", "weight": 1, "infer_from": ["personal_category"]}],
            }
        )
    )
    out = risk.score(pl.DataFrame({"personal_category": [True]}), risk.Questionnaire.load(path))
    assert out["risk"][0] == "medium"


def test_review_cadence_comes_from_thresholds_when_given():
    q = risk.Questionnaire.load()
    assert risk.review_cadence("high", q)["sergeant"] == 14
    assert risk.review_cadence("high", q, {"review.high.sergeant_days": "7"})["sergeant"] == 7
