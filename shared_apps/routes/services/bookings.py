"""Selling routes and bundles to distributors (DST-PRC-04, DST-DIS-01/02).

A distributor may see and book a route only when EVERY component's merchant is reachable
(API key: `ApiKey.allows`, i.e. listed on the key AND an active authorisation; member pages:
the distributor's active authorisations) and every product is inside that merchant's contract
product scope. The per-person net price is the sum of the components' distributor net prices
(`distribution.services.pricing.net_unit_price`, the same pricing single-product bookings use)
times their quantity per person.

One route booking = one distribution Booking per component (leg), made with
`distribution.services.bookings.reserve/confirm/cancel` inside ONE transaction, so all legs
are held, paid or cancelled together or not at all. Legs are reserved in a fixed order
(merchant id, product id, day) so concurrent route bookings lock inventory rows consistently.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.distribution.models import BookingStatus
from shared_apps.distribution.services import bookings as dst
from shared_apps.distribution.services import finance, pricing
from shared_apps.distribution.services.contracts import product_scope
from shared_apps.routes import errors
from tenant_apps.catalog import selectors as catalog
from tenant_apps.inventory import services as inventory
from tenant_apps.orders import services as orders
from tenants.models import MerchantStatus
from tenants.utils import in_tenant

from ..models import Route, RouteBooking, RouteBookingStatus, RouteLeg, RouteStatus
from .common import BOOKING_MACHINE
from .routes import component_payload

B = RouteBookingStatus
MAX_PERSONS = 999
MAX_RANGE_DAYS = 62


# ---- who may book what --------------------------------------------------------------------------

def _components(route: Route) -> list:
    return list(route.components.select_related("merchant"))


def blockers(components, *, distributor_id: int, allows) -> list[dict]:
    """Why this distributor may not book these components ([] = it may). `allows(merchant)` is the
    merchant-level check (ApiKey.allows for API calls)."""
    problems, allowed, scopes = [], {}, {}
    for c in components:
        m = c.merchant
        if m.pk not in allowed:
            allowed[m.pk] = m.status == MerchantStatus.ACTIVE and allows(m)
            scopes[m.pk] = product_scope(distributor_id, m)
        if not allowed[m.pk]:
            problems.append({"component_id": c.pk, "merchant": m.schema_name, "reason": "supplier_not_authorised"})
        elif scopes[m.pk] and c.product_id not in scopes[m.pk]:
            problems.append({"component_id": c.pk, "merchant": m.schema_name, "reason": "product_not_authorised"})
    return problems


def key_allows(api_key):
    return api_key.allows


def member_allows(distributor):
    authorised = set(distributor.merchants.values_list("pk", flat=True))
    return lambda m: m.pk in authorised


def published_route(code: str) -> Route:
    route = Route.objects.filter(code=code, status=RouteStatus.PUBLISHED).first()
    if route is None:
        raise DomainError(errors.ROUTE_NOT_FOUND_UNPUBLISHED)
    return route


def bookable_route(*, api_key, code: str) -> tuple[Route, list]:
    """The published route and its components, if this key may book every component (404 otherwise:
    a distributor never learns about routes it cannot sell)."""
    route = published_route(code)
    components = _components(route)
    if blockers(components, distributor_id=api_key.distributor_id, allows=key_allows(api_key)):
        raise DomainError(errors.ROUTE_NOT_FOUND_UNAUTHORISED)
    return route, components


# ---- prices and availability --------------------------------------------------------------------

def leg_day(component, start_day: date | None) -> date | None:
    return start_day + timedelta(days=component.day_offset) if component.dated and start_day else None


def quote(components, *, distributor_id: int, start_day: date | None, persons: int = 1) -> dict:
    """Net and retail price per person for a start day (legs on their own days), by component.
    Raises product_not_found when a product went off shelf."""

    rows, by_merchant = {}, {}
    for c in components:
        by_merchant.setdefault(c.merchant.pk, (c.merchant, []))[1].append(c)
    for merchant, comps in by_merchant.values():
        with in_tenant(merchant):
            policies = pricing.policies_for(distributor_id, merchant)
            for c in comps:
                try:
                    product = catalog.get_product(c.product_id, on_shelf_only=True)
                except DomainError:
                    raise DomainError(errors.PRODUCT_NOT_FOUND_COMPONENT_OFF_SHELF, details={"component_id": c.pk},
                                      product_name=c.product_name) from None
                day = leg_day(c, start_day)
                line = orders.LineInput(c.product_id, c.quantity, day, c.session, c.nights)
                net, _ = pricing.net_unit_price(distributor_id, merchant, product, line, units=persons * c.quantity,
                                                policies=policies)
                retail = orders.unit_price(product, line, "tourist")
                rows[c.pk] = {**component_payload(c), "leg_day": day, "net_price_fen": net * c.quantity,
                              "retail_price_fen": retail * c.quantity}
    lines = [rows[c.pk] for c in components]
    net, retail = sum(r["net_price_fen"] for r in lines), sum(r["retail_price_fen"] for r in lines)
    return {"currency": "CNY", "net_price_fen": net, "retail_price_fen": retail,
            "commission_fen": max(0, retail - net), "components": lines}


def route_row(route: Route, components, *, distributor_id: int, day: date) -> dict | None:
    try:
        price = quote(components, distributor_id=distributor_id, start_day=day)
    except DomainError:
        return None  # a product went off shelf: not sellable now
    return {"code": route.code, "kind": route.kind, "name": route.name, "description": route.description,
            "days": route.days, "needs_day": any(c.dated for c in components), "price_day": day,
            "net_price_fen": price["net_price_fen"], "retail_price_fen": price["retail_price_fen"],
            "commission_fen": price["commission_fen"], "currency": "CNY", "components": price["components"]}


def sellable_routes(*, distributor_id: int, allows, kind: str = "", day: date | None = None) -> list[dict]:
    """Published routes whose every component this distributor may book, priced per person on `day`."""
    day = day or timezone.localdate()
    qs = Route.objects.filter(status=RouteStatus.PUBLISHED).prefetch_related("components__merchant").order_by("id")
    if kind:
        qs = qs.filter(kind=kind)
    rows = []
    for route in qs:
        components = list(route.components.all())
        if not components or blockers(components, distributor_id=distributor_id, allows=allows):
            continue
        row = route_row(route, components, distributor_id=distributor_id, day=day)
        if row:
            rows.append(row)
    return rows


def availability(*, api_key, route: Route, components, start: date, end: date) -> dict:
    """Vacancies per start day = min over components of left units (on the leg's day(s), every night
    for rooms) // quantity per person, with the per-person net and retail price of that start day."""
    if end < start or (end - start).days > MAX_RANGE_DAYS:
        raise DomainError(errors.RANGE_INVALID_DATE_TOO_LONG, max_range_days=MAX_RANGE_DAYS)
    starts = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    left = {d: None for d in starts}  # None = unlimited
    for c in components:
        lo = start + timedelta(days=c.day_offset)
        hi = end + timedelta(days=c.day_offset + c.nights - 1)
        slots = dst.availability(api_key=api_key, merchant=c.merchant, product_id=c.product_id, start=lo, end=hi)
        if slots["unlimited"]:
            continue
        free = {(s["day"], s["session"]): s["vacancies"] for s in slots["slots"]}
        for d in starts:
            if c.dated:
                first = d + timedelta(days=c.day_offset)
                units = min(free.get((first + timedelta(days=i), c.session), 0) for i in range(c.nights))
            else:
                units = free.get((None, c.session), 0)
            per_person = units // c.quantity
            left[d] = per_person if left[d] is None else min(left[d], per_person)
    rows = []
    for d in starts:
        price = quote(components, distributor_id=api_key.distributor_id, start_day=d)
        vacancies = left[d]
        rows.append({"day": d, "status": "sold_out" if vacancies == 0 else "available", "vacancies": vacancies,
                     "net_price_fen": price["net_price_fen"], "retail_price_fen": price["retail_price_fen"]})
    return {"code": route.code, "unlimited": all(v is None for v in left.values()), "days": rows}


# ---- reserve / confirm / cancel -----------------------------------------------------------------

def _leg_error(exc: DomainError, c) -> DomainError:
    details = {"component_id": c.pk, "merchant": c.merchant.schema_name, "product_id": c.product_id}
    if isinstance(exc.details, dict):
        details.update(exc.details)
    elif exc.details is not None:
        details["leg_details"] = exc.details
    return exc.with_context(errors.LEG_CONTEXT, details=details, day=c.day_offset + 1, product_name=c.product_name)


def _lock_all_slots(components, *, persons: int, day: date | None) -> None:
    """Lock every slot the legs will hold, merchant by merchant (by id) and slot by slot (by id):
    the order a tourist checkout takes, so a route and a checkout never deadlock. A leg whose
    product or slot is missing is skipped here; its reserve reports the error."""

    merchants = {c.merchant_id: c.merchant for c in components}
    for merchant_id in sorted(merchants):
        with in_tenant(merchants[merchant_id]):
            slot_ids = []
            for c in (c for c in components if c.merchant_id == merchant_id):
                line = orders.LineInput(c.product_id, persons * c.quantity, leg_day(c, day), c.session, c.nights)
                try:
                    product = catalog.get_product(c.product_id, on_shelf_only=True)
                    slot_ids += [need.slot_id for need in orders.needs_for(product, line)]
                except DomainError:
                    continue
            inventory.lock_slots(slot_ids=slot_ids)


@transaction.atomic
def reserve(*, api_key, code: str, persons: int, day: date | None = None, travellers=(), contact_name: str = "",
            contact_phone: str = "", reseller_reference: str = "", hold_minutes: int | None = None,
            note: str = "") -> RouteBooking:
    """Hold every leg (one distribution booking each) or none."""
    route, components = bookable_route(api_key=api_key, code=code)
    if not 1 <= persons <= MAX_PERSONS:
        raise DomainError(errors.QUANTITY_INVALID_PERSONS_OUT_RANGE, max_persons=MAX_PERSONS)
    if day is None and any(c.dated for c in components):
        raise DomainError(errors.DAY_REQUIRED_START)
    travellers = list(travellers or [])
    _lock_all_slots(components, persons=persons, day=day)
    made = []
    for c in sorted(components, key=lambda c: (c.merchant_id, c.product_id, c.day_offset, c.session)):
        people = travellers * c.quantity if travellers and c.product_kind in ("ticket", "package") else travellers
        try:
            booking = dst.reserve(api_key=api_key, merchant=c.merchant, product_id=c.product_id,
                                  units=persons * c.quantity, day=leg_day(c, day), session=c.session,
                                  nights=c.nights, travellers=people, contact_name=contact_name,
                                  contact_phone=contact_phone, reseller_reference=reseller_reference,
                                  hold_minutes=hold_minutes, note=note or f"{route.get_kind_display()}：{route.name}")
        except DomainError as exc:
            raise _leg_error(exc, c) from exc
        made.append((c, booking))
    rb = RouteBooking.objects.create(
        route=route, route_name=route.name, distributor_id=api_key.distributor_id, api_key=api_key,
        start_day=day, persons=persons, net_fen=sum(b.net_fen for _, b in made),
        retail_fen=sum(b.retail_fen for _, b in made), contact_name=contact_name[:50],
        contact_phone=contact_phone[:20], reseller_reference=reseller_reference[:64],
        expires_at=min(b.expires_at for _, b in made))
    RouteLeg.objects.bulk_create([RouteLeg(route_booking=rb, position=c.position, component=c, booking=b)
                                  for c, b in made])
    BOOKING_MACHINE.record(rb, "", B.ON_HOLD, actor=f"apikey:{api_key.prefix}", reason="线路占位")
    return rb


def booking_for(*, distributor_id: int, booking_uuid) -> RouteBooking:
    rb = RouteBooking.objects.filter(uuid=booking_uuid, distributor_id=distributor_id).first()
    if rb is None:
        raise DomainError(errors.BOOKING_NOT_FOUND)
    return rb


def _locked(rb_id: int) -> RouteBooking:
    return RouteBooking.objects.select_for_update().get(pk=rb_id)


def _legs(rb: RouteBooking) -> list[RouteLeg]:
    return list(rb.legs.select_related("booking__merchant", "component").order_by("position", "id"))


@transaction.atomic
def confirm(*, route_booking_id: int, actor: str, api_key=None) -> RouteBooking:
    """Pay every leg from the deposit / credit line in one transaction (insufficient: nothing)."""
    rb = _locked(route_booking_id)
    if rb.status == B.CONFIRMED:
        return rb
    if rb.status == B.ON_HOLD and rb.expires_at <= timezone.now():
        raise DomainError(errors.BOOKING_EXPIRED)
    if rb.status != B.ON_HOLD:
        BOOKING_MACHINE.guard(rb, B.CONFIRMED)  # raises invalid_transition
    legs = _legs(rb)
    if api_key is not None:
        denied = [leg.booking.merchant.schema_name for leg in legs if not api_key.allows(leg.booking.merchant)]
        if denied:
            raise DomainError(errors.SUPPLIER_NOT_AUTHORISED_KEY_MAY_REACH, details={"merchants": denied})
    finance.charge(distributor_id=rb.distributor_id, amount_fen=rb.net_fen)  # whole route, under the account lock
    for leg in legs:
        dst.confirm(booking_id=leg.booking_id, actor=actor)
    rb.confirmed_at = timezone.now()
    BOOKING_MACHINE.move(rb, B.CONFIRMED, actor=actor, reason="预存款/授信支付", fields=["confirmed_at"])
    return rb


@transaction.atomic
def cancel(*, route_booking_id: int, actor: str, reason: str = "") -> RouteBooking:
    """On hold: release every leg. Confirmed: refund every leg in full, or nothing when any leg
    cannot be cancelled (window closed, used, already refunded): 409 route_leg_not_cancellable."""
    rb = _locked(route_booking_id)
    reason = reason or "分销商取消线路"
    if rb.status not in (B.ON_HOLD, B.CONFIRMED):
        raise DomainError(errors.INVALID_TRANSITION_ROUTE_BOOKING_CANNOT, status_label=rb.get_status_display(),
                          status=rb.status)
    legs = _legs(rb)
    now = timezone.now()
    if rb.status == B.CONFIRMED:
        blocked = []
        for leg in legs:
            b = leg.booking
            if b.status != BookingStatus.CONFIRMED:
                blocked.append({"booking": str(b.uuid), "product_name": b.product_name, "reason": f"status_{b.status}"})
            elif not dst._cancel_window_open(b, now):
                blocked.append({"booking": str(b.uuid), "product_name": b.product_name,
                                "reason": "cancel_window_closed"})
        if blocked:
            raise _not_cancellable(blocked)
    for leg in legs:
        if leg.booking.status not in (BookingStatus.ON_HOLD, BookingStatus.CONFIRMED):
            continue  # an expired hold has released its inventory already
        try:
            dst.cancel(booking_id=leg.booking_id, actor=actor, reason=reason)
        except DomainError as exc:
            raise _not_cancellable([{"booking": str(leg.booking.uuid), "product_name": leg.booking.product_name,
                                     "reason": exc.code}]) from exc
    rb.cancelled_at = now
    BOOKING_MACHINE.move(rb, B.CANCELLED, actor=actor, reason=reason, fields=["cancelled_at"])
    return rb


def _not_cancellable(blocked: list[dict]) -> DomainError:
    names = "、".join(b["product_name"] for b in blocked)
    return DomainError(errors.ROUTE_LEG_NOT_CANCELLABLE, details={"legs": blocked}, names=names)


def expire_due(*, now=None, limit: int = 500) -> int:
    """Route holds past their deadline: release the legs still on hold, mark the booking expired."""
    now = now or timezone.now()
    done = 0
    for rb_id in RouteBooking.objects.filter(status=B.ON_HOLD, expires_at__lt=now).values_list("id", flat=True)[
            :limit]:
        with transaction.atomic():
            rb = _locked(rb_id)
            if rb.status != B.ON_HOLD:
                continue
            for leg in _legs(rb):
                if leg.booking.status == BookingStatus.ON_HOLD:
                    dst.cancel(booking_id=leg.booking_id, actor="system", reason="线路占位超时")
            BOOKING_MACHINE.move(rb, B.EXPIRED, actor="system", reason="占位超时")
            done += 1
    return done


def booking_payload(rb: RouteBooking) -> dict:
    legs = _legs(rb)
    return {
        "uuid": str(rb.uuid), "status": rb.status, "route": {"code": rb.route.code, "kind": rb.route.kind,
                                                             "name": rb.route_name},
        "start_day": rb.start_day.isoformat() if rb.start_day else None, "persons": rb.persons,
        "reseller_reference": rb.reseller_reference, "contact": {"name": rb.contact_name, "phone": rb.contact_phone},
        "pricing": {"currency": "CNY", "net_fen": rb.net_fen, "retail_fen": rb.retail_fen,
                    "commission_fen": rb.commission_fen,
                    "refunded_fen": sum(leg.booking.refunded_fen for leg in legs)},
        "expires_at": _iso(rb.expires_at), "confirmed_at": _iso(rb.confirmed_at),
        "cancelled_at": _iso(rb.cancelled_at), "created_at": _iso(rb.created_at),
        "legs": [{"position": leg.position, **dst.booking_payload(leg.booking),
                  "itinerary_day": (leg.component.day_offset + 1) if leg.component else None} for leg in legs],
    }


def _iso(value) -> str | None:
    return value.isoformat() if value else None
