"""Response shapes of the dining API (what dining.selectors, billing and the views build)."""

from rest_framework import serializers

from tenant_apps.promotions.models import CouponStatus

from ..models import BillStatus, OrderSource, PayMethod, SittingStatus, TicketStatus


class TableSittingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    guests = serializers.IntegerField()


class TableRowSerializer(serializers.Serializer):
    """dining.selectors.table_row."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    area = serializers.CharField()
    seats = serializers.IntegerField()
    is_private_room = serializers.BooleanField()
    min_spend_fen = serializers.IntegerField()
    is_active = serializers.BooleanField()
    token_rotated_at = serializers.DateTimeField()
    sitting = TableSittingSerializer(allow_null=True, help_text="The open sitting, if any")
    qr_url = serializers.CharField()


class TableQrSerializer(serializers.Serializer):
    table_id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.CharField()
    svg = serializers.CharField(help_text="The QR code as SVG markup")


class SittingRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    table = serializers.CharField()
    status = serializers.ChoiceField(choices=SittingStatus.choices)
    guests = serializers.IntegerField()
    opened_at = serializers.DateTimeField()
    bill_id = serializers.IntegerField()
    total_fen = serializers.IntegerField()
    balance_fen = serializers.IntegerField()


class KitchenTicketSerializer(serializers.Serializer):
    """dining.selectors.ticket_row."""

    id = serializers.IntegerField()
    label = serializers.CharField()
    dish_name = serializers.CharField()
    quantity = serializers.IntegerField()
    note = serializers.CharField()
    status = serializers.ChoiceField(choices=TicketStatus.choices)
    status_display = serializers.CharField()
    sitting_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    served_at = serializers.DateTimeField(allow_null=True)


class BillPaymentOutSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=PayMethod.choices)
    method_display = serializers.CharField()
    amount_fen = serializers.IntegerField()
    reference = serializers.CharField(allow_null=True)
    at = serializers.DateTimeField()


class BillCouponSerializer(serializers.Serializer):
    code = serializers.CharField()
    discount_fen = serializers.IntegerField()


class BillSerializer(serializers.Serializer):
    """dining.selectors.bill_row."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=BillStatus.choices)
    status_display = serializers.CharField()
    total_fen = serializers.IntegerField()
    discount_fen = serializers.IntegerField()
    paid_fen = serializers.IntegerField()
    balance_fen = serializers.IntegerField()
    settled_at = serializers.DateTimeField(allow_null=True)
    payments = BillPaymentOutSerializer(many=True)
    coupons = BillCouponSerializer(many=True)


class DiningOrderLineSerializer(serializers.Serializer):
    dish_name = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_price_fen = serializers.IntegerField()
    amount_fen = serializers.IntegerField()
    note = serializers.CharField()


class DiningOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.ChoiceField(choices=OrderSource.choices)
    order_no = serializers.CharField()
    total_fen = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    lines = DiningOrderLineSerializer(many=True)


class SittingDetailSerializer(serializers.Serializer):
    """dining.selectors.sitting_detail: a sitting with its orders, kitchen tickets and bill."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    table = serializers.CharField()
    table_id = serializers.IntegerField()
    guests = serializers.IntegerField()
    status = serializers.ChoiceField(choices=SittingStatus.choices)
    status_display = serializers.CharField()
    business_day = serializers.DateField()
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    orders = DiningOrderSerializer(many=True)
    tickets = KitchenTicketSerializer(many=True)
    bill = BillSerializer()


class BillQrSerializer(serializers.Serializer):
    """A signed offline-pay QR for a bill (dining.billing.payment_qr)."""

    bill_id = serializers.IntegerField()
    amount_fen = serializers.IntegerField()
    token = serializers.CharField()
    url = serializers.CharField()
    svg = serializers.CharField(help_text="The QR code as SVG markup")


class CouponSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    amount_fen = serializers.IntegerField()
    threshold_fen = serializers.IntegerField()
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=CouponStatus.choices)
    bill_id = serializers.IntegerField(allow_null=True)
    order_id = serializers.IntegerField(allow_null=True)
    discount_fen = serializers.IntegerField()
    redeemed_at = serializers.DateTimeField(allow_null=True)
    batch = serializers.CharField()


class DiningLedgerRowSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["bill", "online"])
    ref = serializers.CharField(help_text="Sitting number or order number")
    bill_id = serializers.IntegerField(allow_null=True)
    table = serializers.CharField()
    at = serializers.DateTimeField()
    total_fen = serializers.IntegerField()
    discount_fen = serializers.IntegerField()
    paid_fen = serializers.IntegerField()
    balance_fen = serializers.IntegerField()
    status = serializers.CharField(help_text="Bill status or order status")
    status_display = serializers.CharField()
    methods = serializers.CharField()


class DiningTotalsSerializer(serializers.Serializer):
    total_fen = serializers.IntegerField()
    discount_fen = serializers.IntegerField()
    paid_fen = serializers.IntegerField()
    balance_fen = serializers.IntegerField()


class DiningLedgerSerializer(serializers.Serializer):
    """dining.billing.ledger."""

    start = serializers.DateField()
    end = serializers.DateField()
    rows = DiningLedgerRowSerializer(many=True)
    totals = DiningTotalsSerializer()


class MethodReconciliationSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=PayMethod.choices)
    label = serializers.CharField()
    recorded_fen = serializers.IntegerField()
    declared_fen = serializers.IntegerField(allow_null=True)
    difference_fen = serializers.IntegerField(allow_null=True)
    state = serializers.ChoiceField(choices=["ok", "mismatch", "undeclared", "platform"])


class BillMismatchSerializer(serializers.Serializer):
    bill_id = serializers.IntegerField()
    number = serializers.CharField()
    due_fen = serializers.IntegerField()
    paid_fen = serializers.IntegerField()


class ReconciliationSerializer(serializers.Serializer):
    """dining.billing.reconcile: one day's takings by method against what was declared."""

    day = serializers.DateField()
    methods = MethodReconciliationSerializer(many=True)
    recorded_total_fen = serializers.IntegerField()
    settled_bills = serializers.IntegerField()
    bill_mismatches = BillMismatchSerializer(many=True)
    coupon_discount_fen = serializers.IntegerField()
    online_orders = serializers.IntegerField()
    online_total_fen = serializers.IntegerField()
    open_bills = serializers.IntegerField()
    balanced = serializers.BooleanField()
