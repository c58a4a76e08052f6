"""Demo catalog per merchant kind (called by seed_demo). Idempotent: a merchant that already
has products is left alone. Everything goes through the services, so the marketplace
listing index is filled too."""

from datetime import timedelta

from tenants.utils import in_tenant

from . import selectors, services
from .models import Product

FRI, SAT, SUN = 4, 5, 6


def seed_catalog(merchant) -> int:
    """Create the demo products of `merchant` (all on shelf); return how many were created."""
    seeders = {"scenic": _scenic, "hotel": _hotel, "restaurant": _restaurant, "shop": _shop}
    seeder = seeders.get(merchant.kind)
    if seeder is None:
        return 0
    with in_tenant(merchant):
        if Product.objects.exists():
            return 0
        seeder(merchant)
        return Product.objects.count()


def _short_name(merchant) -> str:
    name = merchant.name
    for suffix in ("风景区", "景区"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _scenic(merchant):
    area, today = _short_name(merchant), selectors.today()
    notes = "1. 凭身份证或电子票二维码入园；2. 1.2米以下儿童免票，须成人陪同；3. 门票一经使用不退不换。"
    adult = services.create_product(
        kind="ticket", name=f"{area}成人票", subtitle="含景区大门票，当日有效",
        description=f"{merchant.name}大门票，可游览景区内各主要景点。",
        base_price_fen=16000, distributor_price_fen=13500, on_shelf=True,
        attributes={"face_text": f"{merchant.name} 成人票 当日一次入园有效", "booking_notes": notes,
                    "advance_hours": 0, "valid_days": 1, "entry_start": "07:00", "entry_end": "17:00"},
    )
    services.add_price_policy(product_id=adult.pk, start_date=today, weekdays=[SAT, SUN], price_fen=18000,
                              priority=10, note="周末价")
    services.create_product(
        kind="ticket", name=f"{area}优惠票", subtitle="学生、60-69岁老人、现役军人",
        base_price_fen=8000, distributor_price_fen=7000, on_shelf=True,
        attributes={"face_text": f"{merchant.name} 优惠票（须持有效证件）",
                    "booking_notes": "入园时须出示学生证、老年证或军官证，否则需补票。",
                    "advance_hours": 0, "valid_days": 1, "entry_start": "07:00", "entry_end": "17:00"},
    )
    cable = services.create_product(
        kind="ticket", name=f"{area}观光索道（分时段）", subtitle="分时段预约，错峰游览",
        base_price_fen=9000, distributor_price_fen=7500, on_shelf=True,
        sessions=["08:00-11:00", "11:00-14:00", "14:00-17:00"],
        attributes={"face_text": f"{merchant.name} 观光索道 往返", "booking_notes": "请在所选时段内到达索道站检票。",
                    "advance_hours": 2, "valid_days": 1},
    )
    package = services.create_product(
        kind="package", name=f"{area}门票+索道套票", subtitle="比单买立省20元",
        base_price_fen=23000, distributor_price_fen=19500,
        attributes={"booking_notes": "套票含成人票1张、观光索道往返1张，需同日使用。", "valid_days": 1},
    )
    services.set_package_items(package_id=package.pk, items=[{"component_id": adult.pk, "quantity": 1},
                                                             {"component_id": cable.pk, "quantity": 1}])
    services.set_on_shelf(product_id=package.pk, on_shelf=True)
    services.add_price_policy(product_id=package.pk, channel="distributor", start_date=today,
                              end_date=today + timedelta(days=90), price_fen=18800, priority=5, note="旅行社季度协议价")


def _hotel(merchant):
    today = selectors.today()
    names = [("免费WiFi", "wifi"), ("空调", "snowflake"), ("独立卫浴", "bath"), ("含早餐", "coffee"),
             ("免费停车", "parking"), ("湖景阳台", "sun")]
    fac = {name: services.create_facility(name=name, icon=icon).pk for name, icon in names}
    basic = [fac["免费WiFi"], fac["空调"], fac["独立卫浴"], fac["免费停车"]]
    king = services.create_product(
        kind="room", name="高级大床房", subtitle="1.8米大床 · 32㎡", base_price_fen=38800,
        distributor_price_fen=32000, on_shelf=True, facility_ids=basic,
        attributes={"bed_type": "1.8米大床", "area_m2": 32, "max_guests": 2, "breakfast": False},
    )
    services.add_price_policy(product_id=king.pk, start_date=today, weekdays=[FRI, SAT], price_fen=45800,
                              priority=10, note="周五、周六晚")
    services.create_product(
        kind="room", name="豪华双床房", subtitle="两张1.2米床 · 含双早", base_price_fen=42800,
        distributor_price_fen=36000, on_shelf=True, facility_ids=[*basic, fac["含早餐"]],
        attributes={"bed_type": "两张1.2米单人床", "area_m2": 36, "max_guests": 2, "breakfast": True},
    )
    suite = services.create_product(
        kind="room", name="湖景套房", subtitle="独立客厅 · 湖景阳台 · 含双早", base_price_fen=88800,
        distributor_price_fen=78000, on_shelf=True, facility_ids=[*basic, fac["含早餐"], fac["湖景阳台"]],
        attributes={"bed_type": "2米大床", "area_m2": 60, "max_guests": 3, "breakfast": True},
    )
    services.add_price_policy(product_id=suite.pk, start_date=today, weekdays=[FRI, SAT], price_fen=99800,
                              priority=10, note="周末价")
    services.add_price_policy(product_id=suite.pk, channel="distributor", start_date=today,
                              end_date=today + timedelta(days=90), price_fen=75000, priority=5, note="旅行社协议价")


DISHES = [
    # name, subtitle, price, category, spicy, unit
    ("藜蒿炒腊肉", "鄱阳湖藜蒿配农家腊肉", 5800, "招牌菜", 1, "份"),
    ("三杯鸡", "砂锅慢焖，酱香浓郁", 6800, "招牌菜", 1, "份"),
    ("瓦罐煨汤", "民间瓦罐，文火慢煨", 2800, "汤品", 0, "罐"),
    ("南昌拌粉", "南昌人的早餐记忆", 1200, "主食", 2, "碗"),
    ("米粉蒸肉", "荷叶清香，肥而不腻", 4800, "蒸菜", 0, "份"),
    ("余干辣椒炒肉", "江西辣，香辣下饭", 4200, "小炒", 3, "份"),
]


def _restaurant(merchant):
    today = selectors.today()
    for name, subtitle, price, category, spicy, unit in DISHES:
        dish = services.create_product(
            kind="dish", name=name, subtitle=subtitle, base_price_fen=price, on_shelf=True,
            attributes={"category": category, "spicy": spicy, "unit": unit},
        )
        if name == "南昌拌粉":
            services.add_price_policy(product_id=dish.pk, start_date=today, end_date=today + timedelta(days=30),
                                      price_fen=1000, priority=5, note="开业特惠")
        if name == "瓦罐煨汤":
            services.add_price_policy(product_id=dish.pk, start_date=today, weekdays=[SAT, SUN], price_fen=3200,
                                      priority=10, note="周末价")


GOODS = {
    "tea": [
        ("庐山云雾茶（明前特级）", "250克礼盒装", 16800, 13000, "LSYW-MQ-250", 400, "江西九江庐山"),
        ("庐山云雾茶（雨前一级）", "500克罐装", 12800, 9800, "LSYW-YQ-500", 650, "江西九江庐山"),
        ("婺源绿茶", "250克袋装", 6800, 5200, "WYLC-250", 300, "江西上饶婺源"),
    ],
    "porcelain": [
        ("青花瓷茶具套装", "一壶六杯，手绘青花", 29800, 24000, "JDZ-QH-001", 2500, "江西景德镇"),
        ("玲珑瓷餐具", "十头套装", 39800, 32000, "JDZ-LL-010", 4200, "江西景德镇"),
        ("粉彩花瓶", "手工粉彩，高30厘米", 58800, 48000, "JDZ-FC-030", 1800, "江西景德镇"),
        ("颜色釉茶杯", "单只装", 6800, 5200, "JDZ-YS-001", 200, "江西景德镇"),
    ],
    "mixed": [
        ("南丰蜜桔", "5斤装，产地直发", 6800, 5200, "NF-MJ-5", 2600, "江西抚州南丰"),
        ("赣南脐橙", "5斤装，果径75-80毫米", 7900, 6000, "GN-QC-5", 2600, "江西赣州"),
        ("庐山云雾茶", "250克礼盒装", 16800, 13000, "LSYW-250", 400, "江西九江庐山"),
        ("景德镇青花茶杯", "单只装", 6800, 5200, "JDZ-QH-CUP", 200, "江西景德镇"),
    ],
}


def _shop(merchant):
    today = selectors.today()
    theme = "tea" if "茶" in merchant.name else "porcelain" if "瓷" in merchant.name else "mixed"
    for index, (name, subtitle, price, dist, sku, weight, origin) in enumerate(GOODS[theme]):
        goods = services.create_product(
            kind="goods", name=name, subtitle=subtitle, base_price_fen=price, distributor_price_fen=dist,
            on_shelf=True,
            attributes={"sku": sku, "weight_g": weight, "origin": origin, "shipping_fee_fen": 0 if price >= 9900
                        else 1000},
        )
        if index == 0:
            services.add_price_policy(product_id=goods.pk, start_date=today, end_date=today + timedelta(days=30),
                                      price_fen=price * 9 // 10, priority=5, note="限时九折")


PAY_AT_HOTEL_DEMO = {"lakeview": "豪华双床房"}  # merchant -> the room type that takes 到店付款 (EC-HTL-06)


def enable_pay_at_hotel(merchant) -> bool:
    """Let one demo room type be paid at the hotel (free cancellation until 18:00 on the arrival
    day). Idempotent, also for a database seeded before the feature existed. True when changed."""
    name = PAY_AT_HOTEL_DEMO.get(merchant.schema_name)
    if name is None:
        return False
    with in_tenant(merchant):
        product = Product.objects.filter(kind="room", name=name).first()
        if product is None or (product.attributes or {}).get("pay_at_hotel") is True:
            return False
        services.update_product(product_id=product.pk, attributes={
            **(product.attributes or {}), "pay_at_hotel": True, "pay_at_hotel_cutoff": "18:00"})
        return True
