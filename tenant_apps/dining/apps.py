from django.apps import AppConfig


class DiningConfig(AppConfig):
    name = "tenant_apps.dining"
    label = "dining"
