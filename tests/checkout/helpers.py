"""Shared builders for checkout tests: products with capacity in the alpha/beta schemas."""

from datetime import timedelta

from django.utils import timezone

from shared_apps.checkout import services as checkout
from tenant_apps.catalog import services as catalog
from tenant_apps.inventory import services as inventory
from tenant_apps.inventory.models import CapacitySlot
from tenants.utils import in_tenant


def day(offset: int = 3):
    return timezone.localdate() + timedelta(days=offset)


def ticket(merchant, *, capacity=10, price=12000, sessions=None, days=(3,)):
    with in_tenant(merchant):
        product = catalog.create_product(kind="ticket", name="庐山门票", base_price_fen=price, sessions=sessions or [],
                                         on_shelf=True)
        inventory.set_capacity(product=product, days=[day(d) for d in days], sessions=sessions or [""],
                               capacity=capacity)
    return product


def room(merchant, *, capacity=5, price=38800, nights=3):
    with in_tenant(merchant):
        product = catalog.create_product(kind="room", name="湖景大床房", base_price_fen=price, on_shelf=True)
        inventory.set_capacity(product=product, days=[day(3 + i) for i in range(nights)], sessions=[""],
                               capacity=capacity)
    return product


def goods(merchant, *, capacity=20, price=5800):
    with in_tenant(merchant):
        product = catalog.create_product(kind="goods", name="云雾茶", base_price_fen=price, on_shelf=True)
        inventory.set_capacity(product=product, days=[None], sessions=[""], capacity=capacity)
    return product


def slots(merchant, product) -> list[tuple]:
    with in_tenant(merchant):
        return list(CapacitySlot.objects.filter(product_id=product.pk).order_by("day", "session")
                    .values_list("capacity", "sold", "held"))


def item(merchant, product, quantity=1, **kw):
    return checkout.Item(merchant.schema_name, product.pk, quantity, **kw)


def fund_wallet(user, fen: int) -> None:
    """Credit a tourist's wallet as a settled gateway top-up would."""
    import secrets

    from shared_apps.ledger import services as ledger

    ledger.post(kind="topup", ref=f"test:{secrets.token_hex(6)}", lines=[("gateway_clearing:wechat", fen),
                                                                          (f"wallet:{user.pk}", -fen)])


def pay(checkout_obj):
    """Pay a checkout the real way (wallet tender through a payment intent)."""
    from shared_apps.payments import services as payments

    fund_wallet(checkout_obj.user, checkout_obj.total_fen)
    return payments.create_intent(user=checkout_obj.user, method="wallet", checkout_id=checkout_obj.pk)
