from django.apps import AppConfig

from shared_apps.payments import signals as payments
from tenant_apps.orders import signals as orders


class CheckoutConfig(AppConfig):
    name = "shared_apps.checkout"
    label = "checkout"

    def ready(self):
        from . import receivers  # imports models: only once the app registry is ready

        orders.order_saved.connect(receivers.on_order_saved, dispatch_uid="checkout.order_saved")
        payments.checkout_payable.connect(receivers.on_checkout_payable, dispatch_uid="checkout.checkout_payable")
        payments.intent_succeeded.connect(receivers.on_intent_succeeded, dispatch_uid="checkout.intent_succeeded")
