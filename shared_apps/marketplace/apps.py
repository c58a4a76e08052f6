from django.apps import AppConfig

from tenant_apps.catalog.signals import product_saved


class MarketplaceConfig(AppConfig):
    name = "shared_apps.marketplace"
    label = "marketplace"

    def ready(self):
        from . import receivers  # imports models: only once the app registry is ready

        product_saved.connect(receivers.on_product_saved, dispatch_uid="marketplace.product_saved")
