"""Shared fixtures: a small real geography, named personas, and file helpers."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"

# Playwright's sync API runs an event loop in the test thread; Django must be told that is fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def reference_data(db: None) -> None:
    """The default code lists. Migrations load them, but a transactional test's flush removes them."""
    from saferplaces.reference import models
    from saferplaces.reference.loaders import load_reference_data

    if not models.IncidentCode.objects.exists():
        load_reference_data(models, DATA)


@pytest.fixture
def geography(reference_data: None) -> None:
    """Ten real LSOAs (seven in central Leeds, three in central Bradford) and four Leeds wards."""
    from saferplaces.imports.actions import import_file
    from saferplaces.imports.models import ImportRun

    run = import_file(ImportRun.Kind.BOUNDARIES, FIXTURES / "lsoa_sample.geojson", level="lsoa")
    assert run.rows_loaded == 10, run.message
    run = import_file(
        ImportRun.Kind.BOUNDARIES, FIXTURES / "leeds_wards_sample.geojson", level="ward", district="Leeds"
    )
    assert run.rows_loaded == 4, run.message


@pytest.fixture
def make_user(db: None) -> Callable[..., object]:
    from saferplaces.accounts.models import Organisation, User
    from saferplaces.areas.models import District

    def make(
        username: str,
        role: str,
        districts: tuple[str, ...] = (),
        organisation: str = "",
        password: str = "correct-horse-battery",
        **extra: object,
    ) -> User:
        org = Organisation.objects.get_or_create(name=organisation)[0] if organisation else None
        user = User.objects.create_user(
            username=username, password=password, role=role, organisation=org, **extra
        )
        user.districts.set(District.objects.filter(name__in=districts))
        return user

    return make


@pytest.fixture
def personas(geography: None, make_user: Callable[..., object]) -> dict[str, object]:
    """The named cast: who each test acts as."""
    return {
        "leeds_reviewer": make_user("leeds.reviewer", "reviewer", ("Leeds",)),
        "bradford_reviewer": make_user("bradford.reviewer", "reviewer", ("Bradford",)),
        "leeds_partner": make_user("leeds.partner", "partner", ("Leeds",), organisation="Leeds City Council"),
        "analyst": make_user("analyst", "analyst", ("Leeds", "Bradford")),
        "admin": make_user("admin", "administrator", is_staff=True, is_superuser=True),
    }


@pytest.fixture
def incidents_loaded(geography: None) -> object:
    from saferplaces.imports.actions import import_file
    from saferplaces.imports.models import ImportRun

    return import_file(ImportRun.Kind.INCIDENTS, FIXTURES / "incidents_small.csv")


@pytest.fixture(autouse=True)
def _private_var_dir(settings: object, tmp_path: Path) -> None:
    """Import reports and uploads go to the test's own folder, never the developer's var/."""
    settings.VAR_DIR = tmp_path / "var"  # type: ignore[attr-defined]
    settings.MEDIA_ROOT = tmp_path / "var" / "uploads"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: object) -> None:
    """Real hashing costs about a second per user; tests that time hashing set their own hashers."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
