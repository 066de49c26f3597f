from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "saferplaces.review"
    verbose_name = "ASB review workflow"

    def ready(self) -> None:
        from saferplaces.review import receivers  # noqa: F401 - connects the import signal
