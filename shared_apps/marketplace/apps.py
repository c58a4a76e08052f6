from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "shared_apps.marketplace"
    label = "marketplace"
