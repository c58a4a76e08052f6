"""Demo city: 3 scenic areas, 2 hotels, 2 restaurants, 2 shops, 1 distributor, tourists,
operators, and one application waiting for review. Idempotent: run it as often as you like."""

import zlib
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from shared_apps.accounts.models import Distributor, DistributorMember, User
from shared_apps.accounts.services import add_staff, issue_api_key
from shared_apps.checkout import services as checkout
from shared_apps.checkout.models import Checkout
from shared_apps.distribution.demo import seed as seed_distribution
from shared_apps.distribution.models import DistributorContract
from shared_apps.distribution.services import contracts, finance
from shared_apps.ledger import services as ledger
from shared_apps.onboarding import services as onboarding
from shared_apps.onboarding.models import ApplicationStatus, MerchantApplication
from shared_apps.payments import services as payments
from shared_apps.referrals.demo import seed as seed_referrals
from shared_apps.routes.demo import seed_routes
from tenant_apps.catalog.demo import enable_pay_at_hotel, seed_catalog
from tenant_apps.catalog.models import Product
from tenant_apps.hotel.demo import seed_open_folio
from tenant_apps.inventory.models import CapacitySlot
from tenant_apps.inventory.services import set_capacity
from tenant_apps.shop.demo import seed_offers
from tenants.models import Merchant
from tenants.utils import in_tenant

DEMO_PASSWORD = "Demo#2026"

MERCHANTS = [
    # slug, kind, name, legal name, address
    ("lushan", "scenic", "庐山风景区", "庐山旅游发展有限公司", "九江市庐山市牯岭镇"),
    ("sanqing", "scenic", "三清山风景区", "三清山旅游集团有限公司", "上饶市玉山县三清山"),
    ("wuyuan", "scenic", "婺源篁岭景区", "婺源篁岭文旅股份有限公司", "上饶市婺源县江湾镇"),
    ("lakeview", "hotel", "鄱阳湖畔酒店", "鄱阳湖畔酒店管理有限公司", "南昌市红谷滩区赣江中大道"),
    ("shanju", "hotel", "山居民宿", "婺源山居民宿有限公司", "上饶市婺源县思溪村"),
    ("ganwei", "restaurant", "赣味楼", "南昌赣味餐饮有限公司", "南昌市东湖区中山路"),
    ("waguan", "restaurant", "民间瓦罐汤", "南昌瓦罐汤餐饮有限公司", "南昌市西湖区绳金塔"),
    ("ciqi", "shop", "景德镇瓷器馆", "景德镇陶瓷文化有限公司", "景德镇市珠山区陶溪川"),
    ("yunwu", "shop", "庐山云雾茶庄", "庐山云雾茶业有限公司", "九江市濂溪区"),
]
TOURISTS = [("xiaoming", "小明", "13800000001"), ("lihua", "李华", "13800000002")]
OPERATORS = [("admin", "super_admin", True), ("reviewer", "reviewer", False), ("finance", "finance", False)]


class Command(BaseCommand):
    help = "Load the demo city (idempotent)."

    def handle(self, *args, **options):
        for username, role, is_super in OPERATORS:
            self._user(username, operator_role=role, is_superuser=is_super, is_staff=is_super)
        for username, name, phone in TOURISTS:
            self._user(username, display_name=name, phone=phone)
        reviewer = User.objects.get(username="reviewer")
        for slug, kind, name, legal, address in MERCHANTS:
            self._merchant(slug, kind, name, legal, address, reviewer)
        self._pending_application()
        self._distributor()
        self._catalog_and_inventory()

        seed_offers(self.stdout)  # bundle offer and coupons for the demo shops (EC-SHP-06/07)
        self._routes()
        self._orders()
        self._offline_pay()

        seed_distribution(self.stdout)  # discount policy demo data
        seed_referrals(self.stdout)  # member CRM demo data
        self.stdout.write(self.style.SUCCESS(
            f"Demo city ready: {Merchant.objects.exclude(schema_name='public').count()} merchants. "
            f"Every demo account's password: {DEMO_PASSWORD}"))

    def _user(self, username, **fields):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, password=make_password(DEMO_PASSWORD), **fields)
            user.save()
        return user

    def _merchant(self, slug, kind, name, legal, address, reviewer):
        if Merchant.objects.filter(schema_name=slug).exists():
            return
        app = MerchantApplication.objects.filter(slug=slug).first()
        if app is None:
            app = onboarding.submit_application(
                owner_password=DEMO_PASSWORD, name=name, kind=kind, slug=slug, legal_name=legal,
                license_no=f"91360000{zlib.crc32(slug.encode()) % 10**10:010d}", contact_name=f"{name}负责人",
                contact_phone="0791-88888888", address=address, bank_name="中国银行江西省分行",
                bank_account_name=legal, bank_account_no=f"6216{zlib.crc32(legal.encode()) % 10**12:012d}",
                tax_id=f"91360{zlib.crc32(name.encode()) % 10**13:013d}", invoice_title=legal,
                owner_username=f"{slug}_owner",
            )
        if app.status == ApplicationStatus.SUBMITTED:
            with transaction.atomic():
                app = MerchantApplication.objects.select_for_update().get(pk=app.pk)
                onboarding.APPLICATION_MACHINE.move(app, ApplicationStatus.APPROVED, actor=reviewer, reason="演示数据")
        merchant = onboarding.provision_merchant(application_id=app.pk)  # synchronously: no worker yet
        add_staff(merchant=merchant, username=f"{slug}_clerk", role="clerk", password=DEMO_PASSWORD,
                  display_name=f"{name}店员")
        self.stdout.write(f"  merchant {slug}: {name}")

    def _catalog_and_inventory(self):
        """Products per merchant kind, and 60 days of inventory for dated ones."""

        today = timezone.localdate()
        days = [today + timedelta(days=i) for i in range(60)]
        for merchant in Merchant.objects.exclude(schema_name="public").order_by("id"):
            with in_tenant(merchant):
                seed_catalog(merchant)
                enable_pay_at_hotel(merchant)  # one lakeview room type takes 到店付款 (EC-HTL-06)
                if CapacitySlot.objects.exists():
                    continue
                for product in Product.objects.exclude(inventory_mode="unlimited").exclude(kind="package"):
                    if product.inventory_mode == "stock":
                        set_capacity(product=product, days=[None], sessions=[""], capacity=200)
                    else:
                        set_capacity(product=product, days=days, sessions=product.sessions or [""],
                                     capacity=20 if product.kind == "room" else 500)

    def _routes(self):
        """Published demo route 庐山二日游 and bundle 庐山门票+云雾茶礼盒 (shared_apps.routes.demo)."""

        for code in seed_routes(User.objects.get(username="admin")):
            self.stdout.write(f"  route {code} published")

    def _orders(self):
        """A paid cross-merchant checkout for xiaoming: a Lushan ticket and a lakeside room."""

        xiaoming = User.objects.get(username="xiaoming")
        if Checkout.objects.filter(user=xiaoming).exists():
            return
        picks = []
        for slug, kind in (("lushan", "ticket"), ("lakeview", "room")):
            merchant = Merchant.objects.get(schema_name=slug)
            with in_tenant(merchant):
                product = Product.objects.filter(kind=kind, on_shelf=True, sessions=[]).order_by("id").first()
            picks.append(checkout.Item(slug, product.pk, 2 if kind == "ticket" else 1,
                                       timezone.localdate() + timedelta(days=7), "", 2 if kind == "room" else 1))
        co = checkout.place_checkout(user=xiaoming, items=picks, contact_name="小明", contact_phone="13800000001")
        # A settled 3,000 yuan wallet top-up (as the gateway would book it), then a real wallet payment.

        ledger.post(kind="topup", ref="demo:xiaoming", memo="演示充值",
                    lines=[("gateway_clearing:wechat", 300_000), (f"wallet:{xiaoming.pk}", -300_000)])
        payments.create_intent(user=xiaoming, method="wallet", checkout_id=co.pk)
        self.stdout.write(f"  demo checkout #{co.pk} paid ({co.total_fen / 100:.2f} 元)")

    def _offline_pay(self):
        """lakeview's console: the demo stay's open bill and its 生成平台收款码 button (EC-HTL-10)."""

        with in_tenant(Merchant.objects.get(schema_name="lakeview")):
            folio = seed_open_folio(actor="lakeview_clerk")
        if folio is not None:
            self.stdout.write(f"  lakeview stay #{folio.stay_id}: open bill ¥{folio.balance_fen / 100:.2f}, "
                              f"QR at http://lakeview.localhost:8000/console/hotel/stays/{folio.stay_id}/")

    def _contracts_and_deposit(self, dist, merchants):
        """Each merchant authorises the distributor; the distributor has a 20,000 yuan deposit."""

        for merchant in merchants:
            if not DistributorContract.objects.filter(distributor=dist, merchant=merchant, status="active").exists():
                contracts.authorise(merchant=merchant, distributor_id=dist.pk, user=merchant.admin_user,
                                    note="演示数据")
        if not dist.topups.exists():
            topup = finance.submit_topup(distributor=dist, actor="changyou", amount_fen=2_000_000,
                                         bank_txn_no="DEMO-TOPUP-0001", remitter="畅游国际旅行社")
            finance.review_topup(topup_id=topup.pk, approve=True, operator=User.objects.get(username="finance"))

    def _pending_application(self):
        if not MerchantApplication.objects.filter(slug="longhu").exists():
            onboarding.submit_application(
                owner_password=DEMO_PASSWORD, name="龙虎山景区", kind="scenic", slug="longhu",
                legal_name="龙虎山旅游发展有限公司", license_no="91360600MA35XXXX01", contact_name="张经理",
                contact_phone="0701-6666666", address="鹰潭市贵溪市龙虎山镇", bank_name="中国建设银行鹰潭分行",
                bank_account_name="龙虎山旅游发展有限公司", bank_account_no="6227000000000001",
                tax_id="91360600MA35XXXX01", invoice_title="龙虎山旅游发展有限公司", owner_username="longhu_owner",
            )

    def _distributor(self):
        dist, created = Distributor.objects.get_or_create(
            name="畅游国际旅行社", defaults={"status": Distributor.Status.ACTIVE, "contact_name": "王经理",
                                         "contact_phone": "0791-87777777"})
        DistributorMember.objects.get_or_create(user=self._user("changyou"), distributor=dist,
                                                defaults={"role": "admin"})
        authorised = list(Merchant.objects.filter(schema_name__in=["lushan", "sanqing", "lakeview"]))
        self._contracts_and_deposit(dist, authorised)
        if created or not dist.api_keys.exists():
            _, raw = issue_api_key(distributor=dist, name="demo", merchants=authorised)
            self.stdout.write(f"  distributor API key (shown once): {raw}")
