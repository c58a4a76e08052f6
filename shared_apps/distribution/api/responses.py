"""Response shapes of the distribution API built as dicts by its services."""

from rest_framework import serializers

from shared_apps.core.api_schema import paginated

from ..models import ContractStatus
from ..models.booking import BookingStatus
from ..models.policy import DiscountMode
from .serializers import DstApiKeySerializer, DstDistributorSerializer, DstWebhookDeliverySerializer


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()


class BookingPricingSerializer(serializers.Serializer):
    currency = serializers.CharField()
    net_fen = serializers.IntegerField()
    retail_fen = serializers.IntegerField()
    commission_fen = serializers.IntegerField()
    refunded_fen = serializers.IntegerField()
    discount_policy_id = serializers.IntegerField(allow_null=True)


class OctoBookingSerializer(serializers.Serializer):
    """distribution.services.bookings.booking_payload: one OCTO booking."""

    uuid = serializers.UUIDField()
    status = serializers.ChoiceField(choices=BookingStatus.choices)
    supplier = serializers.CharField()
    supplier_name = serializers.CharField()
    order_no = serializers.CharField()
    product_id = serializers.IntegerField()
    product_name = serializers.CharField()
    day = serializers.DateField(allow_null=True)
    session = serializers.CharField()
    nights = serializers.IntegerField()
    units = serializers.IntegerField()
    reseller_reference = serializers.CharField()
    contact = ContactSerializer()
    travellers = serializers.ListField(child=serializers.DictField())
    pricing = BookingPricingSerializer()
    expires_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    redeemed_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField(allow_null=True)


class SupplierSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The merchant's schema name")
    name = serializers.CharField()
    kind = serializers.CharField()


class GroupRateSerializer(serializers.Serializer):
    min_units = serializers.IntegerField()
    net_price_fen = serializers.IntegerField()
    discount_policy_id = serializers.IntegerField(allow_null=True)


class PackageComponentSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    name = serializers.CharField()
    quantity = serializers.IntegerField()


class OctoProductSerializer(serializers.Serializer):
    """distribution.services.bookings._product_row: a product with today's net and retail price."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()
    subtitle = serializers.CharField()
    description = serializers.CharField()
    inventory_mode = serializers.CharField()
    sessions = serializers.ListField(child=serializers.CharField())
    booking_notes = serializers.CharField()
    face_text = serializers.CharField()
    advance_hours = serializers.IntegerField(allow_null=True)
    currency = serializers.CharField()
    net_price_fen = serializers.IntegerField()
    retail_price_fen = serializers.IntegerField()
    commission_fen = serializers.IntegerField()
    discount_policy_id = serializers.IntegerField(allow_null=True)
    group_rates = GroupRateSerializer(many=True)
    components = PackageComponentSerializer(many=True)


class CalendarPriceSerializer(serializers.Serializer):
    date = serializers.DateField()
    price_fen = serializers.IntegerField()


class OctoProductDetailSerializer(OctoProductSerializer):
    net_price_calendar = CalendarPriceSerializer(many=True, help_text="The next 30 days")


class OctoSlotSerializer(serializers.Serializer):
    id = serializers.CharField()
    day = serializers.DateField(allow_null=True)
    session = serializers.CharField()
    status = serializers.ChoiceField(choices=["available", "sold_out"])
    vacancies = serializers.IntegerField()
    net_price_fen = serializers.IntegerField()
    discount_policy_id = serializers.IntegerField(allow_null=True)
    retail_price_fen = serializers.IntegerField()


class OctoAvailabilitySerializer(serializers.Serializer):
    """distribution.services.bookings.availability."""

    product_id = serializers.IntegerField()
    unlimited = serializers.BooleanField()
    slots = OctoSlotSerializer(many=True)


class DepartmentNodeSerializer(serializers.Serializer):
    """distribution.services.org.department_tree: one department and its sub-departments."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    parent_id = serializers.IntegerField(allow_null=True)
    members = serializers.IntegerField(help_text="Active members placed here")
    children = serializers.ListField(child=serializers.DictField(), help_text="Departments of the same shape")


class DepartmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    parent_id = serializers.IntegerField(allow_null=True)


class CreatedApiKeySerializer(DstApiKeySerializer):
    api_key = serializers.CharField(help_text="The whole key, shown this once")

    class Meta(DstApiKeySerializer.Meta):
        fields = [*DstApiKeySerializer.Meta.fields, "api_key"]


class WebhookSettingsSerializer(serializers.Serializer):
    url = serializers.CharField()
    has_secret = serializers.BooleanField()
    deliveries = DstWebhookDeliverySerializer(many=True)


class WebhookSecretSerializer(serializers.Serializer):
    url = serializers.CharField()
    secret = serializers.CharField(help_text="The signing secret, shown this once")


class SupplierContractSerializer(SupplierSerializer):
    contract_status = serializers.ChoiceField(choices=ContractStatus.choices, allow_null=True)


class BalancesSerializer(serializers.Serializer):
    """distribution.services.finance.balances."""

    deposit_balance_fen = serializers.IntegerField()
    credit_limit_fen = serializers.IntegerField()
    credit_used_fen = serializers.IntegerField()
    spendable_fen = serializers.IntegerField()
    commission_frozen_fen = serializers.IntegerField()
    commission_available_fen = serializers.IntegerField()
    commission_withdrawing_fen = serializers.IntegerField()


class TransactionSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    account = serializers.ChoiceField(choices=["deposit", "commission", "frozen", "withdrawing"])
    kind = serializers.CharField()
    ref = serializers.CharField()
    memo = serializers.CharField()
    amount_fen = serializers.IntegerField(help_text="> 0: credited to the distributor")


class ReconciliationRowSerializer(serializers.Serializer):
    booking = serializers.UUIDField()
    merchant = serializers.CharField()
    order_no = serializers.CharField()
    status = serializers.ChoiceField(choices=BookingStatus.choices)
    expected_fen = serializers.IntegerField()
    ledger_fen = serializers.IntegerField()
    order_status = serializers.CharField(allow_null=True)
    order_total_fen = serializers.IntegerField(allow_null=True)
    order_refunded_fen = serializers.IntegerField(allow_null=True)
    problems = serializers.ListField(child=serializers.ChoiceField(
        choices=["ledger_amount", "order_missing", "order_amount", "refund_amount", "order_status"]))


class DistributorReconciliationSerializer(serializers.Serializer):
    """distribution.services.finance.reconcile: bookings against postings and merchant orders."""

    bookings = serializers.IntegerField()
    matched = serializers.IntegerField()
    mismatched = serializers.IntegerField()
    net_fen = serializers.IntegerField()
    refunded_fen = serializers.IntegerField()
    ledger_fen = serializers.IntegerField()
    orphan_postings = serializers.ListField(child=serializers.IntegerField())
    rows = ReconciliationRowSerializer(many=True)


PaginatedOctoBookings = paginated(OctoBookingSerializer)
PaginatedTransactions = paginated(TransactionSerializer)


class DistributorWithBalancesSerializer(DstDistributorSerializer, BalancesSerializer):
    """A distributor as operators see it: its profile and its balances."""

    class Meta(DstDistributorSerializer.Meta):
        fields = list(dict.fromkeys([*DstDistributorSerializer.Meta.fields, *BalancesSerializer._declared_fields]))


class MyDistributorSerializer(DistributorWithBalancesSerializer):
    """The member's own distributor: profile, balances and the member's role."""

    my_role = serializers.CharField()

    class Meta(DistributorWithBalancesSerializer.Meta):
        fields = [*DistributorWithBalancesSerializer.Meta.fields, "my_role"]


class DiscountTierOutSerializer(serializers.Serializer):
    min_units = serializers.IntegerField()
    percent_off = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True, coerce_to_string=True)
    net_price_fen = serializers.IntegerField(allow_null=True)


class VisiblePolicySerializer(serializers.Serializer):
    """A discount policy as the distributor it applies to sees it."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    target = serializers.ChoiceField(choices=["contract", "level"])
    contract_id = serializers.IntegerField(allow_null=True)
    distributor_id = serializers.IntegerField(allow_null=True)
    level_id = serializers.IntegerField(allow_null=True)
    level = serializers.CharField(allow_null=True)
    level_name = serializers.CharField(allow_null=True)
    product_ids = serializers.ListField(child=serializers.IntegerField(), help_text="[] = every product")
    mode = serializers.ChoiceField(choices=DiscountMode.choices)
    percent_off = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True, coerce_to_string=True)
    net_price_fen = serializers.IntegerField(allow_null=True)
    valid_from = serializers.DateField(allow_null=True)
    valid_until = serializers.DateField(allow_null=True)
    weekdays = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=7))
    is_active = serializers.BooleanField()
    tiers = DiscountTierOutSerializer(many=True)
    updated_at = serializers.DateTimeField()


class DiscountPolicySerializer(VisiblePolicySerializer):
    """distribution.services.discounts.policy_payload (the merchant's view)."""

    distributor_name = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()


class EffectivePriceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    channel_price_fen = serializers.IntegerField()
    net_price_fen = serializers.IntegerField()
    retail_price_fen = serializers.IntegerField()
    discount_policy_id = serializers.IntegerField(allow_null=True)
    group_rates = GroupRateSerializer(many=True)


class SupplierPricesSerializer(serializers.Serializer):
    """What a distributor pays at one supplier today (views_discounts.effective_prices)."""

    supplier = serializers.CharField()
    supplier_name = serializers.CharField()
    date = serializers.DateField()
    policies = VisiblePolicySerializer(many=True)
    products = EffectivePriceSerializer(many=True)


class DirectoryEntrySerializer(serializers.Serializer):
    """An active distributor in a merchant's directory, with this merchant's contract status."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    contract_status = serializers.ChoiceField(choices=ContractStatus.choices, allow_null=True)


class MerchantBookingSerializer(OctoBookingSerializer):
    distributor = serializers.CharField(help_text="The distributor's name")
    platform_fee_fen = serializers.IntegerField()


PaginatedMerchantBookings = paginated(MerchantBookingSerializer)
