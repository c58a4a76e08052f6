from django.apps import AppConfig


class TouristsConfig(AppConfig):
    name = "shared_apps.tourists"
    label = "tourists"
