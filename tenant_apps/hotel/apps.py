from django.apps import AppConfig

from tenant_apps.orders import signals

from . import signals as hotel_signals


class HotelConfig(AppConfig):
    name = "tenant_apps.hotel"
    label = "hotel"

    def ready(self):
        from . import receivers  # imports models: only once the app registry is ready

        signals.order_paid.connect(receivers.on_order_paid, dispatch_uid="hotel.order_paid")
        signals.order_confirmed.connect(receivers.on_order_confirmed, dispatch_uid="hotel.order_confirmed")
        signals.order_cancelled.connect(receivers.on_order_cancelled, dispatch_uid="hotel.order_cancelled")
        signals.order_refunded.connect(receivers.on_order_refunded, dispatch_uid="hotel.order_refunded")
        hotel_signals.folio_paid.connect(receivers.on_folio_paid, dispatch_uid="hotel.folio_paid")
