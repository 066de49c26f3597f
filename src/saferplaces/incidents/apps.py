from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "saferplaces.incidents"
