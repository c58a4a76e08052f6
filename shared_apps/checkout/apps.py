from django.apps import AppConfig

from tenant_apps.orders import signals


class CheckoutConfig(AppConfig):
    name = "shared_apps.checkout"
    label = "checkout"

    def ready(self):
        from . import receivers  # imports models: only once the app registry is ready

        signals.order_saved.connect(receivers.on_order_saved, dispatch_uid="checkout.order_saved")
