"""Response shapes of the routes API (routes.services.routes / bookings payloads)."""

from rest_framework import serializers

from shared_apps.core.api_schema import paginated
from shared_apps.distribution.api.responses import ContactSerializer, OctoBookingSerializer

from ..models import RouteBookingStatus, RouteKind, RouteStatus


class ComponentSerializer(serializers.Serializer):
    """routes.services.routes.component_payload: one leg of a route."""

    id = serializers.IntegerField()
    position = serializers.IntegerField()
    merchant = serializers.CharField()
    merchant_name = serializers.CharField()
    product_id = serializers.IntegerField()
    product_name = serializers.CharField()
    product_kind = serializers.CharField()
    day = serializers.IntegerField(help_text="Itinerary day, from 1")
    day_offset = serializers.IntegerField()
    nights = serializers.IntegerField()
    quantity = serializers.IntegerField(help_text="Units per person")
    session = serializers.CharField()


class RouteEventSerializer(serializers.Serializer):
    to = serializers.CharField()
    actor = serializers.CharField()
    note = serializers.CharField()
    at = serializers.DateTimeField()

    def get_fields(self):
        return {"from": serializers.CharField(), **super().get_fields()}  # "from" is a Python keyword


class OpsRouteSerializer(serializers.Serializer):
    """routes.services.routes.route_payload (events on the detail only)."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=RouteKind.choices)
    name = serializers.CharField()
    description = serializers.CharField()
    days = serializers.IntegerField()
    status = serializers.ChoiceField(choices=RouteStatus.choices)
    created_by = serializers.CharField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    components = ComponentSerializer(many=True)


class OpsRouteDetailSerializer(OpsRouteSerializer):
    events = RouteEventSerializer(many=True)


class MerchantProductSerializer(serializers.Serializer):
    """routes.services.routes.merchant_products: the component picker."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    inventory_mode = serializers.CharField()
    sessions = serializers.ListField(child=serializers.CharField())
    distributor_price_fen = serializers.IntegerField()
    retail_price_fen = serializers.IntegerField()


class PricedComponentSerializer(ComponentSerializer):
    leg_day = serializers.DateField(allow_null=True)
    net_price_fen = serializers.IntegerField()
    retail_price_fen = serializers.IntegerField()


class SellableRouteSerializer(serializers.Serializer):
    """routes.services.bookings.route_row: a route priced per person on price_day."""

    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=RouteKind.choices)
    name = serializers.CharField()
    description = serializers.CharField()
    days = serializers.IntegerField()
    needs_day = serializers.BooleanField()
    price_day = serializers.DateField()
    net_price_fen = serializers.IntegerField()
    retail_price_fen = serializers.IntegerField()
    commission_fen = serializers.IntegerField()
    currency = serializers.CharField()
    components = PricedComponentSerializer(many=True)


class RouteDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    status = serializers.ChoiceField(choices=["available", "sold_out"])
    vacancies = serializers.IntegerField(allow_null=True, help_text="null: unlimited")
    net_price_fen = serializers.IntegerField()
    retail_price_fen = serializers.IntegerField()


class RouteAvailabilitySerializer(serializers.Serializer):
    code = serializers.CharField()
    unlimited = serializers.BooleanField()
    days = RouteDaySerializer(many=True)


class RouteRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=RouteKind.choices)
    name = serializers.CharField()


class RoutePricingSerializer(serializers.Serializer):
    currency = serializers.CharField()
    net_fen = serializers.IntegerField()
    retail_fen = serializers.IntegerField()
    commission_fen = serializers.IntegerField()
    refunded_fen = serializers.IntegerField()


class RouteLegSerializer(OctoBookingSerializer):
    position = serializers.IntegerField()
    itinerary_day = serializers.IntegerField(allow_null=True)


class RouteBookingSerializer(serializers.Serializer):
    """routes.services.bookings.booking_payload: a route booking and its legs (one OCTO booking each)."""

    uuid = serializers.UUIDField()
    status = serializers.ChoiceField(choices=RouteBookingStatus.choices)
    route = RouteRefSerializer()
    start_day = serializers.DateField(allow_null=True)
    persons = serializers.IntegerField()
    reseller_reference = serializers.CharField()
    contact = ContactSerializer()
    pricing = RoutePricingSerializer()
    expires_at = serializers.DateTimeField(allow_null=True)
    confirmed_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField(allow_null=True)
    legs = RouteLegSerializer(many=True)


PaginatedRouteBookings = paginated(RouteBookingSerializer)
