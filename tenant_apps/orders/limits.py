"""Anti-hoarding inside one merchant schema: how many units of one product one tourist may hold
or buy for one day (docs/security.md, "Stock hoarding").

The count covers the tourist's open holds (pending orders not yet expired) and the orders that
took the stock (paid, confirmed pay-at-merchant, used, shipped, ...), less what was refunded.
A room line counts on each night of the stay; stock goods (no day) count on the day ordered.
The cap is the product's `max_per_tourist` or the platform default (catalog.selectors).

Concurrency: the caller holds the tourist's row lock (lock_tourist, taken first by
shared_apps.checkout.limits), so two parallel checkouts of one tourist are serialised and the
second one counts the first one's committed lines (READ COMMITTED: each statement sees what
committed before it).
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from shared_apps.core.failures import DomainError
from tenant_apps.catalog.models import InventoryMode, Product, ProductKind
from tenant_apps.catalog.selectors import cap_per_tourist

from . import errors
from .models import OrderLine, OrderStatus

S = OrderStatus
TOOK_STOCK = (S.CONFIRMED, S.PAID, S.USED, S.SHIPPED, S.COMPLETED, S.PARTIALLY_REFUNDED, S.REFUND_REQUESTED)
LONGEST_STAY = 31  # nights a room line may span backwards into the days asked for (orders.MAX_NIGHTS + 1)


def lock_tourist(user) -> None:
    """Row-lock the tourist (caller's transaction): their checkouts run one at a time."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _days(product: Product, day: date | None, nights: int, ordered_on: date) -> list[date]:
    if day is None:
        return [ordered_on]
    if product.kind == ProductKind.ROOM:
        return [day + timedelta(days=i) for i in range(nights)]
    return [day]


def _capped(product: Product) -> bool:
    """Unlimited products (dishes) hold nothing, so they are capped only when the merchant says so."""
    return product.inventory_mode != InventoryMode.UNLIMITED or product.max_per_tourist is not None


def check_per_tourist(*, user, lines: list[tuple[Product, object]], now: datetime) -> None:
    """Refuse (limit_per_tourist) when `lines` [(product, LineInput)] would take the tourist past
    a product's cap on some day."""
    today = timezone.localdate(now)
    wanted: dict[tuple[int, date], int] = defaultdict(int)
    products = {}
    for product, line in lines:
        if not _capped(product):
            continue
        products[product.pk] = product
        for d in _days(product, line.day, line.nights, today):
            wanted[(product.pk, d)] += line.quantity
    if not wanted:
        return
    lock_tourist(user)
    days = [d for _, d in wanted]
    since = timezone.make_aware(datetime.combine(min(days), time.min))
    held: dict[tuple[int, date], int] = defaultdict(int)
    rows = (OrderLine.objects
            .filter(order__user=user, product_id__in=products)
            .filter(Q(order__status__in=TOOK_STOCK) | Q(order__status=S.PENDING_PAYMENT, order__expires_at__gt=now))
            .filter(Q(day__isnull=True, order__created_at__gte=since)
                    | Q(day__gte=min(days) - timedelta(days=LONGEST_STAY), day__lte=max(days)))
            .values_list("product_id", "day", "nights", "quantity", "refunded_qty", "order__created_at"))
    for product_id, day, nights, quantity, refunded, created in rows:
        for d in _days(products[product_id], day, nights, timezone.localdate(created)):
            held[(product_id, d)] += quantity - refunded
    for (product_id, d), quantity in sorted(wanted.items()):
        cap, have = cap_per_tourist(products[product_id]), held[(product_id, d)]
        if have + quantity > cap:
            product = products[product_id]
            raise DomainError(errors.LIMIT_PER_TOURIST,
                              details={"product_id": product_id, "day": str(d), "limit": cap, "held": have,
                                       "requested": quantity},
                              product_name=product.name, day=d, limit=cap, held=have)
