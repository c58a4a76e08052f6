"""The fuzz run's data set, made with the test builders and the demo catalog (run by run.py
in the fuzz database): 2 merchants (a scenic area and a hotel, demo catalog and inventory),
a tourist with a paid cross-merchant checkout, an operator, a distributor authorised by both
merchants with a deposit, an admin member and an API key. Prints the credentials as JSON.

    python -m tests.fuzz.seed OUT.json
"""

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.fuzz.settings")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from shared_apps.checkout import services as checkout  # noqa: E402
from tenant_apps.catalog.demo import seed_catalog  # noqa: E402
from tenant_apps.catalog.models import Product  # noqa: E402
from tenant_apps.inventory.services import set_capacity  # noqa: E402
from tenants.utils import in_tenant  # noqa: E402
from tests.builders.accounts import access_token, make_merchant, make_operator, make_user  # noqa: E402
from tests.builders.checkout import item, pay  # noqa: E402
from tests.builders.distribution import key_for, make_distributor  # noqa: E402

MERCHANTS = (("fzscenic", "scenic", "庐山风景区"), ("fzhotel", "hotel", "鄱阳湖畔酒店"))
DAYS = 30


def stock(merchant) -> None:
    """The demo catalog of `merchant` with DAYS days of inventory."""
    seed_catalog(merchant)
    days = [timezone.localdate() + timedelta(days=i) for i in range(DAYS)]
    with in_tenant(merchant):
        for product in Product.objects.exclude(inventory_mode="unlimited").exclude(kind="package"):
            if product.inventory_mode == "stock":
                set_capacity(product=product, days=[None], sessions=[""], capacity=500)
            else:
                set_capacity(product=product, days=days, sessions=product.sessions or [""], capacity=500)


def first_product(merchant, kind: str) -> Product:
    with in_tenant(merchant):
        return Product.objects.filter(kind=kind, on_shelf=True, sessions=[]).order_by("id").first()


def main() -> None:
    merchants = [make_merchant(slug, kind, name) for slug, kind, name in MERCHANTS]
    for merchant in merchants:
        stock(merchant)
    scenic, hotel = merchants
    tourist = make_user("fz_tourist", display_name="小明", phone="13800000001")
    day = timezone.localdate() + timedelta(days=7)
    co = checkout.place_checkout(user=tourist, items=[
        item(scenic, first_product(scenic, "ticket"), 2, day=day),
        item(hotel, first_product(hotel, "room"), 1, day=day, nights=2)],
        contact_name="小明", contact_phone="13800000001")
    pay(co)
    operator = make_operator("fz_admin", role="super_admin")
    dist = make_distributor("畅游国际旅行社", merchants, deposit=2_000_000, admin="fz_dist")
    _, api_key = key_for(dist, merchants, rate=100_000)
    token = lambda username: access_token(make_user(username))  # noqa: E731 - staff accounts get staff tokens
    Path(sys.argv[1]).write_text(json.dumps({
        "merchants": [m.schema_name for m in merchants],
        "tourist": token("fz_tourist"), "owner": token("fzscenic_owner"), "hotel_owner": token("fzhotel_owner"),
        "operator": token(operator.username), "distributor": token("fz_dist"), "api_key": api_key,
    }))


if __name__ == "__main__":
    main()
