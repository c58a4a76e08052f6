from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "商户租户"

    def ready(self):
        from . import signals  # noqa: F401 (connects receivers; imports models: registry must be ready)
