from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely

from saferplaces.areas.models import District, Lsoa, Ward
from saferplaces.imports.actions import import_file
from saferplaces.imports.models import ImportRun

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "data"


def test_lsoas_create_their_districts_with_ons_codes_and_outlines(geography: None) -> None:
    assert dict(District.objects.values_list("name", "code")) == {
        "Leeds": "E08000035",
        "Bradford": "E08000032",
    }
    leeds = District.objects.get(name="Leeds")
    outline = shapely.from_geojson(leeds.geometry)
    assert outline.area > 0
    lsoa = Lsoa.objects.get(code="E01033008")
    assert (lsoa.name, lsoa.population, lsoa.district.name) == ("Leeds 111A", 2148, "Leeds")
    assert lsoa.ward is not None and lsoa.ward.name == "Little London & Woodhouse"


def test_reloading_boundaries_adds_nothing(geography: None, fixtures_dir: Path) -> None:
    run = import_file(ImportRun.Kind.BOUNDARIES, fixtures_dir / "lsoa_sample.geojson")
    assert (run.rows_loaded, run.rows_already_loaded) == (0, 10)
    assert Lsoa.objects.count() == 10 and Ward.objects.count() == 4


def test_a_feature_without_a_code_is_rejected_and_the_rest_load(
    db: None, tmp_path: Path, fixtures_dir: Path
) -> None:
    data = json.loads((fixtures_dir / "lsoa_sample.geojson").read_text())
    del data["features"][2]["properties"]["lsoa21cd"]
    data["features"][4]["geometry"] = None
    path = tmp_path / "lsoa.geojson"
    path.write_text(json.dumps(data))
    run = import_file(ImportRun.Kind.BOUNDARIES, path)
    assert (run.rows_loaded, run.rows_rejected) == (8, 2)
    assert sorted(run.rejects.values_list("line", flat=True)) == [3, 5]


def test_districts_from_their_own_file(db: None) -> None:
    run = import_file(
        ImportRun.Kind.BOUNDARIES, DATA / "police-uk-asb-2022-other-forces" / "lancashire_districts.geojson"
    )
    assert (run.rows_loaded, run.rows_rejected) == (14, 0)
    assert District.objects.get(code="E06000008").name == "Blackburn with Darwen"
