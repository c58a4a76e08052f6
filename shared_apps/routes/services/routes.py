"""Operator use cases for routes and bundles: create, edit, components, publish / withdraw.

Components are checked against the merchant's catalog through the catalog selectors inside
`in_tenant(merchant)`; only plain values (id, name, kind, mode) are kept in the public schema.
"""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.core.errors import ApiError
from shared_apps.oplog.services import log_operation
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
        raise ApiError("merchant_not_found", "商户不存在或已停业", "Merchant not found or inactive", 404)
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
        raise ApiError("route_not_found", "线路不存在", "Route not found", 404)
    return route


def _check_days(kind: str, days) -> int:
    days = 1 if kind == RouteKind.BUNDLE else int(days or 1)
    if not 1 <= days <= MAX_DAYS:
        raise ApiError("days_invalid", f"行程天数需在 1 到 {MAX_DAYS} 之间", "Days out of range")
    return days


@transaction.atomic
def create_route(*, user, kind: str, code: str, name: str, description: str = "", days: int = 1) -> Route:
    if kind not in RouteKind.values:
        raise ApiError("kind_invalid", "类型无效（route 或 bundle）", "Kind is route or bundle")
    code = (code or "").strip().lower()
    if not CODE_RE.match(code):
        raise ApiError("code_invalid", "编码只能包含小写字母、数字和连字符（2-40 位）", "Code: a-z, 0-9, '-', 2..40")
    if not (name or "").strip():
        raise ApiError("name_required", "请填写名称", "Name is required")
    try:
        with transaction.atomic():
            route = Route.objects.create(kind=kind, code=code, name=name.strip()[:100], description=description or "",
                                         days=_check_days(kind, days), created_by=user)
    except IntegrityError:
        raise ApiError("code_taken", "该编码已被使用", "Code already taken", 409) from None
    _log(user, "create_route", route, {"kind": kind})
    return route


@transaction.atomic
def update_route(*, route_id: int, user, name: str | None = None, description: str | None = None,
                 days: int | None = None) -> Route:
    route = _get(route_id, lock=True)
    if name is not None:
        if not name.strip():
            raise ApiError("name_required", "请填写名称", "Name is required")
        route.name = name.strip()[:100]
    if description is not None:
        route.description = description
    if days is not None and days != route.days:
        if route.status not in EDITABLE:
            raise ApiError("route_published", "已发布的线路不能修改行程，请先下架", "Withdraw the route to change it",
                           409)
        route.days = _check_days(route.kind, days)
        late = [c.product_name for c in route.components.all() if c.day_offset >= route.days]
        if late:
            raise ApiError("day_offset_invalid", "有组件的行程日超出天数：" + "、".join(late),
                           "Components beyond the last day")
    route.save()
    _log(user, "update_route", route)
    return route


def _check_component(merchant: Merchant, product_id: int, *, kind: str, days: int, day_offset: int, nights: int,
                     quantity: int, session: str) -> dict:
    """Validate one component against the merchant's catalog; return the snapshot values."""

    if not 1 <= quantity <= MAX_QUANTITY:
        raise ApiError("quantity_invalid", f"每人数量需在 1 到 {MAX_QUANTITY} 之间", "Quantity out of range")
    if kind == RouteKind.BUNDLE and day_offset:
        raise ApiError("day_offset_invalid", "组合产品没有行程日", "Bundles have no day offsets")
    if not 0 <= day_offset < days:
        raise ApiError("day_offset_invalid", f"行程日需在第 1 到第 {days} 天之间", "Day offset beyond the itinerary")
    with in_tenant(merchant):
        try:
            product = catalog.get_product(product_id, on_shelf_only=True)
        except ApiError:
            raise ApiError("product_not_found", "商品不存在或已下架", "Product not found or off shelf", 400,
                           details={"merchant": merchant.schema_name, "product_id": product_id}) from None
        name, pkind, mode, sessions = product.name, product.kind, product.inventory_mode, product.sessions or []
    if pkind == "room":
        if not 1 <= nights <= MAX_NIGHTS:
            raise ApiError("nights_invalid", f"入住晚数需在 1 到 {MAX_NIGHTS} 之间", "Nights out of range")
    elif nights != 1:
        raise ApiError("nights_invalid", "只有客房可以选择晚数", "Only rooms take nights")
    if sessions and session not in sessions:
        raise ApiError("session_invalid", f"「{name}」请选择场次：{'、'.join(sessions)}", "Pick one of the sessions",
                       details={"sessions": sessions})
    if not sessions and session:
        raise ApiError("session_invalid", f"「{name}」没有场次", "This product has no sessions")
    return {"product_name": name[:100], "product_kind": pkind, "inventory_mode": mode}


@transaction.atomic
def add_component(*, route_id: int, user, merchant: str, product_id: int, day_offset: int = 0, nights: int = 1,
                  quantity: int = 1, session: str = "") -> RouteComponent:
    route = _get(route_id, lock=True)
    if route.status not in EDITABLE:
        raise ApiError("route_published", "已发布的线路不能修改组件，请先下架", "Withdraw the route to change it", 409)
    if route.components.count() >= MAX_COMPONENTS:
        raise ApiError("too_many_components", f"最多 {MAX_COMPONENTS} 个组件", "Too many components")
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
        raise ApiError("component_exists", "该商品已在同一行程日中", "This product is already on that day",
                       409) from None
    _log(user, "add_route_component", route, {"merchant": m.schema_name, "product_id": product_id})
    return component


@transaction.atomic
def remove_component(*, route_id: int, component_id: int, user) -> None:
    route = _get(route_id, lock=True)
    if route.status not in EDITABLE:
        raise ApiError("route_published", "已发布的线路不能修改组件，请先下架", "Withdraw the route to change it", 409)
    deleted, _ = RouteComponent.objects.filter(route=route, pk=component_id).delete()
    if not deleted:
        raise ApiError("component_not_found", "组件不存在", "Component not found", 404)
    _log(user, "remove_route_component", route, {"component_id": component_id})


@transaction.atomic
def publish(*, route_id: int, user, note: str = "") -> Route:
    """Publish after re-checking every component (merchant active, product on shelf, options valid)."""
    route = _get(route_id, lock=True)
    components = list(route.components.select_related("merchant"))
    if len(components) < 2:
        raise ApiError("components_required", "至少需要 2 个组件才能发布", "At least two components are required")
    for c in components:
        if c.merchant.status != MerchantStatus.ACTIVE:
            raise ApiError("merchant_inactive", f"商户「{c.merchant.name}」已停业",
                           "A component's merchant is inactive", 409, details={"component_id": c.pk})
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
