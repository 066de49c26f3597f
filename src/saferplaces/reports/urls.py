from django.urls import URLPattern, URLResolver, path, re_path

from saferplaces.reports import views

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.panel, name="panel"),
    re_path(r"^pack\.(?P<fmt>xlsx|docx)$", views.panel_pack, name="pack"),
    path("data/", views.supplied_data, name="supplied"),
]
