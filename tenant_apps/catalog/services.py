"""Catalog writes: one function per use case, keyword arguments, one transaction each.

Every function that changes a product or its prices sends `signals.product_saved` in the same
transaction; the public marketplace keeps its listing index by a receiver (one database, so a
failure rolls back both, and catalog never imports the marketplace).
"""

import re
from datetime import date

from django.db import IntegrityError, transaction

from shared_apps.core.failures import DomainError
from tenant_apps.catalog import errors as catalog_errors

from . import signals
from .models import (
    DEFAULT_INVENTORY_MODE,
    Channel,
    Facility,
    InventoryMode,
    PackageItem,
    PricePolicy,
    Product,
    ProductKind,
)

HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MAX_SESSIONS = 24
EDITABLE = ("name", "subtitle", "description", "base_price_fen", "distributor_price_fen", "inventory_mode",
            "sessions", "attributes", "facility_ids", "max_per_tourist")
MAX_PER_TOURIST_CEILING = 10_000


# ---- attribute validation (per kind) --------------------------------------------------------


def _text(max_length: int):
    def check(value):
        if not isinstance(value, str):
            return "必须是文本"
        if len(value) > max_length:
            return f"不能超过{max_length}个字符"
        return None

    return check


def _int(low: int, high: int):
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int):
            return "必须是整数"
        if not low <= value <= high:
            return f"必须在{low}到{high}之间"
        return None

    return check


def _number(low: float, high: float):
    def check(value):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "必须是数字"
        if not low <= value <= high:
            return f"必须在{low}到{high}之间"
        return None

    return check


def _bool(value):
    return None if isinstance(value, bool) else "必须是 true 或 false"


def _hhmm(value):
    return None if isinstance(value, str) and HHMM.match(value) else "时间格式应为 HH:MM"


ATTRIBUTE_SPECS = {
    # EC-TKT-03: face text, booking notes, time limits.
    ProductKind.TICKET: {
        "face_text": _text(200), "booking_notes": _text(2000), "advance_hours": _int(0, 720),
        "valid_days": _int(1, 366), "entry_start": _hhmm, "entry_end": _hhmm,
    },
    # EC-HTL-02: room types.
    # EC-HTL-06: pay_at_hotel allows 到店付款; free cancellation until pay_at_hotel_cutoff on the arrival day.
    ProductKind.ROOM: {"bed_type": _text(50), "area_m2": _number(1, 10000), "max_guests": _int(1, 20),
                       "breakfast": _bool, "pay_at_hotel": _bool, "pay_at_hotel_cutoff": _hhmm},
    # EC-FNB-02: e-menu.
    ProductKind.DISH: {"category": _text(50), "spicy": _int(0, 3), "unit": _text(20)},
    # EC-SHP-02: goods.
    ProductKind.GOODS: {"sku": _text(64), "weight_g": _int(0, 1_000_000), "origin": _text(100),
                        "shipping_fee_fen": _int(0, 100_000_000)},
    # EC-TKT-06: a package carries the same booking texts as a ticket.
    ProductKind.PACKAGE: {"face_text": _text(200), "booking_notes": _text(2000), "advance_hours": _int(0, 720),
                          "valid_days": _int(1, 366)},
}


def validate_attributes(kind: str, attributes) -> dict:
    """The attributes if valid for `kind`, else DomainError attributes_invalid with per-key details."""
    if attributes is None:
        return {}
    if not isinstance(attributes, dict):
        raise DomainError(catalog_errors.ATTRIBUTES_INVALID)
    spec = ATTRIBUTE_SPECS[kind]
    errors = {}
    for key, value in attributes.items():
        check = spec.get(key)
        if check is None:
            errors[key] = [f"该类商品不支持属性“{key}”"]
        elif (problem := check(value)) is not None:
            errors[key] = [problem]
    if not errors and attributes.get("entry_start") and attributes.get("entry_end"):
        if attributes["entry_start"] >= attributes["entry_end"]:
            errors["entry_end"] = ["入园截止时间必须晚于开始时间"]
    if errors:
        raise DomainError(catalog_errors.ATTRIBUTES_INVALID_PRODUCT, details={"attributes": errors})
    return dict(attributes)


def validate_sessions(sessions, inventory_mode: str) -> list[str]:
    """Session labels "HH:MM-HH:MM" (start before end, no duplicates); dated products only."""
    if not sessions:
        return []
    if inventory_mode != InventoryMode.DATED:
        raise DomainError(catalog_errors.SESSIONS_INVALID_UNDATED)
    if not isinstance(sessions, list) or len(sessions) > MAX_SESSIONS:
        raise DomainError(catalog_errors.SESSIONS_INVALID_LIST, max_sessions=MAX_SESSIONS)
    if len(set(map(str, sessions))) != len(sessions):
        raise DomainError(catalog_errors.SESSIONS_INVALID_DUPLICATE)
    for label in sessions:
        parts = label.split("-") if isinstance(label, str) else []
        if len(parts) != 2 or not all(HHMM.match(p) for p in parts) or parts[0] >= parts[1]:
            raise DomainError(catalog_errors.SESSIONS_INVALID_FORMAT, label=label)
    return list(sessions)


FREE_KINDS = {ProductKind.TICKET}  # free-admission reservations (免费预约); a free room, dish or parcel is a typo


def _check_prices(base_price_fen, distributor_price_fen, kind: str):
    for value in (base_price_fen, distributor_price_fen):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise DomainError(catalog_errors.PRICE_INVALID)
        if value == 0 and kind not in FREE_KINDS:
            raise DomainError(catalog_errors.PRICE_ZERO_NOT_ALLOWED, kind=kind, kind_label=ProductKind(kind).label)


def _check_max_per_tourist(value) -> None:
    """None (the platform default) or 1..MAX_PER_TOURIST_CEILING units per tourist and day."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PER_TOURIST_CEILING:
        raise DomainError(catalog_errors.MAX_PER_TOURIST_INVALID, ceiling=MAX_PER_TOURIST_CEILING)


def _facilities(kind: str, facility_ids) -> list[Facility] | None:
    if facility_ids is None:
        return None
    if facility_ids and kind != ProductKind.ROOM:
        raise DomainError(catalog_errors.FACILITIES_NOT_ALLOWED)
    found = list(Facility.objects.filter(pk__in=set(facility_ids)))
    if len(found) != len(set(facility_ids)):
        raise DomainError(catalog_errors.FACILITY_NOT_FOUND)
    return found


def _index(product: Product) -> None:
    """Announce the change (inside the caller's transaction): the marketplace re-indexes it."""
    signals.product_saved.send(sender=Product, product=product)


def _locked(product_id: int) -> Product:
    product = Product.objects.select_for_update().filter(pk=product_id).first()
    if product is None:
        raise DomainError(catalog_errors.NOT_FOUND_PRODUCT)
    return product


def _lock_components_of(package_id: int, extra_ids=()) -> None:
    """Lock order is components (by id) before packages, in every service that touches both,
    so "a package on shelf has all its components on shelf" holds under concurrency."""
    ids = set(PackageItem.objects.filter(package_id=package_id).values_list("component_id", flat=True))
    ids.update(i for i in extra_ids if isinstance(i, int))
    list(Product.objects.select_for_update().filter(pk__in=ids).order_by("id").values_list("id", flat=True))


# ---- products -------------------------------------------------------------------------------


@transaction.atomic
def create_product(*, kind: str, name: str, base_price_fen: int, subtitle: str = "", description: str = "",
                   distributor_price_fen: int | None = None, inventory_mode: str | None = None,
                   sessions: list | None = None, attributes: dict | None = None,
                   facility_ids: list[int] | None = None, on_shelf: bool = False,
                   max_per_tourist: int | None = None) -> Product:
    if kind not in ProductKind.values:
        raise DomainError(catalog_errors.KIND_INVALID)
    mode = inventory_mode or DEFAULT_INVENTORY_MODE[kind]
    if mode not in InventoryMode.values:
        raise DomainError(catalog_errors.INVENTORY_MODE_INVALID)
    _check_prices(base_price_fen, distributor_price_fen, kind)
    _check_max_per_tourist(max_per_tourist)
    product = Product.objects.create(
        kind=kind, name=name, subtitle=subtitle, description=description, base_price_fen=base_price_fen,
        distributor_price_fen=distributor_price_fen, inventory_mode=mode,
        sessions=validate_sessions(sessions, mode), attributes=validate_attributes(kind, attributes),
        max_per_tourist=max_per_tourist,
    )
    facilities = _facilities(kind, facility_ids)
    if facilities:
        product.facilities.set(facilities)
    if on_shelf:
        return set_on_shelf(product_id=product.pk, on_shelf=True)
    _index(product)
    return product


@transaction.atomic
def update_product(*, product_id: int, **fields) -> Product:
    """Change editable fields. `attributes` and `sessions` are replaced as a whole; the kind
    never changes (take the product off shelf and create another instead)."""
    product = _locked(product_id)
    if "kind" in fields and fields.pop("kind") != product.kind:
        raise DomainError(catalog_errors.KIND_IMMUTABLE)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise DomainError(catalog_errors.FIELD_NOT_EDITABLE_UNKNOWN, details={k: ["不可修改"] for k in sorted(unknown)})
    _check_prices(fields.get("base_price_fen"), fields.get("distributor_price_fen"), product.kind)
    _check_max_per_tourist(fields.get("max_per_tourist"))
    if fields.get("base_price_fen", 0) is None:
        raise DomainError(catalog_errors.PRICE_INVALID)
    if "inventory_mode" in fields and fields["inventory_mode"] not in InventoryMode.values:
        raise DomainError(catalog_errors.INVENTORY_MODE_INVALID)
    if "attributes" in fields:
        fields["attributes"] = validate_attributes(product.kind, fields["attributes"])
    mode = fields.get("inventory_mode", product.inventory_mode)
    fields["sessions"] = validate_sessions(fields.get("sessions", product.sessions), mode)
    facilities = _facilities(product.kind, fields.pop("facility_ids", None))
    for key, value in fields.items():
        setattr(product, key, value)
    product.save()
    if facilities is not None:
        product.facilities.set(facilities)
    _index(product)
    return product


def _require_complete(package: Product) -> None:
    items = list(PackageItem.objects.filter(package=package).select_related("component"))
    if not items or any(not item.component.on_shelf for item in items):
        raise DomainError(catalog_errors.PACKAGE_INCOMPLETE)


@transaction.atomic
def set_on_shelf(*, product_id: int, on_shelf: bool) -> Product:
    """Put a product on or take it off the shelf (there is no delete).

    A package goes on shelf only with items, all on shelf. Taking a component off shelf
    takes every on-shelf package containing it off shelf too.
    """
    if on_shelf and Product.objects.filter(pk=product_id, kind=ProductKind.PACKAGE).exists():
        _lock_components_of(product_id)
    product = _locked(product_id)
    if on_shelf and product.is_package:
        _require_complete(product)
    product.on_shelf = on_shelf
    product.save(update_fields=["on_shelf", "updated_at"])
    _index(product)
    if not on_shelf and not product.is_package:
        package_ids = PackageItem.objects.filter(component=product, package__on_shelf=True).values("package_id")
        for package in Product.objects.select_for_update().filter(pk__in=package_ids).order_by("id"):
            package.on_shelf = False
            package.save(update_fields=["on_shelf", "updated_at"])
            _index(package)
    return product


# ---- prices ---------------------------------------------------------------------------------


def _validate_weekdays(weekdays) -> list[int]:
    if not weekdays:
        return []
    if (not isinstance(weekdays, list) or len(set(weekdays)) != len(weekdays)
            or any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in weekdays)):
        raise DomainError(catalog_errors.POLICY_INVALID_WEEKDAYS)
    return sorted(weekdays)


@transaction.atomic
def add_price_policy(*, product_id: int, start_date: date, price_fen: int, channel: str = Channel.TOURIST,
                     end_date: date | None = None, weekdays: list[int] | None = None, priority: int = 0,
                     note: str = "") -> PricePolicy:
    product = _locked(product_id)
    if channel not in Channel.values:
        raise DomainError(catalog_errors.CHANNEL_INVALID)
    if end_date is not None and end_date < start_date:
        raise DomainError(catalog_errors.POLICY_INVALID_END_DATE_BEFORE)
    _check_prices(price_fen, None, product.kind)
    policy = PricePolicy.objects.create(
        product=product, channel=channel, start_date=start_date, end_date=end_date,
        weekdays=_validate_weekdays(weekdays), price_fen=price_fen, priority=priority, note=note,
    )
    _index(product)
    return policy


@transaction.atomic
def delete_price_policy(*, policy_id: int) -> None:
    policy = PricePolicy.objects.filter(pk=policy_id).first()
    if policy is None:
        raise DomainError(catalog_errors.NOT_FOUND_PRICE_POLICY)
    product = _locked(policy.product_id)
    policy.delete()
    _index(product)


# ---- packages -------------------------------------------------------------------------------


@transaction.atomic
def set_package_items(*, package_id: int, items: list[dict]) -> list[PackageItem]:
    """Replace a package's components: [{"component_id": id, "quantity": n}, ...]."""
    _lock_components_of(package_id, [item.get("component_id") for item in items])
    package = _locked(package_id)
    if not package.is_package:
        raise DomainError(catalog_errors.NOT_A_PACKAGE)
    wanted: dict[int, int] = {}
    for item in items:
        component_id, quantity = item.get("component_id"), item.get("quantity", 1)
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise DomainError(catalog_errors.PACKAGE_ITEMS_INVALID_QUANTITY)
        if component_id in wanted:
            raise DomainError(catalog_errors.PACKAGE_ITEMS_INVALID_DUPLICATE_COMPONENT)
        wanted[component_id] = quantity
    components = {p.pk: p for p in Product.objects.filter(pk__in=list(wanted))}
    if len(components) != len(wanted):
        raise DomainError(catalog_errors.PACKAGE_ITEMS_INVALID_UNKNOWN)
    if any(p.is_package for p in components.values()):
        raise DomainError(catalog_errors.PACKAGE_ITEMS_INVALID_CANNOT_CONTAIN)
    PackageItem.objects.filter(package=package).delete()
    created = [PackageItem.objects.create(package=package, component=components[cid], quantity=qty)
               for cid, qty in wanted.items()]
    if package.on_shelf:
        _require_complete(package)
    package.save(update_fields=["updated_at"])
    _index(package)
    return created


# ---- facilities and the index ---------------------------------------------------------------


def create_facility(*, name: str, icon: str = "") -> Facility:
    name = (name or "").strip()
    if not name:
        raise DomainError(catalog_errors.INVALID_FACILITY_NAME_REQUIRED, details={"name": ["必填"]})
    try:
        with transaction.atomic():
            return Facility.objects.create(name=name, icon=icon)
    except IntegrityError:
        raise DomainError(catalog_errors.FACILITY_EXISTS) from None


@transaction.atomic
def refresh_listings() -> int:
    """Re-index every product of the current schema (today's price changes with the date)."""
    count = 0
    for product in Product.objects.order_by("id"):
        _index(product)
        count += 1
    return count
