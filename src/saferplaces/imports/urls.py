from django.urls import path

from saferplaces.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_list, name="list"),
    path("<int:pk>/", views.import_detail, name="detail"),
    path("<int:pk>/rejects.csv", views.import_rejects, name="rejects"),
]
