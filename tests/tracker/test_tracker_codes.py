"""Access codes: random, typable, 60 bits, stored only as a salted hash."""

from __future__ import annotations

import re

import pytest

from saferplaces.tracker import codes


def test_a_code_is_three_groups_of_four_from_the_unambiguous_alphabet() -> None:
    made = {codes.generate_code() for _ in range(200)}
    assert len(made) == 200
    for code in made:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
        assert not set(code) & set("ILOU")
    assert codes.ENTROPY_BITS == 60
    # Every symbol turns up: the generator draws from the whole alphabet.
    assert set("".join(made).replace("-", "")) == set(codes.ALPHABET)


def test_what_a_person_types_is_read_generously() -> None:
    assert codes.normalise_code(" 7kq2 m9xd-4trw ") == "7KQ2M9XD4TRW"
    assert codes.normalise_code("ABCO-ILDE-FG12") == "ABC0-11DE-FG12".replace("-", "")
    assert codes.normalise_code("7KQ2–M9XD–4TRW") == "7KQ2M9XD4TRW"  # en dashes from a word processor


@pytest.mark.django_db
def test_only_a_salted_hash_is_stored_and_it_checks_the_typed_code() -> None:
    first = codes.hash_code("7KQ2-M9XD-4TRW")
    second = codes.hash_code("7KQ2-M9XD-4TRW")
    assert "7KQ2" not in first and first != second  # salted
    assert codes.verify_code("7kq2 m9xd 4trw", first)
    assert not codes.verify_code("7KQ2-M9XD-4TRX", first)
    assert not codes.verify_code("7KQ2-M9XD-4TRW", "")
