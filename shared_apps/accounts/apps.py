from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shared_apps.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self):
        # Registers the API-key scheme with drf-spectacular; imported here, once the app registry is ready.
        from . import api_schema  # noqa: F401
