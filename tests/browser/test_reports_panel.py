"""In a real browser: the PCC team picks tables and a period, reads them with charts, downloads the pack."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from accessibility import serious_accessibility_problems
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from saferplaces.reports.tables import TABLE_LABELS, TableKey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHOSEN = (TableKey.NEIGHBOURHOOD_CRIME, TableKey.ASB, TableKey.KSI)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def report_data(reference_data: None, make_user: Callable[..., Any]) -> None:
    """police.uk held Feb 2021–Jan 2023 (burglary 10 then 12, vehicle crime 15 then 18, in each period's
    first month); ASB incidents through 2021 (3 a month) and 2022 (2 a month); no STATS19."""
    from django.utils import timezone

    from saferplaces.areas.models import District
    from saferplaces.incidents.models import Incident
    from saferplaces.policedata.models import StreetRecord
    from saferplaces.reference.models import IncidentCode

    leeds = District.objects.create(code="E08000035", name="Leeds")
    records = [("Shoplifting", date(2021 + (1 + m) // 12, (1 + m) % 12 + 1, 1)) for m in range(24)]
    records += [("Burglary", date(2021, 2, 1))] * 10 + [("Burglary", date(2022, 2, 1))] * 12
    records += [("Vehicle crime", date(2021, 2, 1))] * 15 + [("Vehicle crime", date(2022, 2, 1))] * 18
    StreetRecord.objects.bulk_create(
        StreetRecord(row_key=f"r{i}", month=month, crime_type=kind, district=leeds)
        for i, (kind, month) in enumerate(records)
    )
    asb = IncidentCode.objects.get(code="ASBN")
    Incident.objects.bulk_create(
        Incident(
            reference=f"A{year}{month:02d}{n}",
            received_at=timezone.make_aware(datetime(year, month, 10 + n, 18, 0)),
            closing_code=asb,
            district=leeds,
        )
        for year, per_month in ((2021, 3), (2022, 2))
        for month in range(1, 13)
        for n in range(per_month)
    )
    make_user("pcc.officer", "pcc")


def test_the_pcc_team_chooses_tables_and_a_period_reads_them_and_opens_the_downloaded_pack(
    live_server: Any, sign_in: Any, report_data: None, tmp_path: Path
) -> None:
    page = sign_in("pcc.officer")
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_label("Period ends in")).to_have_value("2023-01")  # the newest month held
    for key, label in TABLE_LABELS.items():
        box = page.get_by_label(label)
        box.check() if key in CHOSEN else box.uncheck()
    page.get_by_label("Period ends in").fill("2023-01")
    page.get_by_label("Rolling period length").select_option("12")
    page.get_by_role("button", name="Show report").click()

    expect(page.get_by_role("heading", name="Neighbourhood crime", exact=True)).to_be_visible()
    total = page.get_by_role("row", name=re.compile(r"^Total neighbourhood crime"))
    # 30 against 25 in the previous 12 months: +20.0% (shown 20), up, and not significant.
    # Cells after the row header: unit, the previous 12 months, the latest 12 months.
    expect(total.get_by_role("cell").nth(1)).to_have_text("25")
    expect(total.get_by_role("cell").nth(2)).to_have_text("30")
    expect(total).to_contain_text("20")
    expect(total).to_contain_text("no significant change")
    asb_total = page.get_by_role("row", name=re.compile(r"^Total")).filter(has_text="-33.3")
    expect(asb_total).to_contain_text("36")  # 3 a month in 2021
    expect(page.get_by_text("Definition: incidents closed with an ASB finalisation code")).to_be_visible()
    expect(page.locator(".unavailable").first).to_have_text(
        "Cannot be computed for 12m to Jan 2023: "
        "no DfT STATS19 road casualty data are held for Feb 2022–Jan 2023."
    )
    expect(page.locator("figure.chart svg")).to_have_count(2)

    assert serious_accessibility_problems(page) == []  # with the CSP kept on

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Download XLSX").click()
    xlsx = tmp_path / xlsx_download.value.suggested_filename
    xlsx_download.value.save_as(xlsx)
    assert xlsx.name == "panel-pack-2023-01.xlsx"
    book = load_workbook(xlsx)
    assert book.sheetnames == [
        "About this pack",
        "Neighbourhood crime",
        "ASB incidents by month",
        "KSI road casualties",
        "KSI casualties by district",
    ]
    crime = book["Neighbourhood crime"]
    header = [c.value for c in crime[3]]
    # The table runs from row 4 to the first empty row (the notes and the chart's data follow).
    rows = {
        r[0]: r for r in itertools.takewhile(lambda r: r[0], crime.iter_rows(min_row=4, values_only=True))
    }
    assert rows["Total neighbourhood crime"][header.index("12m to Jan 2023")] == 30
    assert (
        rows["Total neighbourhood crime"][header.index("12m to Jan 2023 vs 12m to Jan 2022 change")] == 20.0
    )
    assert rows["Burglary"][header.index("12m to Jan 2022")] == 10
    assert len(crime._charts) == 1 and len(book["ASB incidents by month"]._charts) == 1
    assert book["KSI road casualties"]["A4"].value.startswith("Cannot be computed for 12m to Jan 2023")

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Download DOCX").click()
    docx = tmp_path / docx_download.value.suggested_filename
    docx_download.value.save_as(docx)
    document = Document(str(docx))
    assert [p.text for p in document.paragraphs if p.style.name.startswith("Heading")] == book.sheetnames
    asb = document.tables[2]
    assert [c.text for c in asb.rows[13].cells[:4]] == ["Total", "count", "36", "24"]
    assert len(document.inline_shapes) == 2  # the crime and ASB charts
    assert problems == []
