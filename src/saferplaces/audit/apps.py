from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "saferplaces.audit"

    def ready(self) -> None:
        from saferplaces.audit import log  # noqa: F401  (connects the sign-in signal receivers)
