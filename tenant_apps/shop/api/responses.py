"""Response shapes of the shop API (what shop.supply, bundles, shipping, returns, complaints
and stats build)."""

from rest_framework import serializers

from shared_apps.core.api_schema import StatusEventSerializer

from ..models import ComplaintStatus, RmaKind, RmaStatus, ShipmentKind, ShipmentStatus


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class CarriersSerializer(serializers.Serializer):
    carriers = CodeNameSerializer(many=True)
    tracking_codes = CodeNameSerializer(many=True)


class SupplierProductOutSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    product_name = serializers.CharField()
    supplier_sku = serializers.CharField()
    cost_fen = serializers.IntegerField(allow_null=True)
    is_primary = serializers.BooleanField()


class SupplierRowSerializer(serializers.Serializer):
    """shop.supply.supplier_row."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    contact_name = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    note = serializers.CharField()
    is_active = serializers.BooleanField()
    products = SupplierProductOutSerializer(many=True)


class BundleRowSerializer(serializers.Serializer):
    """shop.supply.bundle_row."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    product_ids = serializers.ListField(child=serializers.IntegerField())
    min_quantity = serializers.IntegerField()
    discount_fen = serializers.IntegerField()
    is_active = serializers.BooleanField()
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)


class AppliedOfferSerializer(serializers.Serializer):
    offer_id = serializers.IntegerField()
    name = serializers.CharField()
    times = serializers.IntegerField()
    discount_fen = serializers.IntegerField()


class PricedLineSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    quantity = serializers.IntegerField()
    unit_price_fen = serializers.IntegerField()


class BundlePreviewOutSerializer(serializers.Serializer):
    """shop.bundles.preview: the goods priced today with the best bundle discounts applied."""

    subtotal_fen = serializers.IntegerField()
    discount_fen = serializers.IntegerField()
    total_fen = serializers.IntegerField()
    applied = AppliedOfferSerializer(many=True)
    lines = PricedLineSerializer(many=True)


class ShipmentLineSerializer(serializers.Serializer):
    line_id = serializers.IntegerField()
    product_name = serializers.CharField()
    quantity = serializers.IntegerField()


class TrackingEventSerializer(serializers.Serializer):
    code = serializers.CharField()
    description = serializers.CharField()
    location = serializers.CharField()
    at = serializers.DateTimeField()


class ShipmentRowSerializer(serializers.Serializer):
    """shop.shipping.shipment_row."""

    id = serializers.IntegerField()
    order_id = serializers.IntegerField()
    order_no = serializers.CharField()
    kind = serializers.ChoiceField(choices=ShipmentKind.choices)
    rma_id = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=ShipmentStatus.choices)
    status_display = serializers.CharField()
    lines = ShipmentLineSerializer(many=True)
    address = serializers.DictField(help_text="Address snapshot from the order")
    carrier = serializers.CharField()
    carrier_name = serializers.CharField()
    tracking_no = serializers.CharField()
    shipped_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    tracking = TrackingEventSerializer(many=True)


class RmaLineSerializer(serializers.Serializer):
    line_id = serializers.IntegerField()
    quantity = serializers.IntegerField()


class RmaRowSerializer(serializers.Serializer):
    """shop.returns.rma_row: a return or exchange request with its history."""

    id = serializers.IntegerField()
    order_id = serializers.IntegerField()
    order_no = serializers.CharField()
    kind = serializers.ChoiceField(choices=RmaKind.choices)
    kind_display = serializers.CharField()
    status = serializers.ChoiceField(choices=RmaStatus.choices)
    status_display = serializers.CharField()
    lines = RmaLineSerializer(many=True)
    amount_fen = serializers.IntegerField()
    reason = serializers.CharField()
    decision_note = serializers.CharField()
    return_carrier = serializers.CharField()
    return_tracking_no = serializers.CharField()
    refund_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    events = StatusEventSerializer(many=True)


class ComplaintRowSerializer(serializers.Serializer):
    """shop.complaints.complaint_row without messages (lists)."""

    id = serializers.IntegerField()
    order_id = serializers.IntegerField()
    order_no = serializers.CharField()
    subject = serializers.CharField()
    status = serializers.ChoiceField(choices=ComplaintStatus.choices)
    status_display = serializers.CharField()
    rating = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    escalated_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)


class ComplaintMessageSerializer(serializers.Serializer):
    author_kind = serializers.ChoiceField(choices=["tourist", "merchant", "platform"])
    author = serializers.CharField()
    body = serializers.CharField()
    at = serializers.DateTimeField()


class ComplaintDetailSerializer(ComplaintRowSerializer):
    messages = ComplaintMessageSerializer(many=True)
    events = StatusEventSerializer(many=True)


class SalesCountsSerializer(serializers.Serializer):
    orders = serializers.IntegerField()
    units = serializers.IntegerField()
    gross_fen = serializers.IntegerField()
    refunded_fen = serializers.IntegerField()
    net_fen = serializers.IntegerField()


class SalesDaySerializer(SalesCountsSerializer):
    day = serializers.DateField()


class TopProductSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    name = serializers.CharField()
    units = serializers.IntegerField()
    gross_fen = serializers.IntegerField()


class DailySalesSerializer(serializers.Serializer):
    """shop.stats.daily_sales."""

    start = serializers.DateField()
    end = serializers.DateField()
    days = SalesDaySerializer(many=True)
    totals = SalesCountsSerializer()
    top_products = TopProductSerializer(many=True)
