"""Input serializers of the route APIs (responses are plain dicts built by the services)."""

from rest_framework import serializers

from shared_apps.distribution.api.serializers import DstTravellerSerializer

from ..models import RouteKind


class RouteInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RouteKind.choices, default=RouteKind.ROUTE)
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    days = serializers.IntegerField(min_value=1, max_value=30, required=False, default=1)


class RoutePatchSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    days = serializers.IntegerField(min_value=1, max_value=30, required=False)


class ComponentInputSerializer(serializers.Serializer):
    merchant = serializers.SlugField()
    product_id = serializers.IntegerField()
    day = serializers.IntegerField(min_value=1, max_value=30, required=False, default=1, help_text="1 = start day")
    nights = serializers.IntegerField(min_value=1, required=False, default=1)
    quantity = serializers.IntegerField(min_value=1, required=False, default=1)
    session = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RouteReserveSerializer(serializers.Serializer):
    persons = serializers.IntegerField(min_value=1)
    day = serializers.DateField(required=False, allow_null=True, default=None, help_text="start day")
    travellers = DstTravellerSerializer(many=True, required=False, default=list)
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    reseller_reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    hold_minutes = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RouteCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RouteRangeSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


class DaySerializer(serializers.Serializer):
    day = serializers.DateField(required=False)
    kind = serializers.ChoiceField(choices=RouteKind.choices, required=False)
