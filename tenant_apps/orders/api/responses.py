"""Response shapes of the orders API (what orders.selectors.order_detail and the views build)."""

from rest_framework import serializers

from ..models import OrderStatus, RefundStatus


class OrderLineOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    product_id = serializers.IntegerField()
    product_name = serializers.CharField()
    kind = serializers.CharField()
    day = serializers.DateField(allow_null=True)
    session = serializers.CharField()
    nights = serializers.IntegerField()
    quantity = serializers.IntegerField()
    unit_price_fen = serializers.IntegerField()
    amount_fen = serializers.IntegerField()
    discount_fen = serializers.IntegerField()
    refunded_qty = serializers.IntegerField()


class OrderEventOutSerializer(serializers.Serializer):
    # "from" is a keyword: declared below through the fields mapping.
    to = serializers.CharField()
    actor = serializers.CharField()
    reason = serializers.CharField()
    amount_fen = serializers.IntegerField()
    at = serializers.DateTimeField()

    def get_fields(self):
        return {"from": serializers.CharField(), **super().get_fields()}


class RefundLineSerializer(serializers.Serializer):
    line_id = serializers.IntegerField()
    quantity = serializers.IntegerField()


class OrderRefundOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=RefundStatus.choices)
    amount_fen = serializers.IntegerField()
    lines = RefundLineSerializer(many=True)
    reason = serializers.CharField()
    decision_note = serializers.CharField()


class OrderDetailSerializer(serializers.Serializer):
    """One order with its lines, status events and refund requests (orders.selectors.order_detail)."""

    order_no = serializers.CharField()
    status = serializers.ChoiceField(choices=OrderStatus.choices)
    status_display = serializers.CharField()
    channel = serializers.CharField()
    total_fen = serializers.IntegerField()
    refunded_fen = serializers.IntegerField()
    pay_at_merchant = serializers.BooleanField()
    discount_fen = serializers.IntegerField()
    coupon_code = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)
    return_deadline = serializers.DateTimeField(allow_null=True)
    checkout_id = serializers.IntegerField(allow_null=True)
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    travellers = serializers.ListField(child=serializers.DictField(), help_text="Traveller snapshots")
    address = serializers.DictField(help_text="Shipping address snapshot ({} when none)")
    note = serializers.CharField()
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True)
    lines = OrderLineOutSerializer(many=True)
    events = OrderEventOutSerializer(many=True)
    refunds = OrderRefundOutSerializer(many=True)


class RefundRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order_id = serializers.IntegerField()
    order_no = serializers.CharField()
    status = serializers.ChoiceField(choices=RefundStatus.choices)
    amount_fen = serializers.IntegerField()
    lines = RefundLineSerializer(many=True)
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
