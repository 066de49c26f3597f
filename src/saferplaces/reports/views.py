"""The Panel report page, its pack downloads and the supplied-data upload. Thin: the work is in
tables.py (what each table holds), pack.py (files), supplied.py (checking CSVs) and actions.py (writes)."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from saferplaces.accounts.models import Role, User
from saferplaces.accounts.permissions import can_see_district, role_required
from saferplaces.audit.log import record as audit
from saferplaces.audit.models import AuditEvent
from saferplaces.reports import data
from saferplaces.reports.actions import save_supplied
from saferplaces.reports.display import table_view
from saferplaces.reports.forms import PanelForm, SuppliedUploadForm
from saferplaces.reports.models import MonthlyCount, StaffingFigure, SuppliedUpload, VictimSatisfaction
from saferplaces.reports.pack import CONTENT_TYPES, pack_bytes, pack_filename
from saferplaces.reports.supplied import COLUMNS, parse_supplied
from saferplaces.reports.tables import build_panel

# Aggregates only: the roles that read performance, never casework roles or partners.
REPORT_ROLES = (Role.PCC, Role.ANALYST)
# Who may upload the force-supplied tables (administrators always may).
SUPPLY_ROLES = (Role.PCC,)


def _panel_form(request: HttpRequest) -> PanelForm:
    user: User = request.user  # type: ignore[assignment]
    district = request.GET.get("district", "")
    # Asking for a district outside one's own is refused outright, not treated as a typo.
    if district.isdigit() and not can_see_district(user, int(district)):
        raise PermissionDenied
    if request.GET:
        return PanelForm(request.GET, user=user)
    latest = data.latest_month()
    return PanelForm(user=user, initial={"end": f"{latest:%Y-%m}" if latest else ""})


@role_required(*REPORT_ROLES)
@require_GET
def panel(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = _panel_form(request)
    panel = build_panel(form.panel_request()) if form.is_bound and form.is_valid() else None
    coverage = (
        panel.coverage
        if panel
        else (data.policeuk_coverage(), data.incident_coverage(), data.stats19_coverage())
    )
    return render(
        request,
        "reports/panel.html",
        {
            "form": form,
            "panel": panel,
            "tables": [table_view(t, i) for i, t in enumerate(panel.tables, start=1)] if panel else [],
            "coverage": coverage,
            "query": request.GET.urlencode(),
            "can_supply": user.is_administrator or user.role in SUPPLY_ROLES,
        },
    )


@role_required(*REPORT_ROLES)
@require_GET
def panel_pack(request: HttpRequest, fmt: str) -> HttpResponse:
    form = _panel_form(request)
    if not form.is_valid():
        return render(request, "reports/panel.html", {"form": form, "tables": []}, status=400)
    panel_request = form.panel_request()
    content = pack_bytes(build_panel(panel_request), fmt)
    audit(
        AuditEvent.Action.EXPORT,
        request=request,
        object_type="panel_pack",
        object_id=fmt,
        district_id=panel_request.district.pk if panel_request.district else None,
        tables=[t.value for t in panel_request.tables],
        end=f"{panel_request.end_year}-{panel_request.end_month:02d}",
        months=panel_request.months,
        baseline=f"{panel_request.baseline[0]}-{panel_request.baseline[1]:02d}"
        if panel_request.baseline
        else "",
    )
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{pack_filename(panel_request, fmt)}"'
    return response


@role_required(*SUPPLY_ROLES)
@require_http_methods(["GET", "POST"])
def supplied_data(request: HttpRequest) -> HttpResponse:
    form = SuppliedUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            text = form.text()
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            parsed = parse_supplied(form.cleaned_data["kind"], text)
            if parsed.errors:
                problems = parsed.errors
            else:
                name = Path(form.cleaned_data["file"].name).name
                upload = save_supplied(parsed, user=request.user, file_name=name)
                messages.success(
                    request,
                    f"Loaded {upload.rows} rows of {upload.get_kind_display().lower()} "
                    f"for {upload.first_month:%b %Y}–{upload.last_month:%b %Y}.",
                )
                return redirect("reports:supplied")
    if form.errors or problems:
        status = 400
    held = [
        (kind.label, data.supplied_coverage(model, kind.label))
        for kind, model in (
            (SuppliedUpload.Kind.VICTIM_SATISFACTION, VictimSatisfaction),
            (SuppliedUpload.Kind.STAFFING, StaffingFigure),
            (SuppliedUpload.Kind.HOSPITAL_ADMISSIONS, MonthlyCount),
        )
    ]
    return render(
        request,
        "reports/supplied.html",
        {
            "form": form,
            "problems": problems,
            "uploads": SuppliedUpload.objects.select_related("uploaded_by")[:50],
            "held": held,
            "formats": [(kind.label, kind.value, COLUMNS[kind.value]) for kind in SuppliedUpload.Kind],
        },
        status=status,
    )
