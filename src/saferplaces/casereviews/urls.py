from django.urls import URLPattern, URLResolver

app_name = "casereviews"
urlpatterns: list[URLPattern | URLResolver] = []
