from django.apps import AppConfig


class DiningConfig(AppConfig):
    name = "tenant_apps.dining"
    label = "dining"

    def ready(self):
        from tenant_apps.orders import signals

        from . import receivers

        signals.order_paid.connect(receivers.on_order_paid, dispatch_uid="dining.order_paid")
        signals.order_refunded.connect(receivers.on_order_refunded, dispatch_uid="dining.order_refunded")
