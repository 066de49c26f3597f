from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from saferplaces.public.ratelimit import rate_limited
from saferplaces.web import views

admin.site.site_header = "Safer Places administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        rate_limited("staff-login", limit=20, window_seconds=300)(auth_views.LoginView.as_view()),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("incidents/", include("saferplaces.incidents.urls")),
    path("imports/", include("saferplaces.imports.urls")),
    path("maps/", include("saferplaces.maps.urls")),
    path("reports/", include("saferplaces.reports.urls")),
    path("track/", include("saferplaces.tracker.urls")),
    path("bus-safety/", include("saferplaces.bussafety.urls")),
    path("asb-case-review/", include("saferplaces.casereviews.urls")),
    path("review/", include("saferplaces.review.urls")),
    path("admin/", admin.site.urls),
]
