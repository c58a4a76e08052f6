"""Operator use cases for routes and bundles: create, edit, components, publish / withdraw.

Components are checked against the merchant's catalog through the catalog selectors inside
`in_tenant(merchant)`; only plain values (id, name, kind, mode) are kept in the public schema.
"""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.oplog.services import log_operation
from shared_apps.routes import errors
from tenant_apps.catalog import selectors as catalog
from tenants.models import Merchant, MerchantStatus
from tenants.utils import in_tenant

from ..models import Route, RouteComponent, RouteKind, RouteStatus
from .common import ROUTE_MACHINE, event_rows

R = RouteStatus
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
MAX_DAYS = 30
MAX_COMPONENTS = 20
MAX_QUANTITY = 20
MAX_NIGHTS = 30
EDITABLE = (R.DRAFT, R.WITHDRAWN)


def _log(user, action: str, route: Route, detail: dict | None = None) -> None:
    log_operation(user=user, action=action, target=f"route:{route.pk}", detail={"code": route.code, **(detail or {})},
                  schema_name="public")


def merchant_of(schema: str) -> Merchant:
    merchant = Merchant.objects.filter(schema_name=schema, status=MerchantStatus.ACTIVE).exclude(
        schema_name="public").first()
    if merchant is None:
        raise DomainError(errors.MERCHANT_NOT_FOUND_INACTIVE)
    return merchant


def merchant_products(merchant: Merchant) -> list[dict]:
    """On-shelf products of a merchant for the component picker (plain values only)."""

    with in_tenant(merchant):
        return [{"id": p.pk, "name": p.name, "kind": p.kind, "inventory_mode": p.inventory_mode,
                 "sessions": p.sessions or [], "distributor_price_fen": catalog.price_for(p, None, "distributor"),
                 "retail_price_fen": catalog.price_for(p, None, "tourist")}
                for p in catalog.products(on_shelf=True)]


def _get(route_id: int, *, lock: bool = False) -> Route:
    qs = Route.objects.select_for_update() if lock else Route.objects
    route = qs.filter(pk=route_id).first()
    if route is None:
        raise DomainError(errors.ROUTE_NOT_FOUND_PLAIN)
    return route


def _check_days(kind: str, days) -> int:
    days = 1 if kind == RouteKind.BUNDLE else int(days or 1)
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(errors.DAYS_INVALID, max_days=MAX_DAYS)
    return days


@transaction.atomic
def create_route(*, user, kind: str, code: str, name: str, description: str = "", days: int = 1) -> Route:
    if kind not in RouteKind.values:
        raise DomainError(errors.KIND_INVALID_ROUTE_BUNDLE)
    code = (code or "").strip().lower()
    if not CODE_RE.match(code):
        raise DomainError(errors.CODE_INVALID)
    if not (name or "").strip():
        raise DomainError(errors.NAME_REQUIRED_ROUTE)
    try:
        with transaction.atomic():
            route = Route.objects.create(kind=kind, code=code, name=name.strip()[:100], description=description or "",
                                         days=_check_days(kind, days), created_by=user)
    except IntegrityError:
        raise DomainError(errors.CODE_TAKEN) from None
    _log(user, "create_route", route, {"kind": kind})
    return route


@transaction.atomic
def update_route(*, route_id: int, user, name: str | None = None, description: str | None = None,
                 days: int | None = None) -> Route:
    route = _get(route_id, lock=True)
    if name is not None:
        if not name.strip():
            raise DomainError(errors.NAME_REQUIRED_ROUTE)
        route.name = name.strip()[:100]
    if description is not None:
        route.description = description
    if days is not None and days != route.days:
        if route.status not in EDITABLE:
            raise DomainError(errors.ROUTE_PUBLISHED_WITHDRAW_CHANGE_IT)
        route.days = _check_days(route.kind, days)
        late = [c.product_name for c in route.components.all() if c.day_offset >= route.days]
        if late:
            raise DomainError(errors.DAY_OFFSET_INVALID_COMPONENTS_BEYOND_LAST, days="、".join(late))
    route.save()
    _log(user, "update_route", route)
    return route


def _check_component(merchant: Merchant, product_id: int, *, kind: str, days: int, day_offset: int, nights: int,
                     quantity: int, session: str) -> dict:
    """Validate one component against the merchant's catalog; return the snapshot values."""

    if not 1 <= quantity <= MAX_QUANTITY:
        raise DomainError(errors.QUANTITY_INVALID_OUT_RANGE, max_quantity=MAX_QUANTITY)
    if kind == RouteKind.BUNDLE and day_offset:
        raise DomainError(errors.DAY_OFFSET_INVALID_BUNDLE)
    if not 0 <= day_offset < days:
        raise DomainError(errors.DAY_OFFSET_INVALID_BEYOND_ITINERARY, days=days)
    with in_tenant(merchant):
        try:
            product = catalog.get_product(product_id, on_shelf_only=True)
        except DomainError:
            raise DomainError(errors.PRODUCT_NOT_FOUND_OFF_SHELF,
                              details={"merchant": merchant.schema_name, "product_id": product_id}) from None
        name, pkind, mode, sessions = product.name, product.kind, product.inventory_mode, product.sessions or []
    if pkind == "room":
        if not 1 <= nights <= MAX_NIGHTS:
            raise DomainError(errors.NIGHTS_INVALID_OUT_RANGE, max_nights=MAX_NIGHTS)
    elif nights != 1:
        raise DomainError(errors.NIGHTS_INVALID_ONLY_ROOMS_TAKE)
    if sessions and session not in sessions:
        raise DomainError(errors.SESSION_INVALID_PICK_ONE_SESSIONS, details={"sessions": sessions}, name=name,
                          sessions='、'.join(sessions))
    if not sessions and session:
        raise DomainError(errors.SESSION_INVALID_PRODUCT_HAS_NO, name=name)
    return {"product_name": name[:100], "product_kind": pkind, "inventory_mode": mode}


@transaction.atomic
def add_component(*, route_id: int, user, merchant: str, product_id: int, day_offset: int = 0, nights: int = 1,
                  quantity: int = 1, session: str = "") -> RouteComponent:
    route = _get(route_id, lock=True)
    if route.status not in EDITABLE:
        raise DomainError(errors.ROUTE_PUBLISHED_COMPONENTS)
    if route.components.count() >= MAX_COMPONENTS:
        raise DomainError(errors.TOO_MANY_COMPONENTS, max_components=MAX_COMPONENTS)
    m = merchant_of(merchant)
    snap = _check_component(m, product_id, kind=route.kind, days=route.days, day_offset=day_offset, nights=nights,
                            quantity=quantity, session=session or "")
    position = (route.components.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    try:
        with transaction.atomic():
            component = RouteComponent.objects.create(route=route, position=position, merchant=m,
                                                      product_id=product_id, day_offset=day_offset, nights=nights,
                                                      quantity=quantity, session=session or "", **snap)
    except IntegrityError:
        raise DomainError(errors.COMPONENT_EXISTS) from None
    _log(user, "add_route_component", route, {"merchant": m.schema_name, "product_id": product_id})
    return component


@transaction.atomic
def remove_component(*, route_id: int, component_id: int, user) -> None:
    route = _get(route_id, lock=True)
    if route.status not in EDITABLE:
        raise DomainError(errors.ROUTE_PUBLISHED_COMPONENTS)
    deleted, _ = RouteComponent.objects.filter(route=route, pk=component_id).delete()
    if not deleted:
        raise DomainError(errors.COMPONENT_NOT_FOUND)
    _log(user, "remove_route_component", route, {"component_id": component_id})


@transaction.atomic
def publish(*, route_id: int, user, note: str = "") -> Route:
    """Publish after re-checking every component (merchant active, product on shelf, options valid)."""
    route = _get(route_id, lock=True)
    components = list(route.components.select_related("merchant"))
    if len(components) < 2:
        raise DomainError(errors.COMPONENTS_REQUIRED)
    for c in components:
        if c.merchant.status != MerchantStatus.ACTIVE:
            raise DomainError(errors.MERCHANT_INACTIVE, details={"component_id": c.pk}, merchant_name=c.merchant.name)
        snap = _check_component(c.merchant, c.product_id, kind=route.kind, days=route.days, day_offset=c.day_offset,
                                nights=c.nights, quantity=c.quantity, session=c.session)
        RouteComponent.objects.filter(pk=c.pk).update(**snap)
    route.published_at = timezone.now()
    ROUTE_MACHINE.move(route, R.PUBLISHED, actor=user.username, reason=note, fields=["published_at"])
    _log(user, "publish_route", route)
    return route


@transaction.atomic
def withdraw(*, route_id: int, user, note: str = "") -> Route:
    route = _get(route_id, lock=True)
    ROUTE_MACHINE.move(route, R.WITHDRAWN, actor=user.username, reason=note)
    _log(user, "withdraw_route", route)
    return route


def component_payload(c: RouteComponent) -> dict:
    return {"id": c.pk, "position": c.position, "merchant": c.merchant.schema_name, "merchant_name": c.merchant.name,
            "product_id": c.product_id, "product_name": c.product_name, "product_kind": c.product_kind,
            "day": c.day_offset + 1, "day_offset": c.day_offset, "nights": c.nights, "quantity": c.quantity,
            "session": c.session}


def route_payload(route: Route, *, events: bool = False) -> dict:
    data = {"id": route.pk, "code": route.code, "kind": route.kind, "name": route.name,
            "description": route.description, "days": route.days, "status": route.status,
            "created_by": route.created_by.username if route.created_by_id else None,
            "published_at": route.published_at, "created_at": route.created_at,
            "components": [component_payload(c) for c in route.components.select_related("merchant")]}
    if events:
        data["events"] = event_rows(ROUTE_MACHINE.events(route))
    return data
