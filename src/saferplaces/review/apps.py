from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "saferplaces.review"
    verbose_name = "ASB review workflow"
