"""Demo data for the shops (seed_demo, idempotent): one bundle offer over all goods (EC-SHP-06)
and a batch of coupons (EC-SHP-07) per shop."""

from datetime import timedelta

from django.utils import timezone

from tenant_apps.catalog.models import Product
from tenant_apps.promotions.bundles import save_bundle
from tenant_apps.promotions.coupons import issue_coupons
from tenant_apps.promotions.models import BundleOffer, Coupon
from tenants.models import Merchant
from tenants.utils import in_tenant


def seed_offers(stdout=None) -> None:
    for merchant in Merchant.objects.filter(kind="shop").exclude(schema_name="public").order_by("id"):
        with in_tenant(merchant):
            goods = list(Product.objects.filter(kind="goods").values_list("id", flat=True))
            if goods and not BundleOffer.objects.exists():
                save_bundle(name="特产任选 2 件立减 10 元", product_ids=goods, min_quantity=2, discount_fen=1000)
            if not Coupon.objects.exists():
                until = timezone.localdate() + timedelta(days=90)
                made = issue_coupons(amount_fen=2000, threshold_fen=10000, count=5, valid_until=until)
                made += issue_coupons(amount_fen=500, count=5, valid_until=until)
                if stdout is not None:
                    stdout.write(f"  {merchant.schema_name}: coupons {made[0].code} (满100减20), {made[-1].code} (减5)")
