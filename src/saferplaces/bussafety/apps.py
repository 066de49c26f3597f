from django.apps import AppConfig


class BussafetyConfig(AppConfig):
    name = "saferplaces.bussafety"
