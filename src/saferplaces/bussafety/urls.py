from django.urls import URLPattern, URLResolver

app_name = "bussafety"
urlpatterns: list[URLPattern | URLResolver] = []
