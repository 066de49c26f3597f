"""Map boundaries for the public map, and times typed by passengers."""

from __future__ import annotations

from datetime import time

import pytest
from django.test import Client

from saferplaces.bussafety.forms import parse_time

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("8:15am", time(8, 15)),
        ("8.15 pm", time(20, 15)),
        ("17:40", time(17, 40)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("9pm", time(21, 0)),
        ("Midday", time(12, 0)),
    ],
)
def test_times_are_read_as_people_write_them(typed: str, expected: time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["8", "25:00", "13pm", "8:75", "soon"])
def test_times_that_could_mean_anything_are_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_time(typed)


def test_the_areas_in_view_are_the_lsoas_there(geography: None) -> None:
    data = Client().get("/bus-safety/map/areas.geojson?bbox=-1.57,53.78,-1.52,53.81").json()
    codes = sorted(f["properties"]["code"] for f in data["features"])
    assert codes == [
        "E01033002",
        "E01033008",
        "E01033010",
        "E01033011",
        "E01033015",
        "E01033016",
        "E01033033",
    ]
    assert data["too_many"] is False


def test_a_malformed_view_is_refused(geography: None) -> None:
    assert Client().get("/bus-safety/map/areas.geojson?bbox=a,b").status_code == 400
    assert Client().get("/bus-safety/map/areas.geojson?bbox=2,53,1,54").status_code == 400


def test_district_outlines_are_the_union_of_their_lsoas(geography: None) -> None:
    data = Client().get("/bus-safety/map/districts.geojson").json()
    assert sorted(f["properties"]["name"] for f in data["features"]) == ["Bradford", "Leeds"]
