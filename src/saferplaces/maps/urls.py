from django.urls import path

from saferplaces.maps import views

app_name = "maps"
urlpatterns = [
    path("", views.map_page, name="page"),
    path("data.json", views.map_data, name="data"),
    path("export/<slug:layer>.<slug:fmt>", views.map_export, name="export"),
]
