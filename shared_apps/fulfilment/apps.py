from django.apps import AppConfig


class FulfilmentConfig(AppConfig):
    name = "shared_apps.fulfilment"
    label = "fulfilment"
