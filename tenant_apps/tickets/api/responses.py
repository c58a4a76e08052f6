"""Response shapes of the tickets API: e-tickets, redemptions, QR keys, statistics, joint
tickets and tour routes (what tickets.selectors / redemption / fulfilment.selectors build)."""

from rest_framework import serializers

from shared_apps.core.api_schema import paginated

from ..models import EventKind, TicketStatus


class TicketEventSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    to = serializers.CharField()
    persons = serializers.IntegerField()
    venue = serializers.CharField()
    actor = serializers.CharField()
    reason = serializers.CharField()
    at = serializers.DateTimeField()

    def get_fields(self):
        return {"from": serializers.CharField(), **super().get_fields()}  # "from" is a Python keyword


class TicketSerializer(serializers.Serializer):
    """tickets.selectors.ticket_dict."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    order_no = serializers.CharField()
    product_id = serializers.IntegerField()
    product_name = serializers.CharField()
    day = serializers.DateField()
    valid_until = serializers.DateField()
    session = serializers.CharField()
    persons = serializers.IntegerField()
    used_persons = serializers.IntegerField()
    refunded_persons = serializers.IntegerField()
    remaining_persons = serializers.IntegerField()
    status = serializers.ChoiceField(choices=TicketStatus.choices)
    status_display = serializers.CharField()
    holders = serializers.ListField(child=serializers.CharField(), help_text="Traveller names at order time")
    joint_id = serializers.IntegerField(allow_null=True)
    joint_venues = serializers.ListField(child=serializers.CharField())
    amount_fen = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class RedemptionSerializer(serializers.Serializer):
    """tickets.selectors.redemption_dict."""

    id = serializers.IntegerField()
    scan_id = serializers.UUIDField()
    ticket_code = serializers.CharField()
    issuer = serializers.CharField()
    product_name = serializers.CharField()
    persons = serializers.IntegerField()
    joint = serializers.BooleanField()
    device = serializers.CharField()
    actor = serializers.CharField()
    at = serializers.DateTimeField()
    share_fen = serializers.IntegerField()


class TicketDetailSerializer(TicketSerializer):
    events = TicketEventSerializer(many=True)
    redemptions = RedemptionSerializer(many=True)


PaginatedTickets = paginated(TicketSerializer)
PaginatedRedemptions = paginated(RedemptionSerializer)


class ScannedJointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    venues = serializers.ListField(child=serializers.CharField())
    venues_used = serializers.IntegerField()


class ScannedTicketSerializer(serializers.Serializer):
    code = serializers.CharField()
    order_no = serializers.CharField()
    product_name = serializers.CharField()
    day = serializers.DateField()
    valid_until = serializers.DateField()
    session = serializers.CharField()
    persons = serializers.IntegerField()
    used_persons = serializers.IntegerField()
    refunded_persons = serializers.IntegerField()
    remaining_persons = serializers.IntegerField()
    status = serializers.ChoiceField(choices=TicketStatus.choices)
    status_display = serializers.CharField()
    holders = serializers.ListField(child=serializers.CharField())
    joint = ScannedJointSerializer(required=False, help_text="Joint tickets only")


class RedeemResultSerializer(serializers.Serializer):
    """The result of one scan (tickets.redemption.redeem); a replayed scan_id has duplicate true."""

    persons = serializers.IntegerField()
    share_fen = serializers.IntegerField(required=False, help_text="Joint tickets: this venue's share")
    ticket = ScannedTicketSerializer()
    duplicate = serializers.BooleanField()
    scan_id = serializers.UUIDField()
    venue = serializers.CharField()
    issuer = serializers.CharField()
    joint = serializers.BooleanField()
    at = serializers.DateTimeField()
    message = serializers.CharField()
    redemption_id = serializers.IntegerField()


class PublicKeySerializer(serializers.Serializer):
    kid = serializers.CharField()
    alg = serializers.CharField()
    public_key = serializers.CharField(help_text="base64url")
    active = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    retired_at = serializers.DateTimeField(allow_null=True)


class MerchantKeysSerializer(serializers.Serializer):
    merchant = serializers.CharField()
    keys = PublicKeySerializer(many=True)


class StatsCountsSerializer(serializers.Serializer):
    sold_persons = serializers.IntegerField()
    revenue_fen = serializers.IntegerField()
    redeemed_persons = serializers.IntegerField()
    refund_persons = serializers.IntegerField()


class StatsRowSerializer(StatsCountsSerializer):
    day = serializers.DateField()
    product_id = serializers.IntegerField()
    product_name = serializers.CharField()


class StatsDaySerializer(StatsCountsSerializer):
    day = serializers.DateField()


class StatsProductSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    name = serializers.CharField()


class TicketStatsSerializer(serializers.Serializer):
    """tickets.selectors.stats."""

    start = serializers.DateField()
    end = serializers.DateField()
    products = StatsProductSerializer(many=True)
    rows = StatsRowSerializer(many=True)
    daily = StatsDaySerializer(many=True)
    totals = StatsCountsSerializer()


class JointVenueSerializer(serializers.Serializer):
    merchant = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.IntegerField()


class JointTicketSerializer(serializers.Serializer):
    """fulfilment.selectors.joint_dict."""

    id = serializers.IntegerField()
    issuer = serializers.CharField()
    product_id = serializers.IntegerField()
    name = serializers.CharField()
    active = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    venues = JointVenueSerializer(many=True)


class JointRedemptionSerializer(serializers.Serializer):
    """fulfilment.selectors.redemption_dict."""

    id = serializers.IntegerField()
    ticket_code = serializers.CharField()
    order_no = serializers.CharField()
    venue = serializers.CharField()
    venue_name = serializers.CharField()
    persons = serializers.IntegerField()
    share_fen = serializers.IntegerField()
    at = serializers.DateTimeField()
    released_at = serializers.DateTimeField(allow_null=True)


class JointTicketDetailSerializer(JointTicketSerializer):
    redemptions = JointRedemptionSerializer(many=True)


class RouteStopSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    text = serializers.CharField()
    image_url = serializers.CharField(allow_null=True)
    audio_url = serializers.CharField(allow_null=True)


class TourRouteSerializer(serializers.Serializer):
    """tickets.selectors.route_dict: a tour route and its stops."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    intro = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    published = serializers.BooleanField()
    updated_at = serializers.DateTimeField()
    stops = RouteStopSerializer(many=True)
