from django.urls import path

from saferplaces.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="list"),
    path("<str:reference>/", views.incident_detail, name="detail"),
]
