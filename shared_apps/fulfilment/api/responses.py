"""Response shapes of the tourist-facing fulfilment API (platform host): e-tickets,
notifications, public ticket keys and routes, and the tourist's hotel / dining / shop views."""

from rest_framework import serializers

from shared_apps.core.api_schema import paginated
from tenant_apps.dining.api.responses import BillSerializer
from tenant_apps.dining.models import TicketStatus as KitchenTicketStatus
from tenant_apps.hotel.models import StayStatus
from tenant_apps.shop.api.responses import ShipmentLineSerializer, TrackingEventSerializer
from tenant_apps.shop.models import ShipmentKind, ShipmentStatus
from tenant_apps.tickets.api.responses import PublicKeySerializer


class MyTicketSerializer(serializers.Serializer):
    """tickets.selectors.tickets_for_user across merchants (amount_fen left out)."""

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
    status = serializers.CharField()
    status_display = serializers.CharField()
    holders = serializers.ListField(child=serializers.CharField())
    joint_id = serializers.IntegerField(allow_null=True)
    joint_venues = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()
    qr = serializers.CharField(allow_null=True, help_text="The signed payload to show; null when not usable")
    qr_svg = serializers.CharField(required=False, help_text="The QR as an SVG data URI (unless ?svg=0)")
    merchant = serializers.CharField()
    merchant_name = serializers.CharField()


class NotificationSerializer(serializers.Serializer):
    """fulfilment.selectors.notification_dict."""

    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()
    link = serializers.CharField()
    read = serializers.BooleanField()
    read_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class NotificationPageSerializer(paginated(NotificationSerializer)):
    unread = serializers.IntegerField(help_text="All unread notifications, not just this page's")


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="Notifications marked read")


class TicketKeysSerializer(serializers.Serializer):
    merchant = serializers.CharField()
    format = serializers.CharField(help_text="The QR payload format")
    keys = PublicKeySerializer(many=True)


class MyStaySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField()
    room_type_name = serializers.CharField()
    arrival = serializers.DateField()
    departure = serializers.DateField()
    nights = serializers.IntegerField()
    room_number = serializers.CharField(help_text="Empty until a room is assigned")
    status = serializers.ChoiceField(choices=StayStatus.choices)
    status_display = serializers.CharField()
    checked_in_at = serializers.DateTimeField(allow_null=True)
    checked_out_at = serializers.DateTimeField(allow_null=True)
    folio_balance_fen = serializers.IntegerField()


class MyOrderStaysSerializer(serializers.Serializer):
    merchant = serializers.CharField()
    order_no = serializers.CharField()
    stays = MyStaySerializer(many=True)


class OfflinePaySerializer(serializers.Serializer):
    """A verified merchant payment QR (hotel.qrpay.verify) and what its folio or bill still owes."""

    merchant = serializers.CharField()
    subject = serializers.ChoiceField(choices=["folio", "bill"])
    subject_id = serializers.IntegerField()
    amount_fen = serializers.IntegerField()
    expires_at = serializers.IntegerField(help_text="Unix time")
    nonce = serializers.CharField()
    merchant_name = serializers.CharField()
    due_fen = serializers.IntegerField()


class DineTableInfoSerializer(serializers.Serializer):
    name = serializers.CharField()
    area = serializers.CharField()
    seats = serializers.IntegerField()
    is_private_room = serializers.BooleanField()
    min_spend_fen = serializers.IntegerField()


class PublicSittingSerializer(serializers.Serializer):
    number = serializers.CharField()
    guests = serializers.IntegerField()
    opened_at = serializers.DateTimeField()


class MenuDishSerializer(serializers.Serializer):
    """dining.selectors.menu."""

    product_id = serializers.IntegerField()
    name = serializers.CharField()
    subtitle = serializers.CharField()
    price_fen = serializers.IntegerField()
    category = serializers.CharField()
    spicy = serializers.IntegerField()
    unit = serializers.CharField()


class DineTableSerializer(serializers.Serializer):
    merchant = serializers.CharField()
    merchant_name = serializers.CharField()
    table = DineTableInfoSerializer()
    sitting = PublicSittingSerializer(allow_null=True)
    menu = MenuDishSerializer(many=True)


class DineOrderPlacedSerializer(serializers.Serializer):
    """pay=later: the dishes are on the table's bill; pay=now: a checkout to pay (its fields only)."""

    pay = serializers.ChoiceField(choices=["later", "now"])
    sitting = PublicSittingSerializer()
    bill = BillSerializer(required=False, help_text="pay=later")
    checkout_id = serializers.IntegerField(required=False, help_text="pay=now")
    order_no = serializers.CharField(required=False, help_text="pay=now")
    total_fen = serializers.IntegerField(required=False, help_text="pay=now")


class DishProgressSerializer(serializers.Serializer):
    dish_name = serializers.CharField()
    quantity = serializers.IntegerField()
    status = serializers.ChoiceField(choices=KitchenTicketStatus.choices)
    status_display = serializers.CharField()


class DineBillSerializer(serializers.Serializer):
    sitting = PublicSittingSerializer(allow_null=True)
    bill = BillSerializer(allow_null=True)
    dishes = DishProgressSerializer(many=True)


class MyShipmentSerializer(serializers.Serializer):
    """The tourist's view of a parcel (shop.shipping.shipment_row, TOURIST_SHIPMENT_KEYS)."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ShipmentKind.choices)
    status = serializers.ChoiceField(choices=ShipmentStatus.choices)
    status_display = serializers.CharField()
    lines = ShipmentLineSerializer(many=True)
    carrier = serializers.CharField()
    carrier_name = serializers.CharField()
    tracking_no = serializers.CharField()
    shipped_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    tracking = TrackingEventSerializer(many=True)
