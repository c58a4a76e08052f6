"""Cart and cross-merchant checkout. A checkout touching N merchants is ONE transaction:
holds in each merchant schema, N merchant orders and the public Checkout commit together."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shared_apps.checkout import errors
from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from shared_apps.payments.services import abandon_for_checkout
from shared_apps.tourists.selectors import address_snapshot, traveller_snapshot
from tenant_apps.orders import services as orders
from tenants.models import Merchant, MerchantStatus
from tenants.utils import in_tenant

from . import limits, pay_later
from .models import Cart, CartItem, Checkout, CheckoutEvent, CheckoutPart, CheckoutStatus, OrderIndex

C = CheckoutStatus
CHECKOUT_TRANSITIONS = {
    C.PENDING_PAYMENT: {C.PAID, C.CONFIRMED, C.CANCELLED, C.EXPIRED},  # confirmed: all paid at the merchant
    C.PAID: set(), C.CONFIRMED: set(), C.CANCELLED: set(), C.EXPIRED: set(),
}
MACHINE = Machine(CHECKOUT_TRANSITIONS, CheckoutEvent, subject_field="checkout", what="Checkout", label="订单",
                  fields=["paid_at"])
MAX_MERCHANTS_PER_CHECKOUT = 10


@dataclass(frozen=True)
class Item:
    merchant: str  # schema name
    product_id: int
    quantity: int
    day: date | None = None
    session: str = ""
    nights: int = 1
    pay_at_merchant: bool = False  # 到付 (pay_later.py)


def _merchant(schema: str) -> Merchant:
    merchant = Merchant.objects.filter(schema_name=schema, status=MerchantStatus.ACTIVE).exclude(
        schema_name="public").first()
    if merchant is None:
        raise DomainError(errors.MERCHANT_UNAVAILABLE, details={"merchant": schema})
    return merchant


# ---- cart ---------------------------------------------------------------------------------------

def add_to_cart(*, user, item: Item) -> CartItem:
    merchant = _merchant(item.merchant)
    cart, _ = Cart.objects.get_or_create(user=user)
    line = CartItem.objects.filter(cart=cart, merchant=merchant, product_id=item.product_id, day=item.day,
                                   session=item.session).first()
    if line is not None:
        line.quantity = min(99, line.quantity + item.quantity)
        line.nights = item.nights
        line.save(update_fields=["quantity", "nights"])
        return line
    return CartItem.objects.create(cart=cart, merchant=merchant, product_id=item.product_id, day=item.day,
                                   session=item.session, nights=item.nights, quantity=item.quantity)


def update_cart_item(*, user, item_id: int, quantity: int) -> CartItem | None:
    line = CartItem.objects.filter(cart__user=user, pk=item_id).first()
    if line is None:
        raise DomainError(errors.NOT_FOUND_CART_ITEM)
    if quantity <= 0:
        line.delete()
        return None
    line.quantity = min(quantity, 99)
    line.save(update_fields=["quantity"])
    return line


def cart_items(user) -> list[Item]:
    return [Item(ci.merchant.schema_name, ci.product_id, ci.quantity, ci.day, ci.session, ci.nights)
            for ci in CartItem.objects.filter(cart__user=user).select_related("merchant")]


# ---- checkout -----------------------------------------------------------------------------------

@transaction.atomic
def place_checkout(*, user, items: list[Item], contact_name: str = "", contact_phone: str = "",
                   traveller_ids: list[int] = (), address_id: int | None = None, note: str = "",
                   from_cart: bool = False, coupons: dict[str, str] | None = None) -> Checkout:
    """Create one pending order per merchant and hold all inventory, or nothing at all.
    `coupons`: {merchant schema: coupon code}, claimed in this transaction (EC-SHP-07)."""

    if not items:
        raise DomainError(errors.EMPTY_CHECKOUT)
    limits.check_tourist(user=user, line_count=len(items))  # anti-hoarding; serialises this tourist's checkouts
    by_merchant: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        by_merchant[item.merchant].append(item)
    if len(by_merchant) > MAX_MERCHANTS_PER_CHECKOUT:
        raise DomainError(errors.TOO_MANY_MERCHANTS, max_merchants_per_checkout=MAX_MERCHANTS_PER_CHECKOUT)
    merchants = sorted((_merchant(schema) for schema in by_merchant), key=lambda m: m.pk)  # fixed lock order
    pay_at = pay_later.pay_at_schemas(user, by_merchant)  # 到付: mix and per-tourist cap checked
    coupons = {k: v for k, v in (coupons or {}).items() if (v or "").strip()}
    stray = sorted(set(coupons) - set(by_merchant))
    if stray:
        raise DomainError(errors.COUPON_MERCHANT_INVALID, details={"merchants": stray})
    travellers = [traveller_snapshot(user, tid) for tid in traveller_ids]
    address = address_snapshot(user, address_id) if address_id else {}
    expires_at = timezone.now() + timedelta(seconds=settings.CHECKOUT_TTL_SECONDS)
    checkout = Checkout.objects.create(user=user, expires_at=expires_at)
    MACHINE.record(checkout, "", C.PENDING_PAYMENT, actor=user.username, reason="下单")
    total = 0
    for merchant in merchants:
        lines = [orders.LineInput(i.product_id, i.quantity, i.day, i.session, i.nights)
                 for i in by_merchant[merchant.schema_name]]
        with in_tenant(merchant):
            try:
                pay_later.check_lines(lines, pay_at=merchant.schema_name in pay_at)
                order = orders.place_order(
                    lines=lines, expires_at=expires_at, user=user, checkout_id=checkout.pk,
                    contact_name=contact_name or user.display_name, contact_phone=contact_phone or user.phone or "",
                    travellers=travellers, address=address, note=note, actor=user.username,
                    coupon_code=coupons.get(merchant.schema_name, ""))
                order = pay_later.confirm(order, pay_at=merchant.schema_name in pay_at, actor=user.username)
            except DomainError as exc:
                exc.details = {**(exc.details or {}), "merchant": merchant.schema_name}
                raise
        CheckoutPart.objects.create(checkout=checkout, merchant=merchant, order_id=order.pk,
                                    order_no=order.order_no, amount_fen=order.total_fen,
                                    pay_at_merchant=order.pay_at_merchant)
        total += 0 if order.pay_at_merchant else order.total_fen
    checkout.total_fen = total
    checkout.save(update_fields=["total_fen"])
    if len(pay_at) == len(merchants):  # nothing to pay online
        MACHINE.move(checkout, C.CONFIRMED, actor=user.username, reason="到店付款，无需在线支付")
    elif total == 0:  # free tickets, or discounts that cover everything: paid with no payment intent
        checkout = mark_paid(checkout_id=checkout.pk, actor=user.username, reason="零元订单，无需支付")
    if from_cart:
        CartItem.objects.filter(cart__user=user).delete()
    return checkout


def _each_order(checkout: Checkout, fn) -> None:
    """The prepaid orders of the checkout (pay-at-merchant orders live on their own)."""
    for part in checkout.parts.filter(pay_at_merchant=False).select_related("merchant").order_by("merchant_id"):
        with in_tenant(part.merchant):
            fn(order_id=part.order_id)


@transaction.atomic
def mark_paid(*, checkout_id: int, actor: str = "payment", reason: str = "支付成功") -> Checkout:
    """Payment for the whole checkout arrived (or none is due: a zero total): holds become sold,
    every order becomes paid. A zero total moves no money, so there is no intent, ledger entry or
    settlement item, and a refund of it is `nothing_to_refund`."""

    checkout = Checkout.objects.select_for_update().get(pk=checkout_id)
    if checkout.status == C.PAID:
        return checkout
    if checkout.status != C.PENDING_PAYMENT:
        raise DomainError(errors.CHECKOUT_CLOSED_CANCELLED_EXPIRED)
    _each_order(checkout, lambda order_id: orders.mark_paid(order_id=order_id, actor=actor))
    checkout.paid_at = timezone.now()
    MACHINE.move(checkout, C.PAID, actor=actor, reason=reason)
    return checkout


@transaction.atomic
def cancel_checkout(*, checkout_id: int, actor: str, reason: str = "用户取消", expired: bool = False) -> Checkout:
    checkout = Checkout.objects.select_for_update().get(pk=checkout_id)
    target = C.EXPIRED if expired else C.CANCELLED
    if checkout.status == target:
        return checkout
    MACHINE.move(checkout, target, actor=actor, reason=reason)  # refuses paid checkouts

    abandon_for_checkout(checkout_id=checkout.pk, reason=reason)
    _each_order(checkout, lambda order_id: orders.cancel(order_id=order_id, actor=actor, reason=reason))
    return checkout


def cancel_expired_checkouts(*, limit: int = 500) -> int:
    """Beat: unpaid checkouts past their deadline are cancelled and their holds released."""
    due = list(Checkout.objects.filter(status=C.PENDING_PAYMENT, expires_at__lt=timezone.now())
               .order_by("id").values_list("id", flat=True)[:limit])
    done = 0
    for checkout_id in due:
        try:
            cancel_checkout(checkout_id=checkout_id, actor="system", reason="超时未支付", expired=True)
            done += 1
        except DomainError:
            continue  # paid in the meantime
    return done


# ---- order index (receivers.on_order_saved: orders.order_saved, in the order's transaction) ----------

def index_order(*, merchant, order) -> None:
    lines = list(order.lines.all())
    title = "、".join(dict.fromkeys(ln.product_name for ln in lines))[:200]
    days = [ln.day for ln in lines if ln.day]
    search = " ".join([order.order_no, merchant.name, title, order.contact_name, order.contact_phone])
    OrderIndex.objects.update_or_create(
        merchant=merchant, order_id=order.pk,
        defaults={"order_no": order.order_no, "user_id": order.user_id, "checkout_id": order.checkout_id,
                  "status": order.status, "total_fen": order.total_fen, "refunded_fen": order.refunded_fen,
                  "pay_at_merchant": order.pay_at_merchant,
                  "title": title or order.order_no, "search_text": search.lower(),
                  "first_day": min(days) if days else None, "created_at": order.created_at})
