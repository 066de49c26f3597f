"""The report page: choices, tables with their notes and verdicts, plain refusals, and the pack download."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from saferplaces.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
QUERY = "end=2023-01&months=12&baseline=2019-06&tables=neighbourhood_crime&tables=ksi"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_empty_form_starts_at_the_latest_month_held_and_lists_what_is_held(
    panel_data: Any, pcc_user: Any
) -> None:
    page = client_for(pcc_user).get("/reports/").content.decode()
    assert 'name="end" value="2023-03"' in page  # the March 2023 staffing snapshot is the newest data
    assert "police.uk street-level records: Jul 2018–Jun 2019, Feb 2021–Jan 2023" in page
    assert "DfT STATS19 road casualty data: none held" in page
    assert "Download XLSX" not in page


def test_the_chosen_tables_show_figures_verdicts_notes_and_what_cannot_be_computed(
    panel_data: Any, pcc_user: Any
) -> None:
    response = client_for(pcc_user).get(f"/reports/?{QUERY}")
    page = response.content.decode()
    assert response.status_code == 200
    assert [t.title for t in response.context["panel"].tables] == [
        "Neighbourhood crime",
        "KSI road casualties",
        "KSI casualties by district",
    ]
    assert '<th scope="row">Total neighbourhood crime</th>' in page
    assert '<td class="num">14.7</td>' in page
    assert '<td class="dir dir-down">down</td>' in page
    assert '<td class="sig-yes">significant decrease</td>' in page
    assert "Definition: neighbourhood crime as the Home Office Beating Crime Plan (2021) defines it" in page
    assert (
        "Cannot be computed for 12m to Jan 2023: "
        "no DfT STATS19 road casualty data are held for Feb 2022–Jan 2023." in page
    )
    assert page.count("<svg") == 1  # one chart: the crime table; the KSI tables have none to draw
    assert f'href="/reports/pack.xlsx?{QUERY.replace("&", "&amp;")}"' in page
    # The Content-Security-Policy allows no inline scripts or style attributes.
    assert "<script" not in page and "style=" not in page


def test_a_baseline_that_overlaps_the_previous_period_is_refused(panel_data: Any, pcc_user: Any) -> None:
    client = client_for(pcc_user)
    response = client.get("/reports/?end=2023-01&months=12&baseline=2022-01&tables=asb")
    assert "The baseline must end before the previous period does (2022-01); choose an earlier month." in (
        response.content.decode()
    )
    assert response.context["panel"] is None
    assert client.get("/reports/pack.xlsx?end=2023-13&tables=asb").status_code == 400


def test_the_pack_downloads_as_a_spreadsheet_and_the_export_is_audited(
    panel_data: Any, pcc_user: Any
) -> None:
    response = client_for(pcc_user).get(f"/reports/pack.xlsx?{QUERY}")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="panel-pack-2023-01.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "About this pack",
        "Neighbourhood crime",
        "KSI road casualties",
        "KSI casualties by district",
    ]
    sheet = book["Neighbourhood crime"]
    header = [c.value for c in sheet[3]]
    total = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Total neighbourhood crime")
    assert total[header.index("12m to Jan 2023")] == 39
    assert total[header.index("12m to Jan 2023 vs 12m to Jun 2019 change")] == -38.1
    assert book["KSI road casualties"]["A4"].value.startswith("Cannot be computed for 12m to Jan 2023")
    event = AuditEvent.objects.get(action="export")
    assert (event.username, event.object_type, event.object_id) == ("pcc.officer", "panel_pack", "xlsx")
    assert event.detail["tables"] == ["neighbourhood_crime", "ksi"]
    assert event.detail["baseline"] == "2019-06"


def test_the_word_pack_holds_the_tables_and_a_chart_for_each_table_with_figures(
    panel_data: Any, pcc_user: Any
) -> None:
    from docx import Document

    response = client_for(pcc_user).get(f"/reports/pack.docx?{QUERY}&tables=asb")
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "About this pack",
        "Neighbourhood crime",
        "ASB incidents by month",
        "KSI road casualties",
        "KSI casualties by district",
    ]
    assert len(document.inline_shapes) == 2  # crime and ASB charts
    asb = document.tables[2]
    assert [c.text for c in asb.rows[13].cells[:4]] == ["Total", "count", "37", "27"]
    assert re.search(r"Period: 2021 against 2022", "\n".join(p.text for p in document.paragraphs))
