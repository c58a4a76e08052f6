from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "shared_apps.checkout"
    label = "checkout"
