from django.apps import AppConfig


class HotelConfig(AppConfig):
    name = "tenant_apps.hotel"
    label = "hotel"

    def ready(self):
        from tenant_apps.orders import signals

        from . import receivers

        signals.order_paid.connect(receivers.on_order_paid, dispatch_uid="hotel.order_paid")
        signals.order_confirmed.connect(receivers.on_order_confirmed, dispatch_uid="hotel.order_confirmed")
        signals.order_cancelled.connect(receivers.on_order_cancelled, dispatch_uid="hotel.order_cancelled")
        signals.order_refunded.connect(receivers.on_order_refunded, dispatch_uid="hotel.order_refunded")
