from django.urls import URLPattern, URLResolver, path

from saferplaces.bussafety import views

app_name = "bussafety"
urlpatterns: list[URLPattern | URLResolver] = [
    # The public service
    path("", views.start, name="start"),
    path("report/check/", views.check, name="check"),
    path("report/done/", views.done, name="done"),
    path("report/<slug:slug>/", views.report_step, name="report"),
    path("map/areas.geojson", views.map_areas, name="map_areas"),
    path("map/districts.geojson", views.map_districts, name="map_districts"),
    # Staff: the Safer Travel team
    path("staff/", views.queue, name="queue"),
    path("staff/map/", views.map_page, name="map"),
    path("staff/map/reports.geojson", views.map_reports, name="map_reports"),
    path("staff/summary/", views.summary, name="summary"),
    path("staff/summary.csv", views.summary_csv, name="summary_csv"),
    path("staff/<str:reference>/", views.detail, name="detail"),
    path("staff/<str:reference>/note/", views.add_note, name="note"),
    path("staff/<str:reference>/reply/", views.record_reply, name="reply"),
    path("staff/<str:reference>/status/", views.set_status, name="status"),
]
