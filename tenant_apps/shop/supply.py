"""Suppliers (EC-SHP-03) and bundle offers (EC-SHP-06) administration."""

from django.db import transaction

from shared_apps.core.errors import ApiError
from tenant_apps.catalog.models import Product, ProductKind

from .models import BundleOffer, Supplier, SupplierProduct

SUPPLIER_FIELDS = ("name", "contact_name", "phone", "address", "note", "is_active")


def create_supplier(**fields) -> Supplier:
    name = (fields.get("name") or "").strip()
    if not name:
        raise ApiError("name_required", "请填写供应商名称", "Name required")
    if Supplier.objects.filter(name=name).exists():
        raise ApiError("supplier_exists", "供应商已存在", "Supplier exists", 409)
    return Supplier.objects.create(**{k: v for k, v in fields.items() if k in SUPPLIER_FIELDS} | {"name": name})


@transaction.atomic
def update_supplier(*, supplier_id: int, **fields) -> Supplier:
    supplier = Supplier.objects.select_for_update().filter(pk=supplier_id).first()
    if supplier is None:
        raise ApiError("supplier_not_found", "供应商不存在", "Supplier not found", 404)
    for key in SUPPLIER_FIELDS:
        if key in fields and key != "name":
            setattr(supplier, key, fields[key])
    supplier.save()
    return supplier


def _goods(ids) -> dict[int, Product]:
    found = {p.pk: p for p in Product.objects.filter(pk__in=ids, kind=ProductKind.GOODS)}
    missing = sorted(set(ids) - set(found))
    if missing:
        raise ApiError("product_invalid", "只能关联特产商品", "Only goods products", 400,
                       details={"product_ids": missing})
    return found


@transaction.atomic
def set_supplier_products(*, supplier_id: int, items: list[dict]) -> list[SupplierProduct]:
    """Replace the goods a supplier provides: [{"product_id", "supplier_sku", "cost_fen", "is_primary"}]."""
    supplier = Supplier.objects.select_for_update().filter(pk=supplier_id).first()
    if supplier is None:
        raise ApiError("supplier_not_found", "供应商不存在", "Supplier not found", 404)
    _goods([i["product_id"] for i in items])
    primaries = [i["product_id"] for i in items if i.get("is_primary")]
    SupplierProduct.objects.filter(supplier=supplier).delete()
    SupplierProduct.objects.filter(product_id__in=primaries, is_primary=True).update(is_primary=False)
    return [SupplierProduct.objects.create(supplier=supplier, product_id=i["product_id"],
                                           supplier_sku=(i.get("supplier_sku") or "")[:64], cost_fen=i.get("cost_fen"),
                                           is_primary=bool(i.get("is_primary"))) for i in items]


@transaction.atomic
def save_bundle(*, bundle_id: int | None = None, name: str, product_ids: list[int], min_quantity: int,
                discount_fen: int, is_active: bool = True, valid_from=None, valid_until=None) -> BundleOffer:
    if min_quantity < 2 or discount_fen <= 0:
        raise ApiError("bundle_invalid", "至少 2 件起，优惠金额需大于 0", "min_quantity >= 2, discount > 0")
    if not product_ids:
        raise ApiError("bundle_invalid", "请选择参与活动的商品", "Pick the products")
    if valid_from and valid_until and valid_until < valid_from:
        raise ApiError("range_invalid", "结束日期不能早于开始日期", "End before start")
    products = _goods(product_ids)
    if bundle_id:
        offer = BundleOffer.objects.select_for_update().filter(pk=bundle_id).first()
        if offer is None:
            raise ApiError("bundle_not_found", "活动不存在", "Bundle offer not found", 404)
    else:
        offer = BundleOffer()
    offer.name, offer.min_quantity, offer.discount_fen = name[:100], min_quantity, discount_fen
    offer.is_active, offer.valid_from, offer.valid_until = is_active, valid_from, valid_until
    offer.save()
    offer.products.set(products.values())
    return offer


def bundle_row(o: BundleOffer) -> dict:
    return {"id": o.pk, "name": o.name, "product_ids": sorted(p.pk for p in o.products.all()),
            "min_quantity": o.min_quantity, "discount_fen": o.discount_fen, "is_active": o.is_active,
            "valid_from": o.valid_from, "valid_until": o.valid_until}


def supplier_row(s: Supplier) -> dict:
    return {"id": s.pk, "name": s.name, "contact_name": s.contact_name, "phone": s.phone, "address": s.address,
            "note": s.note, "is_active": s.is_active,
            "products": [{"product_id": sp.product_id, "product_name": sp.product.name,
                          "supplier_sku": sp.supplier_sku, "cost_fen": sp.cost_fen, "is_primary": sp.is_primary}
                         for sp in s.products.select_related("product")]}
