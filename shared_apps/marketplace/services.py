"""Marketplace index writes, on the catalog's product_saved signal inside its transaction."""

from tenant_apps.catalog import selectors as catalog_selectors
from tenant_apps.catalog import services as catalog_services
from tenants.models import Merchant
from tenants.utils import for_each_tenant, in_tenant

from .models import Listing


def _merchant(merchant) -> Merchant:
    """A real Merchant row: in_tenant() leaves a FakeTenant (schema name only) on the connection."""
    if isinstance(merchant, Merchant) and merchant.pk:
        return merchant
    return Merchant.objects.get(schema_name=getattr(merchant, "schema_name", merchant))


def upsert_listing(*, merchant, product) -> Listing:
    """Create or refresh the listing of `product` (a catalog Product of `merchant`).

    `min_price_fen` is the tourist price today (catalog price_for); it is refreshed daily by
    `refresh_all_listings`.
    """
    merchant = _merchant(merchant)
    with in_tenant(merchant):
        price = catalog_selectors.price_for(product, None, "tourist")
    listing, _ = Listing.objects.update_or_create(
        merchant=merchant, product_id=product.pk,
        defaults={
            "kind": product.kind, "name": product.name, "subtitle": product.subtitle,
            "merchant_kind": merchant.kind, "merchant_name": merchant.name,
            "min_price_fen": price, "on_shelf": product.on_shelf,
        },
    )
    return listing


def refresh_all_listings() -> int:
    """Re-index every active merchant's products (prices depend on the day)."""
    count = 0
    for _merchant_row in for_each_tenant():
        count += catalog_services.refresh_listings()  # one transaction per merchant
    return count
