import re

from rest_framework import serializers

from shared_apps.accounts.models import ApiKey, Distributor, DistributorMember

from ..models import (
    CommissionWithdrawal,
    DepositTopUp,
    DistributorAlert,
    DistributorApplication,
    DistributorContract,
    DistributorKind,
    DistributorLevel,
    WebhookDelivery,
)
from ..services.common import event_rows, mask
from ..services.contracts import CONTRACT_MACHINE
from ..services.finance import TOPUP_MACHINE
from ..services.org import APPLICATION_MACHINE

USERNAME = r"^[\w.@+-]{3,150}$"


class DstNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


# ---- applications -------------------------------------------------------------------------------

class DstApplicationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=DistributorKind.choices, default=DistributorKind.AGENCY)
    license_no = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    contact_name = serializers.CharField(max_length=50)
    contact_phone = serializers.CharField(max_length=32)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    owner_username = serializers.RegexField(USERNAME, required=False)
    owner_password = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")


class DstApplicationSerializer(serializers.ModelSerializer):
    events = serializers.SerializerMethodField()
    distributor_id = serializers.IntegerField(allow_null=True, read_only=True)

    class Meta:
        model = DistributorApplication
        fields = ["id", "name", "kind", "license_no", "contact_name", "contact_phone", "address", "description",
                  "owner_username", "status", "review_note", "reviewed_at", "distributor_id", "created_at", "events"]

    def get_events(self, obj) -> list[dict]:
        return event_rows(APPLICATION_MACHINE.events(obj))


# ---- organisation -------------------------------------------------------------------------------

class DstDistributorSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="profile.kind", default="agency")
    referral_code = serializers.CharField(source="profile.referral_code", default="")
    level = serializers.CharField(source="profile.level.code", default="")
    license_no = serializers.CharField(source="profile.license_no", default="")
    address = serializers.CharField(source="profile.address", default="")
    description = serializers.CharField(source="profile.description", default="")
    credit_limit_fen = serializers.IntegerField(source="profile.credit_limit_fen", default=0)
    low_balance_alert_fen = serializers.IntegerField(source="profile.low_balance_alert_fen", default=0)
    webhook_url = serializers.CharField(source="profile.webhook_url", default="")
    authorised_merchants = serializers.SlugRelatedField(source="merchants", slug_field="schema_name", many=True,
                                                        read_only=True)

    class Meta:
        model = Distributor
        fields = ["id", "name", "kind", "status", "contact_name", "contact_phone", "license_no", "address",
                  "description", "referral_code", "level", "credit_limit_fen", "low_balance_alert_fen", "webhook_url",
                  "authorised_merchants", "created_at"]


class DstProfileInputSerializer(serializers.Serializer):
    contact_name = serializers.CharField(max_length=50, required=False)
    contact_phone = serializers.CharField(max_length=32, required=False)
    license_no = serializers.CharField(max_length=64, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    low_balance_alert_fen = serializers.IntegerField(min_value=0, required=False)


class DstMemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    display_name = serializers.CharField(source="user.display_name", read_only=True)
    department_id = serializers.IntegerField(source="placement.department_id", default=None, read_only=True,
                                             allow_null=True)
    is_active = serializers.BooleanField(source="placement.is_active", default=True, read_only=True)

    class Meta:
        model = DistributorMember
        fields = ["id", "username", "display_name", "role", "department_id", "is_active"]


class DstMemberInputSerializer(serializers.Serializer):
    username = serializers.RegexField(USERNAME)
    role = serializers.ChoiceField(choices=DistributorMember.Role.choices)
    password = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")
    display_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    department_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class DstMemberPatchSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=DistributorMember.Role.choices, required=False)
    department_id = serializers.IntegerField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)


class DstDepartmentInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    parent_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class DstApiKeySerializer(serializers.ModelSerializer):
    merchants = serializers.SlugRelatedField(slug_field="schema_name", many=True, read_only=True)

    class Meta:
        model = ApiKey
        fields = ["prefix", "name", "merchants", "rate_limit_per_minute", "is_active", "created_at", "last_used_at"]


class DstApiKeyInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    merchants = serializers.ListField(child=serializers.CharField(max_length=63), required=False, default=list)
    rate_limit_per_minute = serializers.IntegerField(required=False, default=600)


class DstApiKeyPatchSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, required=False)
    merchants = serializers.ListField(child=serializers.CharField(max_length=63), required=False)
    rate_limit_per_minute = serializers.IntegerField(required=False)


class DstWebhookInputSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=300, allow_blank=True)


class StatusOnlyField(serializers.CharField):
    """A delivery's outcome as the distributor may see it: `HTTP <code>`, `unreachable`, `url_refused`
    or empty. Rows written before the outbound guard held exception names (ConnectionError vs
    ReadTimeout tells a closed port from a filtered one): those read as `unreachable`."""

    SHOWN = re.compile(r"^(|HTTP \d{3}|unreachable|url_refused)$")

    def to_representation(self, value):
        return value if self.SHOWN.match(value or "") else "unreachable"


class DstWebhookDeliverySerializer(serializers.ModelSerializer):
    last_error = StatusOnlyField(read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = ["event_id", "event_type", "ref", "status", "attempts", "last_status_code", "last_error",
                  "next_attempt_at", "delivered_at", "created_at"]


class DstAlertSerializer(serializers.ModelSerializer):
    class Meta:
        model = DistributorAlert
        fields = ["id", "kind", "level", "message", "detail", "created_at", "read_at"]


class DstContractSerializer(serializers.ModelSerializer):
    merchant = serializers.CharField(source="merchant.schema_name", read_only=True)
    merchant_name = serializers.CharField(source="merchant.name", read_only=True)
    distributor_id = serializers.IntegerField(read_only=True)
    distributor_name = serializers.CharField(source="distributor.name", read_only=True)
    events = serializers.SerializerMethodField()

    class Meta:
        model = DistributorContract
        fields = ["id", "merchant", "merchant_name", "distributor_id", "distributor_name", "status", "product_ids",
                  "request_note", "decision_note", "created_at", "decided_at", "events"]

    def get_events(self, obj) -> list[dict]:
        return event_rows(CONTRACT_MACHINE.events(obj))


class DstContractRequestSerializer(serializers.Serializer):
    merchant = serializers.CharField(max_length=63)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DstAuthoriseSerializer(serializers.Serializer):
    distributor_id = serializers.IntegerField()
    product_ids = serializers.ListField(child=serializers.IntegerField(), required=False, allow_null=True,
                                        default=None)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DstContractDecisionSerializer(serializers.Serializer):
    product_ids = serializers.ListField(child=serializers.IntegerField(), required=False, allow_null=True,
                                        default=None)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


# ---- OCTO ---------------------------------------------------------------------------------------

class DstTravellerSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    id_type = serializers.ChoiceField(choices=["id_card", "passport", "hk_macau", "taiwan"], default="id_card")
    id_no = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")


class DstReserveSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    units = serializers.IntegerField(min_value=1)
    day = serializers.DateField(required=False, allow_null=True, default=None)
    session = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    nights = serializers.IntegerField(min_value=1, required=False, default=1)
    travellers = DstTravellerSerializer(many=True, required=False, default=list)
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    reseller_reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    hold_minutes = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DstCancelSerializer(serializers.Serializer):
    units = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DstRangeSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


# ---- finance ------------------------------------------------------------------------------------

class DstTopUpSerializer(serializers.ModelSerializer):
    distributor_id = serializers.IntegerField(read_only=True)
    events = serializers.SerializerMethodField()

    class Meta:
        model = DepositTopUp
        fields = ["id", "distributor_id", "amount_fen", "bank_txn_no", "remitter", "note", "status", "requested_by",
                  "reviewed_by", "review_note", "created_at", "reviewed_at", "events"]

    def get_events(self, obj) -> list[dict]:
        return event_rows(TOPUP_MACHINE.events(obj))


class DstTopUpInputSerializer(serializers.Serializer):
    amount_fen = serializers.IntegerField(min_value=1)
    bank_txn_no = serializers.CharField(max_length=64)
    remitter = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DstWithdrawalSerializer(serializers.ModelSerializer):
    distributor_id = serializers.IntegerField(read_only=True)
    bank = serializers.SerializerMethodField()

    class Meta:
        model = CommissionWithdrawal
        fields = ["id", "distributor_id", "amount_fen", "bank", "status", "requested_by", "reviewed_by", "note",
                  "bank_txn_no", "created_at", "reviewed_at"]

    def get_bank(self, obj) -> dict:
        return {**obj.bank, "account_no": mask(obj.bank.get("account_no", ""))}


class DstWithdrawalInputSerializer(serializers.Serializer):
    amount_fen = serializers.IntegerField(min_value=1)
    finance_password = serializers.CharField(write_only=True)


class DstFinancePasswordSerializer(serializers.Serializer):
    login_password = serializers.CharField(write_only=True)
    new_finance_password = serializers.CharField(write_only=True, min_length=6, max_length=64)
    old_finance_password = serializers.CharField(write_only=True, required=False, allow_blank=True, default="")


class DstBankAccountSerializer(serializers.Serializer):
    bank_name = serializers.CharField(max_length=100)
    bank_account_name = serializers.CharField(max_length=100)
    bank_account_no = serializers.RegexField(r"^\d{8,40}$")
    finance_password = serializers.CharField(write_only=True)


class DstCreditLimitSerializer(serializers.Serializer):
    credit_limit_fen = serializers.IntegerField(min_value=0)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DstReviewSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    bank_txn_no = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class DstLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = DistributorLevel
        fields = ["id", "code", "name", "rank", "commission_bps", "min_sales_fen"]
        # The table's CHECK (level_bps_range) and a sane sales threshold, as 400s before the database.
        extra_kwargs = {"commission_bps": {"max_value": 10_000}, "min_sales_fen": {"min_value": 0}}
