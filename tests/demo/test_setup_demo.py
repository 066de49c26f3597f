"""`setup_demo` (what `make demo` runs) loads everything, prints working accounts, and restarts fast."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from saferplaces.accounts.models import Role, User
from saferplaces.areas.models import District, Lsoa, Ward
from saferplaces.imports.models import ImportRun
from saferplaces.incidents.models import Incident
from saferplaces.policedata.models import StreetRecord

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_loads_west_yorkshire_and_prints_an_account_for_every_role(
    monkeypatch: pytest.MonkeyPatch, settings: object, tmp_path: Path
) -> None:
    monkeypatch.setenv("SAFERPLACES_DEMO_SCALE", "0.01")  # about 1,000 synthetic incidents
    out = io.StringIO()
    call_command("setup_demo", "--quiet", stdout=out)
    text = out.getvalue()

    assert set(District.objects.values_list("name", flat=True)) == {
        "Bradford",
        "Calderdale",
        "Kirklees",
        "Leeds",
        "Wakefield",
    }
    assert Lsoa.objects.count() == 1_404 and Ward.objects.count() == 33
    assert StreetRecord.objects.count() == 27_176 + 28_537 + 31_635
    incidents = ImportRun.objects.get(kind="incidents")
    assert incidents.rows_rejected == 0 and incidents.rows_loaded == Incident.objects.count() > 500
    assert Incident.objects.filter(district__isnull=True).count() == 0

    from saferplaces.review.models import ReviewItem

    assert ReviewItem.objects.count() > 0  # the review queue is filled on first start

    accounts = dict(re.findall(r"^  (\S+) +(\S+) ", text, re.MULTILINE))
    assert {User.objects.get(username=u).role for u in accounts} == set(Role)
    for username, password in accounts.items():
        assert authenticate(username=username, password=password) is not None, username

    again = io.StringIO()
    call_command("setup_demo", "--quiet", stdout=again)
    assert again.getvalue().count("already loaded.") == 6
    assert StreetRecord.objects.count() == 27_176 + 28_537 + 31_635
