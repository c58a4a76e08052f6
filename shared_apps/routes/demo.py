"""Demo routes for seed_demo (idempotent): 庐山二日游 (lushan ticket + lakeview room, then a
sanqing ticket) and the bundle 庐山门票+云雾茶礼盒 (lushan ticket + a yunwu tea gift box)."""

from tenant_apps.catalog import selectors as catalog
from tenants.models import Merchant
from tenants.utils import in_tenant

from .models import Route
from .services import routes

DEMO = [
    ("lushan-2d", "route", "庐山二日游", 2, "第 1 天游庐山、入住鄱阳湖畔酒店；第 2 天游三清山。",
     [("lushan", "ticket", 0, 1), ("lakeview", "room", 0, 1), ("sanqing", "ticket", 1, 1)]),
    ("lushan-tea", "bundle", "庐山门票+云雾茶礼盒", 1, "庐山成人票一张，加庐山云雾茶礼盒一份（快递到家）。",
     [("lushan", "ticket", 0, 1), ("yunwu", "goods", 0, 1)]),
]


def _first_product(schema: str, kind: str) -> int | None:
    merchant = Merchant.objects.filter(schema_name=schema).first()
    if merchant is None:
        return None
    with in_tenant(merchant):
        product = catalog.products(kind=kind, on_shelf=True).filter(sessions=[]).first()
        return product.pk if product else None


def seed_routes(user) -> list[str]:
    made = []
    for code, kind, name, days, description, legs in DEMO:
        if Route.objects.filter(code=code).exists():
            continue
        picks = [(schema, _first_product(schema, pkind), offset, nights) for schema, pkind, offset, nights in legs]
        if any(pid is None for _, pid, _, _ in picks):
            continue
        route = routes.create_route(user=user, kind=kind, code=code, name=name, description=description, days=days)
        for schema, pid, offset, nights in picks:
            routes.add_component(route_id=route.pk, user=user, merchant=schema, product_id=pid, day_offset=offset,
                                 nights=nights)
        routes.publish(route_id=route.pk, user=user, note="演示数据")
        made.append(code)
    return made
