from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from saferplaces.web import views

admin.site.site_header = "Safer Places administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("incidents/", include("saferplaces.incidents.urls")),
    path("imports/", include("saferplaces.imports.urls")),
    path("admin/", admin.site.urls),
]
