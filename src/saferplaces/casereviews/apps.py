from django.apps import AppConfig


class CasereviewsConfig(AppConfig):
    name = "saferplaces.casereviews"
