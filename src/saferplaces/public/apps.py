from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "saferplaces.public"
    verbose_name = "Public services: shared plumbing"
