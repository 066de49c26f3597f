from django.urls import URLPattern, URLResolver

app_name = "maps"
urlpatterns: list[URLPattern | URLResolver] = []
