from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "saferplaces.tracker"
