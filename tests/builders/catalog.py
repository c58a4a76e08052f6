"""Products through the real catalog and inventory services, and their capacity slots.

Sellable builders put a product on shelf with capacity on the given day offsets (see dates.day);
`dprice` is the distributor price (None: not sold to distributors at a net price)."""

from tenant_apps.catalog import services as catalog
from tenant_apps.catalog.models import Product
from tenant_apps.inventory import services as inventory
from tenant_apps.inventory.models import CapacitySlot
from tenants.utils import in_tenant

from .dates import day


def new_product(merchant, **fields) -> Product:
    """A bare product (no capacity, off shelf unless said): create_product with `fields` over a
    ticket named 票 at 100 yuan."""
    with in_tenant(merchant):
        return catalog.create_product(**{"kind": "ticket", "name": "票", "base_price_fen": 10000, **fields})


def _sellable(merchant, *, kind, name, price, dprice, capacity, days, sessions=None, on_shelf=True,
              attributes=None) -> Product:
    with in_tenant(merchant):
        made = catalog.create_product(kind=kind, name=name, base_price_fen=price, distributor_price_fen=dprice,
                                      sessions=sessions or [], on_shelf=on_shelf, attributes=attributes or {})
        inventory.set_capacity(product=made, days=days, sessions=sessions or [""], capacity=capacity)
    return made


def ticket(merchant, *, name="庐山门票", price=12000, dprice=None, capacity=10, days=(3,), sessions=None,
           on_shelf=True, attributes=None) -> Product:
    """A ticket with `capacity` per session on each day offset in `days`."""
    return _sellable(merchant, kind="ticket", name=name, price=price, dprice=dprice, capacity=capacity,
                     days=[day(d) for d in days], sessions=sessions, on_shelf=on_shelf, attributes=attributes)


def room(merchant, *, name="湖景大床房", price=38800, dprice=None, capacity=5, days=(3, 4, 5),
         attributes=None) -> Product:
    """A room type with `capacity` rooms on each night offset in `days`."""
    return _sellable(merchant, kind="room", name=name, price=price, dprice=dprice, capacity=capacity,
                     days=[day(d) for d in days], attributes=attributes)


def goods(merchant, *, name="云雾茶", price=5800, dprice=None, stock=20) -> Product:
    """Goods with `stock` units (undated)."""
    return _sellable(merchant, kind="goods", name=name, price=price, dprice=dprice, capacity=stock, days=[None])


def slots(merchant, product) -> list[tuple]:
    """(capacity, sold, held) of every slot of `product`, by day and session."""
    with in_tenant(merchant):
        return list(CapacitySlot.objects.filter(product_id=product.pk).order_by("day", "session")
                    .values_list("capacity", "sold", "held"))


def slot(merchant, product, offset: int = 3, session: str = "") -> tuple[int, int, int]:
    """(capacity, sold, held) of the slot of `product` on day(offset) and `session`."""
    with in_tenant(merchant):
        s = CapacitySlot.objects.get(product_id=product.pk, day=day(offset), session=session)
        return s.capacity, s.sold, s.held
