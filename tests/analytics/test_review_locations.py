"""Repeat locations: premises keys and distance on the British National Grid."""

from __future__ import annotations

import polars as pl

from saferplaces.analytics.review.locations import find_locations


def _incidents(rows: list[tuple[str, str | None, str | None, float | None, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "incident_ref": pl.String,
            "location_text": pl.String,
            "postcode": pl.String,
            "latitude": pl.Float64,
            "longitude": pl.Float64,
        },
        orient="row",
    )


def test_address_variants_of_one_house_are_one_location():
    out = find_locations(
        _incidents(
            [
                ("a", "12 Acacia Avenue", "LS9 8AB", None, None),
                ("b", "12 acacia ave", "ls98ab", None, None),
                ("c", "14 Acacia Avenue", "LS9 8AB", None, None),
            ]
        )
    ).incidents
    ids = out["location_id"].to_list()
    assert ids[0] == ids[1] != ids[2]


def test_points_within_the_radius_join_but_neighbouring_houses_do_not():
    # 0.0001 degrees of latitude is about 11 m.
    out = find_locations(
        _incidents(
            [
                ("a", "outside Co-op, Main St", None, 53.80000, -1.55000),
                ("b", None, None, 53.80010, -1.55000),
                ("c", "12 Acacia Avenue", "LS9 8AB", 53.81000, -1.55000),
                ("d", "14 Acacia Avenue", "LS9 8AB", 53.81005, -1.55000),
                ("e", None, None, 53.90000, -1.55000),
            ]
        ),
        radius_m=30,
    )
    ids = out.incidents["location_id"].to_list()
    assert ids[0] == ids[1]
    assert ids[2] != ids[3]
    assert len(set(ids)) == 4
    reasons = out.links["reason"].to_list()
    assert any(r.startswith("within") and "British National Grid" in r for r in reasons)


def test_a_place_without_number_or_point_repeats_by_its_text_and_nothing_gives_no_location():
    out = find_locations(
        _incidents(
            [
                ("a", "outside Co-op, Main St", "BD1 1AA", None, None),
                ("b", "Co-op Main Street", "BD1 1AB", None, None),
                ("c", None, None, None, None),
            ]
        )
    ).incidents
    ids = out["location_id"].to_list()
    assert ids[0] == ids[1]
    assert ids[2] is None


def test_keys_stay_with_their_incidents_when_addresses_repeat():
    from saferplaces.analytics.review.locations import premises_keys

    # Addresses are parsed once per distinct text and joined back: every row must keep its own key.
    texts = [
        "12 Acacia Avenue",
        "4 Moor Road",
        None,
        "12 Acacia Avenue",
        "outside Co-op, Main St",
        "4 Moor Road",
    ]
    rows = [(f"r{i}", t, "LS9 8AB", None, None) for i, t in enumerate(texts * 50)]
    keys = premises_keys(_incidents(rows))
    assert keys["incident_ref"].to_list() == [r[0] for r in rows]
    by_text: dict[str | None, set[tuple[str | None, str | None]]] = {}
    for (_ref, text, *_), key, text_key in zip(rows, keys["premises_key"], keys["text_key"], strict=True):
        by_text.setdefault(text, set()).add((key, text_key))
    assert all(len(v) == 1 for v in by_text.values())
    assert by_text["12 Acacia Avenue"] != by_text["4 Moor Road"]
    assert by_text[None] == {(None, None)}
