"""OCTO-style distribution (DST-DIS-05/06, DST-PRC-01..06): products, availability, reserve ->
confirm (paid from the deposit / credit line) -> cancel / refund, expiry, T+N release, redemption.

The merchant always comes from the URL path and is checked against the API key's scope
(ApiKey.allows: listed on the key AND an active authorisation); the distributor always comes
from the key. One booking is one channel="distributor" order in the merchant's schema, made
and paid in the same database transaction as the public Booking row and its ledger entry.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shared_apps.checkout.models import OrderIndex
from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from shared_apps.distribution import errors
from shared_apps.ledger import services as ledger
from shared_apps.payments import refund_approval
from shared_apps.settlement.services import commission_of
from shared_apps.tourists.validators import id_no_problem, mask_id_no, normalise_id_no
from tenant_apps.catalog import selectors as catalog
from tenant_apps.inventory.selectors import availability as slots_of
from tenant_apps.orders import services as orders
from tenant_apps.orders.models import Order
from tenants.models import Merchant, MerchantStatus
from tenants.utils import in_tenant

from ..models import AlertKind, Booking, BookingStatus, DistributionEvent
from . import finance, pricing
from .common import alert, deposit_code, setting
from .contracts import product_scope
from .webhooks import enqueue

B = BookingStatus
BOOKING_TRANSITIONS = {
    B.ON_HOLD: {B.CONFIRMED, B.CANCELLED, B.EXPIRED},
    B.CONFIRMED: {B.REDEEMED, B.CANCELLED},
    B.REDEEMED: {B.CANCELLED},  # fully refunded by the merchant after redemption
}
BOOKING_MACHINE = Machine(BOOKING_TRANSITIONS, DistributionEvent, subject="booking", what="booking")
LINE_MAX = 99  # tenant_apps.orders caps one line at 99 units: bigger group bookings use several lines


def supplier_for(api_key, schema: str, *, require_authorised: bool = True) -> Merchant:
    """The merchant named in the path, if this key may reach it (404 unknown, 403 not authorised).
    Reading or cancelling existing bookings only needs the key to list the merchant, so a
    revoked authorisation does not strand bookings already made."""
    merchant = Merchant.objects.filter(schema_name=schema).exclude(schema_name="public").first()
    if merchant is None or (require_authorised and merchant.status != MerchantStatus.ACTIVE):
        raise DomainError(errors.SUPPLIER_NOT_FOUND_OR_SUSPENDED)
    allowed = api_key.allows(merchant) if require_authorised else (
        api_key.is_active and api_key.merchants.filter(pk=merchant.pk).exists())
    if not allowed:
        raise DomainError(errors.SUPPLIER_NOT_AUTHORISED_ONE)
    return merchant


def _in_scope(distributor_id: int, merchant: Merchant, product_id: int) -> None:
    scope = product_scope(distributor_id, merchant)
    if scope and product_id not in scope:
        raise DomainError(errors.PRODUCT_NOT_FOUND_UNAUTHORISED)


# ---- products and availability -------------------------------------------------------------------

def _product_row(product, day: date, policies: list) -> dict:
    base = catalog.price_for(product, day, "distributor")
    quote = pricing.quote(policies, product, day, base)
    net = quote.unit_fen
    retail = catalog.price_for(product, day, "tourist")
    attrs = product.attributes or {}
    return {"id": product.pk, "kind": product.kind, "name": product.name, "subtitle": product.subtitle,
            "description": product.description, "inventory_mode": product.inventory_mode,
            "sessions": product.sessions or [], "booking_notes": attrs.get("booking_notes", ""),
            "face_text": attrs.get("face_text", ""), "advance_hours": attrs.get("advance_hours"),
            "currency": "CNY", "net_price_fen": net, "retail_price_fen": retail,
            "commission_fen": max(0, retail - net), "discount_policy_id": quote.policy_id,
            "group_rates": pricing.group_rates(policies, product, day, base),
            "components": [{"product_id": c.pk, "name": c.name, "quantity": q}
                           for c, q in catalog.components_of(product)] if product.is_package else []}


def products(*, api_key, merchant: Merchant) -> list[dict]:
    scope = product_scope(api_key.distributor_id, merchant)
    with in_tenant(merchant):
        qs = catalog.products(on_shelf=True)
        if scope:
            qs = qs.filter(pk__in=scope)
        today = catalog.today()
        policies = pricing.policies_for(api_key.distributor_id, merchant)
        return [_product_row(p, today, policies) for p in qs]


def _shelf_product(merchant, distributor_id, product_id):
    _in_scope(distributor_id, merchant, product_id)
    try:
        return catalog.get_product(product_id, on_shelf_only=True)
    except DomainError:
        raise DomainError(errors.PRODUCT_NOT_FOUND_UNAUTHORISED) from None


def product_detail(*, api_key, merchant: Merchant, product_id: int) -> dict:
    with in_tenant(merchant):
        product = _shelf_product(merchant, api_key.distributor_id, product_id)
        today = catalog.today()
        policies = pricing.policies_for(api_key.distributor_id, merchant)
        row = _product_row(product, today, policies)
        row["net_price_calendar"] = [
            {"date": c["date"], "price_fen": pricing.quote(policies, product, c["date"], c["price_fen"]).unit_fen}
            for c in catalog.price_calendar(product, today, today + timedelta(days=29), "distributor")]
    return row


def availability(*, api_key, merchant: Merchant, product_id: int, start: date, end: date) -> dict:
    """Left units per day/session (OCTO availability), with the net and retail price of each day."""

    with in_tenant(merchant):
        product = _shelf_product(merchant, api_key.distributor_id, product_id)
        policies = pricing.policies_for(api_key.distributor_id, merchant)
        parts = [(c, q) for c, q in catalog.components_of(product) if c.inventory_mode != "unlimited"]
        if not parts:
            return {"product_id": product_id, "unlimited": True, "slots": []}
        sessions = product.sessions or [""]
        left: dict[tuple, int] = {}
        for component, per_unit in parts:
            dated = component.inventory_mode == "dated"
            rows = slots_of(product_id=component.pk, start=start, end=end) if dated else slots_of(
                product_id=component.pk)
            by_key = {(r["day"], r["session"]): r["left"] for r in rows}
            days = sorted({r["day"] for r in rows}) if dated else [None]
            for day in days:
                for s in sessions:
                    units = by_key.get((day, s if s in (component.sessions or []) else ""))
                    if units is None:
                        continue
                    key = (day if dated else None, s)
                    left[key] = min(left.get(key, units // per_unit), units // per_unit)
        result = []
        for (day, session), units in sorted(left.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
            price_day = day or catalog.today()
            net = pricing.quote(policies, product, price_day, catalog.price_for(product, price_day, "distributor"))
            result.append({"id": f"{day or 'stock'}{'@' + session if session else ''}", "day": day,
                           "session": session, "status": "available" if units > 0 else "sold_out",
                           "vacancies": max(units, 0),
                           "net_price_fen": net.unit_fen, "discount_policy_id": net.policy_id,
                           "retail_price_fen": catalog.price_for(product, price_day, "tourist")})
    return {"product_id": product_id, "unlimited": False, "slots": result}


# ---- reserve -----------------------------------------------------------------------------------

def _travellers(raw: list[dict], units: int, kind: str) -> list[dict]:
    clean = []
    for i, t in enumerate(raw or []):
        id_type = t.get("id_type") or "id_card"
        id_no = normalise_id_no(t.get("id_no", ""))
        if not (t.get("name") or "").strip():
            raise DomainError(errors.TRAVELLERS_INVALID, details={"index": i}, n=i + 1)
        if id_no and id_no_problem(id_type, id_no):
            raise DomainError(errors.ID_NO_INVALID_DOCUMENT_NUMBER, details={"index": i}, n=i + 1)
        clean.append({"name": t["name"].strip()[:50], "id_type": id_type, "id_no": id_no,
                      "phone": (t.get("phone") or "")[:20]})
    if units >= setting("GROUP_MIN_UNITS") and not clean:
        raise DomainError(errors.TRAVELLERS_REQUIRED, group_min_units=setting('GROUP_MIN_UNITS'))
    if clean and kind in ("ticket", "package") and len(clean) != units:
        raise DomainError(errors.TRAVELLERS_MISMATCH, details={"units": units, "travellers": len(clean)})
    return clean


def _chunks(units: int) -> list[int]:
    return [LINE_MAX] * (units // LINE_MAX) + ([units % LINE_MAX] if units % LINE_MAX else [])


@transaction.atomic
def reserve(*, api_key, merchant: Merchant, product_id: int, units: int, day: date | None = None,
            session: str = "", nights: int = 1, travellers=(), contact_name: str = "", contact_phone: str = "",
            reseller_reference: str = "", hold_minutes: int | None = None, note: str = "") -> Booking:
    """Hold inventory with a pending distributor order; the caller has 'hold_minutes' to confirm."""

    if not 1 <= units <= setting("MAX_UNITS"):
        raise DomainError(errors.QUANTITY_INVALID_UNITS_OUT_RANGE, max_units=setting('MAX_UNITS'))
    hold = min(max(int(hold_minutes or setting("HOLD_MINUTES")), 1), setting("MAX_HOLD_MINUTES"))
    expires_at = timezone.now() + timedelta(minutes=hold)
    actor = f"apikey:{api_key.prefix}"
    with in_tenant(merchant):
        kind = _shelf_product(merchant, api_key.distributor_id, product_id).kind
        people = _travellers(list(travellers or []), units, kind)
        lines = [orders.LineInput(product_id, qty, day, session or "", nights) for qty in _chunks(units)]
        policies, used = pricing.policies_for(api_key.distributor_id, merchant), set()

        def pricer(product, line, base_fen):  # group tiers look at the whole booking's units
            fen, policy_id = pricing.net_unit_price(api_key.distributor_id, merchant, product, line, units=units,
                                                    base_fen=base_fen, policies=policies)
            used.add(policy_id)
            return fen

        order = orders.place_order(lines=lines, expires_at=expires_at, channel="distributor",
                                   contact_name=contact_name, contact_phone=contact_phone, travellers=people,
                                   note=(note or reseller_reference)[:200], actor=actor, pricer=pricer)
        product = catalog.get_product(product_id)
        retail = sum(orders.unit_price(product, line, "tourist") * line.quantity for line in lines)
    booking = Booking.objects.create(
        distributor_id=api_key.distributor_id, api_key=api_key, merchant=merchant, order_id=order.pk,
        order_no=order.order_no, product_id=product_id, product_name=product.name, day=day, session=session or "",
        nights=nights, units=units, contact_name=contact_name[:50], contact_phone=contact_phone[:20],
        travellers=[{**t, "id_no": mask_id_no(t["id_no"])} for t in people],
        reseller_reference=reseller_reference[:64], net_fen=order.total_fen, retail_fen=retail,
        discount_policy_id=next(iter(used - {None}), None), expires_at=expires_at)
    BOOKING_MACHINE.record(booking, "", B.ON_HOLD, actor=actor, reason="占位")
    return booking


def booking_for(*, api_key, merchant: Merchant, booking_uuid) -> Booking:
    booking = Booking.objects.filter(uuid=booking_uuid, distributor_id=api_key.distributor_id,
                                     merchant=merchant).select_related("merchant").first()
    if booking is None:
        raise DomainError(errors.BOOKING_NOT_FOUND)
    return booking


def _locked(booking_id: int) -> Booking:
    return Booking.objects.select_for_update(of=("self",)).select_related("merchant").get(pk=booking_id)


# ---- confirm -----------------------------------------------------------------------------------

@transaction.atomic
def confirm(*, booking_id: int, actor: str) -> Booking:
    """Pay the held order from the deposit (or the credit line, down to -limit) and confirm it."""

    booking = _locked(booking_id)
    if booking.status in (B.CONFIRMED, B.REDEEMED):
        return booking  # idempotent
    if booking.status == B.ON_HOLD and booking.expires_at <= timezone.now():
        raise DomainError(errors.BOOKING_EXPIRED)
    if booking.status != B.ON_HOLD:
        BOOKING_MACHINE.guard(booking, B.CONFIRMED)  # raises invalid_transition
    balance_after = finance.charge(distributor_id=booking.distributor_id, amount_fen=booking.net_fen)
    merchant = booking.merchant
    with in_tenant(merchant):
        orders.mark_paid(order_id=booking.order_id, actor=actor)
    fee = commission_of(merchant, booking.net_fen)
    if booking.net_fen:
        ledger.post(kind="dst_booking", ref=f"booking:{booking.pk}", memo=f"分销预订 {booking.order_no}",
                    lines=[(deposit_code(booking.distributor_id), booking.net_fen),
                           (f"merchant_payable:{merchant.schema_name}", -(booking.net_fen - fee)),
                           ("platform_commission", -fee)])
    now = timezone.now()
    booking.platform_fee_fen, booking.confirmed_at = fee, now
    booking.available_at = now + timedelta(days=settings.SETTLEMENT_DELAY_DAYS)
    BOOKING_MACHINE.move(booking, B.CONFIRMED, actor=actor, reason="预存款/授信支付",
                         fields=["platform_fee_fen", "confirmed_at", "available_at"])
    finance.after_spend(distributor_id=booking.distributor_id, balance_after=balance_after)
    return booking


# ---- cancel / refund ----------------------------------------------------------------------------

def _cancel_window_open(booking: Booking, now: datetime) -> bool:
    if booking.day is None:
        return True
    starts = timezone.make_aware(datetime.combine(booking.day, datetime.min.time()))
    return now < starts - timedelta(hours=setting("CANCEL_CUTOFF_HOURS"))


@transaction.atomic
def cancel(*, booking_id: int, actor: str, units: int | None = None, reason: str = "") -> Booking:
    """On hold: release the inventory. Confirmed and unused, before the cut-off: refund `units`
    (default: all left) to the deposit through the merchant order's refund flow."""

    booking = _locked(booking_id)
    reason = reason or "分销商取消"
    if booking.status == B.ON_HOLD:
        with in_tenant(booking.merchant):
            orders.cancel(order_id=booking.order_id, actor=actor, reason=reason)
        booking.cancelled_at = timezone.now()
        BOOKING_MACHINE.move(booking, B.CANCELLED, actor=actor, reason=reason, fields=["cancelled_at"])
        return booking
    if booking.status != B.CONFIRMED:
        raise DomainError(errors.INVALID_TRANSITION_BOOKING_CANNOT_CANCELLED, status_label=booking.get_status_display(),
                          status=booking.status)
    if not _cancel_window_open(booking, timezone.now()):
        raise DomainError(errors.CANCEL_WINDOW_CLOSED)
    with in_tenant(booking.merchant):
        order = Order.objects.prefetch_related("lines").get(pk=booking.order_id)
        unused = order.status == "paid" or (order.status == "partially_refunded"
                                            and order.status_before_refund in ("paid", "partially_refunded"))
        if not unused:
            raise DomainError(errors.BOOKING_USED)
        left = [(ln.id, ln.quantity - ln.refunded_qty) for ln in order.lines.all() if ln.quantity > ln.refunded_qty]
        total_left = sum(q for _, q in left)
        wanted = total_left if units is None else units
        if not 1 <= wanted <= total_left:
            raise DomainError(errors.UNITS_INVALID, details={"left": total_left}, total_left=total_left)
        picked = []
        for line_id, qty in reversed(left):
            take = min(qty, wanted - sum(q for _, q in picked))
            if take:
                picked.append((line_id, take))
        refund = orders.request_refund(order_id=order.pk, actor=actor, reason=reason,
                                       lines=[{"line_id": i, "quantity": q} for i, q in picked])
        refund_approval.decide_refund(refund_id=refund.pk, approve=True, actor=actor, note=reason)
    return Booking.objects.select_related("merchant").get(pk=booking.pk)  # refunded by on_order_refunded


def on_order_refunded(*, schema: str, order, refund) -> None:
    """orders.order_refunded for a distributor order (our cancel or the merchant's approval):
    give the money back to the deposit, taking the platform fee back in proportion."""
    booking = Booking.objects.select_for_update(of=("self",)).select_related("merchant").filter(
        merchant__schema_name=schema, order_id=order.pk).first()
    if booking is None or booking.confirmed_at is None:
        return
    amount = refund.amount_fen
    if booking.refunded_fen + amount > booking.net_fen:
        raise DomainError(errors.REFUND_EXCEEDS_PAYMENT_BOOKING)
    booking.refunded_fen += amount
    fee_back = booking.platform_fee_fen * booking.refunded_fen // booking.net_fen if booking.net_fen else 0
    fee_part, booking.refunded_fee_fen = fee_back - booking.refunded_fee_fen, fee_back
    payable = "merchant_available" if booking.released_at else "merchant_payable"
    ledger.post(kind="dst_refund", ref=f"booking:{booking.pk}:refund:{refund.pk}", memo=f"分销退款 {order.order_no}",
                lines=[(f"{payable}:{schema}", amount - fee_part), ("platform_commission", fee_part),
                       (deposit_code(booking.distributor_id), -amount)])
    booking.save(update_fields=["refunded_fen", "refunded_fee_fen"])
    if booking.refunded_fen == booking.net_fen and booking.status != B.CANCELLED:
        booking.cancelled_at = timezone.now()
        BOOKING_MACHINE.move(booking, B.CANCELLED, actor=refund.decided_by, reason="全额退款", fields=["cancelled_at"])
    if amount >= setting("LARGE_REFUND_FEN"):
        alert(booking.distributor_id, AlertKind.LARGE_REFUND, f"预订 {booking.order_no} 退款 {amount / 100:.2f} 元",
              detail={"booking": str(booking.uuid), "amount_fen": amount}, dedupe_minutes=0)
    enqueue(distributor_id=booking.distributor_id, event_type="booking.refunded",
            ref=f"booking:{booking.pk}:refund:{refund.pk}", payload={**booking_payload(booking),
                                                                      "refund_fen": amount})


# ---- sweeps (Celery beat) -----------------------------------------------------------------------

def expire_due(*, now=None, limit: int = 500) -> int:
    """Holds past their deadline are dropped: the merchant order is cancelled, inventory returns."""

    now = now or timezone.now()
    done = 0
    for booking_id in Booking.objects.filter(status=B.ON_HOLD, expires_at__lt=now).values_list("id", flat=True)[
            :limit]:
        with transaction.atomic():
            booking = _locked(booking_id)
            if booking.status != B.ON_HOLD:
                continue
            with in_tenant(booking.merchant):
                orders.cancel(order_id=booking.order_id, actor="system", reason="分销占位超时")
            BOOKING_MACHINE.move(booking, B.EXPIRED, actor="system", reason="占位超时")
            done += 1
    return done


def release_due(*, now=None) -> int:
    """T+N: the merchant's share of confirmed bookings moves from payable to available."""
    now = now or timezone.now()
    done = 0
    due = Booking.objects.filter(released_at__isnull=True, confirmed_at__isnull=False, available_at__lte=now)
    for booking_id in due.values_list("id", flat=True):
        with transaction.atomic():
            booking = _locked(booking_id)
            if booking.released_at:
                continue
            share, schema = booking.merchant_share_fen, booking.merchant.schema_name
            if share:
                ledger.post(kind="dst_release", ref=f"booking:{booking.pk}", memo="分销订单 T+N 结算",
                            lines=[(f"merchant_payable:{schema}", share), (f"merchant_available:{schema}", -share)])
            booking.released_at = now
            booking.save(update_fields=["released_at"])
            done += 1
    return done


def sweep_redemptions(*, now=None, limit: int = 1000) -> int:
    """Confirmed bookings whose merchant order is used/completed become redeemed and the
    distributor gets a signed `booking.redeemed` webhook."""

    now = now or timezone.now()
    open_ = list(Booking.objects.filter(status=B.CONFIRMED).values_list("id", "merchant_id", "order_id")[:limit])
    if not open_:
        return 0
    used = set(OrderIndex.objects.filter(status__in=["used", "completed"],
                                         order_id__in=[o for _, _, o in open_]).values_list("merchant_id", "order_id"))
    done = 0
    for booking_id, merchant_id, order_id in open_:
        if (merchant_id, order_id) not in used:
            continue
        with transaction.atomic():
            booking = _locked(booking_id)
            if booking.status != B.CONFIRMED:
                continue
            booking.redeemed_at = now
            BOOKING_MACHINE.move(booking, B.REDEEMED, actor="system", reason="商户核销", fields=["redeemed_at"])
            enqueue(distributor_id=booking.distributor_id, event_type="booking.redeemed", ref=f"booking:{booking.pk}",
                    payload=booking_payload(booking))
            done += 1
    return done


def booking_payload(b: Booking) -> dict:
    return {
        "uuid": str(b.uuid), "status": b.status, "supplier": b.merchant.schema_name, "supplier_name": b.merchant.name,
        "order_no": b.order_no, "product_id": b.product_id, "product_name": b.product_name,
        "day": b.day.isoformat() if b.day else None, "session": b.session, "nights": b.nights, "units": b.units,
        "reseller_reference": b.reseller_reference, "contact": {"name": b.contact_name, "phone": b.contact_phone},
        "travellers": b.travellers,
        "pricing": {"currency": "CNY", "net_fen": b.net_fen, "retail_fen": b.retail_fen,
                    "commission_fen": b.commission_fen, "refunded_fen": b.refunded_fen,
                    "discount_policy_id": b.discount_policy_id},
        "expires_at": _iso(b.expires_at), "confirmed_at": _iso(b.confirmed_at), "redeemed_at": _iso(b.redeemed_at),
        "cancelled_at": _iso(b.cancelled_at), "created_at": _iso(b.created_at),
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None
