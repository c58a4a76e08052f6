from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_logged_out


class AccountsConfig(AppConfig):
    name = "shared_apps.accounts"
    label = "accounts"
    verbose_name = "账号"

    def ready(self):
        # Registers the API-key scheme with drf-spectacular; imported here, once the app registry is ready.
        # The receivers use the services, which import models: only once the registry is ready.
        from . import (
            api_schema,  # noqa: F401
            receivers,
        )

        user_logged_in.connect(receivers.on_logged_in, dispatch_uid="accounts.logged_in")
        user_logged_out.connect(receivers.on_logged_out, dispatch_uid="accounts.logged_out")
