from rest_framework import serializers

from tenants.models import Merchant

from ..models import CoreChangeCategory, CoreInfoChange, MerchantApplication, ReviewEvent

APPLICATION_INPUT = [
    "name", "kind", "slug", "legal_name", "license_no", "contact_name", "contact_phone", "address",
    "bank_name", "bank_account_name", "bank_account_no", "tax_id", "invoice_title", "owner_username",
]


class ApplicationInputSerializer(serializers.ModelSerializer):
    owner_username = serializers.CharField(max_length=150, required=False)
    owner_password = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = MerchantApplication
        fields = APPLICATION_INPUT + ["owner_password"]
        extra_kwargs = {"slug": {"validators": []}}

    def validate(self, attrs):
        request = self.context["request"]
        if not request.user.is_authenticated and not attrs.get("owner_username"):
            raise serializers.ValidationError({"owner_username": "未登录时必须填写管理员用户名"})
        return attrs


class ReviewEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, allow_null=True)
    note = serializers.CharField(source="reason")  # the API keeps its field name

    class Meta:
        model = ReviewEvent
        fields = ["from_status", "to_status", "actor", "note", "at"]


class ApplicationSerializer(serializers.ModelSerializer):
    events = ReviewEventSerializer(many=True, read_only=True)
    merchant_schema = serializers.CharField(source="merchant.schema_name", default=None, allow_null=True)

    class Meta:
        model = MerchantApplication
        fields = ["id", *APPLICATION_INPUT, "status", "review_note", "reviewed_at", "merchant_schema",
                  "created_at", "events"]


class ReviewSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CoreChangeInputSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=CoreChangeCategory.choices)
    payload = serializers.DictField(child=serializers.CharField(max_length=200))


class CoreChangeSerializer(serializers.ModelSerializer):
    merchant = serializers.CharField(source="merchant.schema_name", read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    events = ReviewEventSerializer(many=True, read_only=True)

    class Meta:
        model = CoreInfoChange
        fields = ["id", "merchant", "category", "payload", "previous", "status", "requested_by", "review_note",
                  "created_at", "reviewed_at", "events"]


class MerchantSerializer(serializers.ModelSerializer):
    host = serializers.CharField(source="primary_host", read_only=True)
    admin_username = serializers.CharField(source="admin_user.username", default=None)

    class Meta:
        model = Merchant
        fields = ["id", "schema_name", "name", "kind", "status", "host", "admin_username", "legal_name",
                  "contact_name", "contact_phone", "address", "created_at"]


class CoreInfoSerializer(serializers.Serializer):
    """onboarding.services.core_info: the merchant's reviewed core info."""

    bank_name = serializers.CharField()
    bank_account_name = serializers.CharField()
    bank_account_no = serializers.CharField()
    legal_name = serializers.CharField()
    tax_id = serializers.CharField()
    invoice_title = serializers.CharField()
    admin_username = serializers.CharField()
