from django.apps import AppConfig


class PolicedataConfig(AppConfig):
    name = "saferplaces.policedata"
