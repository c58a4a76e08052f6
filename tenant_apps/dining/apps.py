from django.apps import AppConfig

from tenant_apps.orders import signals


class DiningConfig(AppConfig):
    name = "tenant_apps.dining"
    label = "dining"

    def ready(self):
        from . import receivers  # imports models: only once the app registry is ready

        signals.order_paid.connect(receivers.on_order_paid, dispatch_uid="dining.order_paid")
        signals.order_refunded.connect(receivers.on_order_refunded, dispatch_uid="dining.order_refunded")
