from django.apps import AppConfig

from shared_apps.payments import signals as payments
from tenant_apps.orders import signals


class SettlementConfig(AppConfig):
    name = "shared_apps.settlement"
    label = "settlement"

    def ready(self):
        from . import receivers  # imports models: only once the app registry is ready

        signals.paid_at_merchant.connect(receivers.on_paid_at_merchant, dispatch_uid="settlement.paid_at_merchant")
        payments.split_requested.connect(receivers.on_split_requested, dispatch_uid="settlement.split_requested")
        payments.refund_split_requested.connect(receivers.on_refund_split_requested,
                                                dispatch_uid="settlement.refund_split_requested")
