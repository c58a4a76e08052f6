from rest_framework import serializers

from ..models import Listing


class ListingSerializer(serializers.ModelSerializer):
    merchant = serializers.CharField(source="merchant.schema_name", read_only=True)

    class Meta:
        model = Listing
        fields = ["id", "merchant", "merchant_name", "merchant_kind", "product_id", "kind", "name", "subtitle",
                  "min_price_fen", "updated_at"]


class FacilityOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    icon = serializers.CharField()


class ComponentOutSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    quantity = serializers.IntegerField()


class CalendarDayOutSerializer(serializers.Serializer):
    date = serializers.DateField()
    price_fen = serializers.IntegerField()


class MerchantBriefSerializer(serializers.Serializer):
    schema = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class ProductDetailSerializer(serializers.Serializer):
    """A product as tourists see it: tourist price today and a 30-day price calendar."""

    merchant = MerchantBriefSerializer()
    product_id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()
    subtitle = serializers.CharField()
    description = serializers.CharField()
    inventory_mode = serializers.CharField()
    attributes = serializers.DictField()
    sessions = serializers.ListField(child=serializers.CharField())
    facilities = FacilityOutSerializer(many=True)
    components = ComponentOutSerializer(many=True)
    price_fen = serializers.IntegerField()
    price_calendar = CalendarDayOutSerializer(many=True)
