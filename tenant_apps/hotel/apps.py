from django.apps import AppConfig


class HotelConfig(AppConfig):
    name = "tenant_apps.hotel"
    label = "hotel"
