"""Response shapes of the settlement API (merchant balances and statements, operator finance)."""

from rest_framework import serializers

from shared_apps.ledger.api.responses import StatementLineSerializer

from ..models import Mismatch, SettlementItem


class SplitSerializer(serializers.ModelSerializer):
    merchant = serializers.CharField(source="merchant.schema_name")
    net_fen = serializers.IntegerField()

    class Meta:
        model = SettlementItem
        fields = ["id", "merchant", "order_no", "gross_fen", "commission_fen", "refunded_fen",
                  "refunded_commission_fen", "net_fen", "available_at", "released_at", "created_at"]


class MerchantSettlementSerializer(serializers.Serializer):
    """settlement.services.balances plus the latest split records."""

    pending_fen = serializers.IntegerField(help_text="Not yet available (T+N)")
    available_fen = serializers.IntegerField()
    withdrawing_fen = serializers.IntegerField()
    splits = SplitSerializer(many=True, help_text="The latest 100 split records")


class StatementSerializer(serializers.Serializer):
    """settlement.services.statement: one ledger account between two moments."""

    account = serializers.CharField()
    opening_fen = serializers.IntegerField()
    closing_fen = serializers.IntegerField()
    lines = StatementLineSerializer(many=True)


class FinanceOverviewSerializer(serializers.Serializer):
    trial_balance_fen = serializers.IntegerField(help_text="Always 0 when the books balance")
    by_account_type_fen = serializers.DictField(child=serializers.IntegerField())


class ReconciliationItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Mismatch.choices)
    record = serializers.ChoiceField(choices=["payment", "refund"])
    reference = serializers.CharField()
    ours_fen = serializers.IntegerField(allow_null=True)
    theirs_fen = serializers.IntegerField(allow_null=True)
    detail = serializers.CharField()


class ReconciliationRunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    gateway = serializers.CharField()
    day = serializers.DateField()
    bill_rows = serializers.IntegerField()
    our_rows = serializers.IntegerField()
    matched = serializers.IntegerField()
    mismatches = serializers.IntegerField()
    items = ReconciliationItemSerializer(many=True)


class ReconcileRequestSerializer(serializers.Serializer):
    gateway = serializers.ChoiceField(choices=["wechat", "alipay"])
    day = serializers.DateField(required=False, help_text="Default: today")


class ReconcileStartedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    mismatches = serializers.IntegerField()
