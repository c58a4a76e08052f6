"""Response shapes of the distribution API built as dicts by its services."""

from rest_framework import serializers

from ..models.booking import BookingStatus


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
