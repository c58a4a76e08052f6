"""The merchant's catalog (in its schema): products of every kind, price policies, packages.

Money is integer fen. Every write goes through `services.py`, whose `signals.product_saved`
keeps the public marketplace listing index in step (same transaction).
"""

from django.db import models
from django.db.models import F, Q


class ProductKind(models.TextChoices):
    TICKET = "ticket", "门票"
    ROOM = "room", "房型"
    DISH = "dish", "菜品"
    GOODS = "goods", "商品"
    PACKAGE = "package", "套票"


class InventoryMode(models.TextChoices):
    DATED = "dated", "按日期库存"
    STOCK = "stock", "总库存"
    UNLIMITED = "unlimited", "不限库存"


DEFAULT_INVENTORY_MODE = {
    ProductKind.TICKET: InventoryMode.DATED,
    ProductKind.ROOM: InventoryMode.DATED,
    ProductKind.PACKAGE: InventoryMode.DATED,
    ProductKind.GOODS: InventoryMode.STOCK,
    ProductKind.DISH: InventoryMode.UNLIMITED,
}


class Channel(models.TextChoices):
    TOURIST = "tourist", "游客"
    DISTRIBUTOR = "distributor", "分销商"


class Facility(models.Model):
    """A room facility (EC-HTL-05): 免费WiFi, 空调, 浴缸 …"""

    name = models.CharField(max_length=50, unique=True)
    icon = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class Product(models.Model):
    """Something a merchant sells: a ticket, a room type, a dish, goods or a package.

    `attributes` holds the kind-specific fields (validated in services.validate_attributes);
    `sessions` the session labels of a timed ticket (empty: valid the whole day).
    """

    kind = models.CharField(max_length=16, choices=ProductKind.choices)
    name = models.CharField(max_length=100)
    subtitle = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    on_shelf = models.BooleanField(default=False)
    base_price_fen = models.BigIntegerField()
    distributor_price_fen = models.BigIntegerField(null=True, blank=True)
    inventory_mode = models.CharField(max_length=16, choices=InventoryMode.choices)
    sessions = models.JSONField(default=list, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    facilities = models.ManyToManyField(Facility, blank=True, related_name="products")
    # Units one tourist may hold or buy per day (anti-hoarding, tenant_apps/orders/limits.py);
    # NULL: the platform default settings.TOURIST_MAX_UNITS_PER_PRODUCT_DAY. Flash sales: 1.
    max_per_tourist = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["kind", "on_shelf"], name="catalog_product_kind_shelf")]
        constraints = [
            models.CheckConstraint(condition=Q(base_price_fen__gte=0), name="product_base_price_nonneg"),
            models.CheckConstraint(
                condition=Q(distributor_price_fen__isnull=True) | Q(distributor_price_fen__gte=0),
                name="product_distributor_price_nonneg",
            ),
            models.CheckConstraint(condition=Q(kind__in=ProductKind.values), name="product_kind_valid"),
            models.CheckConstraint(condition=Q(max_per_tourist__isnull=True) | Q(max_per_tourist__gte=1),
                                   name="product_max_per_tourist_positive"),
            models.CheckConstraint(condition=Q(inventory_mode__in=InventoryMode.values),
                                   name="product_inventory_mode_valid"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_package(self) -> bool:
        return self.kind == ProductKind.PACKAGE


class PricePolicy(models.Model):
    """A dated price for one channel (EC-TKT-04, EC-HTL-04, EC-SHP-05).

    Applies from start_date to end_date (inclusive; open-ended when null) on the listed
    weekdays (0 = Monday … 6 = Sunday; empty = every day). The highest priority wins; on a
    tie the newer policy wins.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="price_policies")
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.TOURIST)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    weekdays = models.JSONField(default=list, blank=True)
    price_fen = models.BigIntegerField()
    priority = models.IntegerField(default=0)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-priority", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(price_fen__gte=0), name="pricepolicy_price_nonneg"),
            models.CheckConstraint(condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                                   name="pricepolicy_dates_ordered"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="pricepolicy_channel_valid"),
        ]

    def applies_on(self, day) -> bool:
        if day < self.start_date or (self.end_date is not None and day > self.end_date):
            return False
        return not self.weekdays or day.weekday() in self.weekdays


class PackageItem(models.Model):
    """One component of a package (EC-TKT-06): a non-package product and its quantity."""

    package = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="package_items")
    component = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="in_packages")
    quantity = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["package", "component"], name="uniq_package_component"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="packageitem_quantity_positive"),
            models.CheckConstraint(condition=~Q(package=F("component")), name="packageitem_not_self"),
        ]
