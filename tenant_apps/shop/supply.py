"""Suppliers (EC-SHP-03) administration (bundle offers: tenant_apps.promotions.bundles)."""

from django.db import transaction

from shared_apps.core.failures import DomainError
from tenant_apps.catalog import selectors as catalog
from tenant_apps.shop import errors

from .models import Supplier, SupplierProduct

SUPPLIER_FIELDS = ("name", "contact_name", "phone", "address", "note", "is_active")


def create_supplier(**fields) -> Supplier:
    name = (fields.get("name") or "").strip()
    if not name:
        raise DomainError(errors.NAME_REQUIRED)
    if Supplier.objects.filter(name=name).exists():
        raise DomainError(errors.SUPPLIER_EXISTS)
    return Supplier.objects.create(**{k: v for k, v in fields.items() if k in SUPPLIER_FIELDS} | {"name": name})


@transaction.atomic
def update_supplier(*, supplier_id: int, **fields) -> Supplier:
    supplier = Supplier.objects.select_for_update().filter(pk=supplier_id).first()
    if supplier is None:
        raise DomainError(errors.SUPPLIER_NOT_FOUND)
    for key in SUPPLIER_FIELDS:
        if key in fields and key != "name":
            setattr(supplier, key, fields[key])
    supplier.save()
    return supplier


@transaction.atomic
def set_supplier_products(*, supplier_id: int, items: list[dict]) -> list[SupplierProduct]:
    """Replace the goods a supplier provides: [{"product_id", "supplier_sku", "cost_fen", "is_primary"}]."""
    supplier = Supplier.objects.select_for_update().filter(pk=supplier_id).first()
    if supplier is None:
        raise DomainError(errors.SUPPLIER_NOT_FOUND)
    catalog.goods_by_id([i["product_id"] for i in items])
    primaries = [i["product_id"] for i in items if i.get("is_primary")]
    SupplierProduct.objects.filter(supplier=supplier).delete()
    SupplierProduct.objects.filter(product_id__in=primaries, is_primary=True).update(is_primary=False)
    return [SupplierProduct.objects.create(supplier=supplier, product_id=i["product_id"],
                                           supplier_sku=(i.get("supplier_sku") or "")[:64], cost_fen=i.get("cost_fen"),
                                           is_primary=bool(i.get("is_primary"))) for i in items]


def supplier_row(s: Supplier) -> dict:
    return {"id": s.pk, "name": s.name, "contact_name": s.contact_name, "phone": s.phone, "address": s.address,
            "note": s.note, "is_active": s.is_active,
            "products": [{"product_id": sp.product_id, "product_name": sp.product.name,
                          "supplier_sku": sp.supplier_sku, "cost_fen": sp.cost_fen, "is_primary": sp.is_primary}
                         for sp in s.products.select_related("product")]}
