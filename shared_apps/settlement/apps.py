from django.apps import AppConfig

from tenant_apps.orders import signals


class SettlementConfig(AppConfig):
    name = "shared_apps.settlement"
    label = "settlement"

    def ready(self):
        from . import receivers  # imports models: only once the app registry is ready

        signals.paid_at_merchant.connect(receivers.on_paid_at_merchant, dispatch_uid="settlement.paid_at_merchant")
