from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tenant_apps.tickets"
    label = "tickets"
    verbose_name = "电子票与核销"

    def ready(self):
        from . import receivers  # noqa: F401 (connects receivers; imports models: registry must be ready)
