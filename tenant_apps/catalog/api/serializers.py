from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import selectors
from ..models import Channel, Facility, InventoryMode, PricePolicy, Product, ProductKind
from ..services import MAX_PER_TOURIST_CEILING


def is_api_key(request) -> bool:
    return getattr(getattr(request, "user", None), "api_key", None) is not None


class FacilitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Facility
        fields = ["id", "name", "icon"]


class FacilityInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    icon = serializers.CharField(max_length=50, required=False, allow_blank=True)


class ComponentSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    quantity = serializers.IntegerField()


class PricesTodaySerializer(serializers.Serializer):
    tourist = serializers.IntegerField(required=False, help_text="游客价（分），仅商户员工可见")
    distributor = serializers.IntegerField(help_text="分销结算价（分）")


class ProductSerializer(serializers.ModelSerializer):
    """A product as its merchant's staff see it. Distributor API keys get neither the raw
    base/distributor prices nor the tourist price: only today's distributor price."""

    facilities = FacilitySerializer(many=True, read_only=True)
    components = serializers.SerializerMethodField()
    prices_today = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = ["id", "kind", "name", "subtitle", "description", "on_shelf", "base_price_fen",
                  "distributor_price_fen", "inventory_mode", "sessions", "attributes", "facilities", "components",
                  "prices_today", "max_per_tourist", "created_at", "updated_at"]
        # Left out for distributor API keys (to_representation).
        extra_kwargs = {"base_price_fen": {"required": False}, "distributor_price_fen": {"required": False}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if is_api_key(self.context.get("request")):
            data.pop("base_price_fen")
            data.pop("distributor_price_fen")
        return data

    @extend_schema_field(ComponentSerializer(many=True))
    def get_components(self, obj):
        if not obj.is_package:
            return []
        return [{"product_id": c.pk, "name": c.name, "kind": c.kind, "quantity": qty}
                for c, qty in selectors.components_of(obj)]

    @extend_schema_field(PricesTodaySerializer)
    def get_prices_today(self, obj):
        day = selectors.today()
        prices = {"distributor": selectors.price_for(obj, day, Channel.DISTRIBUTOR)}
        if not is_api_key(self.context.get("request")):
            prices["tourist"] = selectors.price_for(obj, day, Channel.TOURIST)
        return prices


class ProductInputSerializer(serializers.Serializer):
    """Create (all required fields) or PATCH (partial). Kind-specific `attributes` are checked
    by the service (code attributes_invalid)."""

    kind = serializers.ChoiceField(choices=ProductKind.choices)
    name = serializers.CharField(max_length=100)
    subtitle = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    base_price_fen = serializers.IntegerField(min_value=0)
    distributor_price_fen = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    inventory_mode = serializers.ChoiceField(choices=InventoryMode.choices, required=False)
    sessions = serializers.ListField(child=serializers.CharField(max_length=20), required=False)
    attributes = serializers.DictField(required=False)
    facility_ids = serializers.ListField(child=serializers.IntegerField(), required=False)
    max_per_tourist = serializers.IntegerField(
        min_value=1, max_value=MAX_PER_TOURIST_CEILING, required=False, allow_null=True,
        help_text="每位游客每天最多购买件数（含未支付占用）；null 为平台默认，秒杀商品填 1")
    on_shelf = serializers.BooleanField(required=False, help_text="仅创建时可用；之后请调用上下架接口")


class ShelfSerializer(serializers.Serializer):
    on_shelf = serializers.BooleanField()


class PricePolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = PricePolicy
        fields = ["id", "product", "channel", "start_date", "end_date", "weekdays", "price_fen", "priority", "note",
                  "created_at"]
        read_only_fields = ["id", "product", "created_at"]


class PricePolicyInputSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.TOURIST)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    weekdays = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=6), required=False,
                                     help_text="0=周一 … 6=周日；为空表示每天")
    price_fen = serializers.IntegerField(min_value=0)
    priority = serializers.IntegerField(default=0, help_text="数值越大越优先")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PackageItemInputSerializer(serializers.Serializer):
    component_id = serializers.IntegerField()
    quantity = serializers.IntegerField(min_value=1, default=1)


class PackageItemSerializer(serializers.Serializer):
    component_id = serializers.IntegerField()
    name = serializers.CharField(source="component.name")
    quantity = serializers.IntegerField()


class CalendarDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    price_fen = serializers.IntegerField()
