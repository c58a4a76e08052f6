from django.apps import AppConfig


class HotelConfig(AppConfig):
    name = "tenant_apps.hotel"
    label = "hotel"

    def ready(self):
        from tenant_apps.orders import signals

        from . import receivers

        signals.order_paid.connect(receivers.on_order_paid, dispatch_uid="hotel.order_paid")
        signals.order_refunded.connect(receivers.on_order_refunded, dispatch_uid="hotel.order_refunded")
