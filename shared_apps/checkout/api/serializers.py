from rest_framework import serializers

from ..models import Checkout, OrderIndex


class ItemSerializer(serializers.Serializer):
    merchant = serializers.SlugField(help_text="merchant schema name, e.g. lushan")
    product_id = serializers.IntegerField(min_value=1)
    quantity = serializers.IntegerField(min_value=1, max_value=99)
    day = serializers.DateField(required=False, allow_null=True, default=None)
    session = serializers.CharField(required=False, allow_blank=True, default="", max_length=32)
    nights = serializers.IntegerField(required=False, min_value=1, max_value=30, default=1)
    pay_at_merchant = serializers.BooleanField(
        required=False, default=False,
        help_text="到店付款: rooms whose product has pay_at_hotel only (checkout; ignored by the cart)")


class CartItemOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    merchant = serializers.CharField(source="merchant.schema_name")
    merchant_name = serializers.CharField(source="merchant.name")
    product_id = serializers.IntegerField()
    quantity = serializers.IntegerField()
    day = serializers.DateField(allow_null=True)
    session = serializers.CharField()
    nights = serializers.IntegerField()


class QuantitySerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=0, max_value=99)


class CheckoutInputSerializer(serializers.Serializer):
    items = ItemSerializer(many=True, required=False)
    from_cart = serializers.BooleanField(default=False)
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = serializers.RegexField(r"^(1\d{10})?$", required=False, allow_blank=True, default="")
    traveller_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    address_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    coupons = serializers.DictField(child=serializers.CharField(max_length=20, allow_blank=True), required=False,
                                    default=dict, help_text='merchant coupon codes: {"<merchant schema>": "CODE"}')

    def validate(self, attrs):
        if not attrs.get("items") and not attrs["from_cart"]:
            raise serializers.ValidationError({"items": "请提供商品或选择从购物车结算"})
        return attrs


class CheckoutPartSerializer(serializers.Serializer):
    merchant = serializers.CharField(source="merchant.schema_name")
    merchant_name = serializers.CharField(source="merchant.name")
    order_no = serializers.CharField()
    amount_fen = serializers.IntegerField()
    pay_at_merchant = serializers.BooleanField()


class CheckoutSerializer(serializers.ModelSerializer):
    parts = CheckoutPartSerializer(many=True, read_only=True)

    class Meta:
        model = Checkout
        fields = ["id", "status", "total_fen", "expires_at", "paid_at", "created_at", "parts"]


class OrderIndexSerializer(serializers.ModelSerializer):
    merchant = serializers.CharField(source="merchant.schema_name")
    merchant_name = serializers.CharField(source="merchant.name")

    class Meta:
        model = OrderIndex
        fields = ["merchant", "merchant_name", "order_no", "checkout_id", "status", "total_fen", "refunded_fen",
                  "pay_at_merchant", "title", "first_day", "created_at"]


class RefundInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    lines = serializers.ListField(child=serializers.DictField(child=serializers.IntegerField()), required=False,
                                  default=list, help_text='[{"line_id": 1, "quantity": 1}]; empty = everything')


class RangeSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


class CheckoutPreviewSerializer(serializers.Serializer):
    items = ItemSerializer(many=True, required=False)
    from_cart = serializers.BooleanField(default=False)
    coupons = serializers.DictField(child=serializers.CharField(max_length=20, allow_blank=True), required=False,
                                    default=dict, help_text='{"<merchant schema>": "CODE"}')

    def validate(self, attrs):
        if not attrs.get("items") and not attrs["from_cart"]:
            raise serializers.ValidationError({"items": "请提供商品或选择从购物车结算"})
        return attrs
