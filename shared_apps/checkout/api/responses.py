"""Response shapes of the tourist checkout API that are built as dicts (order detail, refund
request, availability, checkout preview, pay-at-merchant cancel)."""

from rest_framework import serializers

from shared_apps.core.api_schema import ErrorSerializer
from tenant_apps.orders.api.responses import OrderDetailSerializer, RefundLineSerializer
from tenant_apps.orders.models import OrderStatus, RefundStatus


class MyOrderDetailSerializer(OrderDetailSerializer):
    merchant = serializers.CharField()
    merchant_name = serializers.CharField()


class RefundRequestedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=RefundStatus.choices)
    amount_fen = serializers.IntegerField()
    lines = RefundLineSerializer(many=True)


class PublicSlotSerializer(serializers.Serializer):
    day = serializers.DateField(allow_null=True, help_text="null for plain stock")
    session = serializers.CharField()
    capacity = serializers.IntegerField()
    left = serializers.IntegerField()


class AvailabilitySerializer(serializers.Serializer):
    merchant = serializers.CharField()
    product_id = serializers.IntegerField()
    slots = PublicSlotSerializer(many=True)


class PreviewLineOutSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    quantity = serializers.IntegerField()
    day = serializers.DateField(allow_null=True)
    session = serializers.CharField()
    nights = serializers.IntegerField()
    unit_price_fen = serializers.IntegerField()
    amount_fen = serializers.IntegerField()
    error = serializers.CharField(help_text="Why this line cannot be bought; empty when it can")


class PreviewMerchantSerializer(serializers.Serializer):
    merchant = serializers.CharField()
    merchant_name = serializers.CharField()
    subtotal_fen = serializers.IntegerField()
    bundle_discount_fen = serializers.IntegerField()
    coupon_code = serializers.CharField()
    coupon_discount_fen = serializers.IntegerField()
    coupon_error = ErrorSerializer(allow_null=True, help_text="Why the coupon code does not apply; null when it does")
    discount_fen = serializers.IntegerField()
    total_fen = serializers.IntegerField()
    lines = PreviewLineOutSerializer(many=True)


class CheckoutPreviewOutSerializer(serializers.Serializer):
    """checkout.preview.preview: what a checkout would cost per merchant."""

    subtotal_fen = serializers.IntegerField()
    discount_fen = serializers.IntegerField()
    total_fen = serializers.IntegerField()
    has_error = serializers.BooleanField()
    merchants = PreviewMerchantSerializer(many=True)


class OrderCancelledSerializer(serializers.Serializer):
    order_no = serializers.CharField()
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    status_display = serializers.CharField()
