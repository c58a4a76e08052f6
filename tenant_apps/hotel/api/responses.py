"""Response shapes of the hotel API (what hotel.selectors, folio and the views build)."""

from rest_framework import serializers

from shared_apps.core.api_schema import StatusEventSerializer

from ..models import ChargeKind, FolioStatus, PayMethod, RoomStatus, StayStatus


class HoldCreatedSerializer(serializers.Serializer):
    hold_ref = serializers.CharField()
    room_id = serializers.IntegerField()
    start = serializers.DateField()
    nights = serializers.IntegerField()
    note = serializers.CharField()


class StayRowSerializer(serializers.Serializer):
    """hotel.selectors.stay_row: a stay with its folio totals."""

    id = serializers.IntegerField()
    order_id = serializers.IntegerField()
    order_no = serializers.CharField()
    unit = serializers.IntegerField()
    room_type_id = serializers.IntegerField()
    room_type_name = serializers.CharField()
    arrival = serializers.DateField()
    departure = serializers.DateField()
    nights = serializers.IntegerField()
    guest_name = serializers.CharField()
    contact_phone = serializers.CharField()
    guests = serializers.ListField(child=serializers.DictField(), help_text="Traveller snapshots")
    amount_fen = serializers.IntegerField()
    room_id = serializers.IntegerField(allow_null=True)
    room_number = serializers.CharField()
    status = serializers.ChoiceField(choices=StayStatus.choices)
    status_display = serializers.CharField()
    pay_at_hotel = serializers.BooleanField()
    checked_in_at = serializers.DateTimeField(allow_null=True)
    checked_out_at = serializers.DateTimeField(allow_null=True)
    folio_id = serializers.IntegerField(allow_null=True)
    folio_charges_fen = serializers.IntegerField()
    folio_paid_fen = serializers.IntegerField()
    folio_balance_fen = serializers.IntegerField()


class StayDetailSerializer(StayRowSerializer):
    events = StatusEventSerializer(many=True)


class BoardCellSerializer(serializers.Serializer):
    """One room-night: free, a stay or a hold (the fields of its kind only)."""

    kind = serializers.ChoiceField(choices=["free", "stay", "hold"])
    stay_id = serializers.IntegerField(required=False)
    guest_name = serializers.CharField(required=False)
    status = serializers.ChoiceField(choices=StayStatus.choices, required=False)
    order_no = serializers.CharField(required=False)
    hold_ref = serializers.CharField(required=False)
    note = serializers.CharField(required=False)


class BoardRoomSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    floor = serializers.IntegerField()
    room_type_id = serializers.IntegerField()
    room_type_name = serializers.CharField()
    status = serializers.ChoiceField(choices=RoomStatus.choices)
    status_display = serializers.CharField()
    nights = BoardCellSerializer(many=True)


class BoardSerializer(serializers.Serializer):
    """hotel.selectors.board: rooms x nights, and the unassigned arrivals."""

    start = serializers.DateField()
    days = serializers.ListField(child=serializers.DateField())
    rooms = BoardRoomSerializer(many=True)
    unassigned = StayRowSerializer(many=True)


class FolioRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stay_id = serializers.IntegerField(allow_null=True)
    guest_name = serializers.CharField()
    status = serializers.ChoiceField(choices=FolioStatus.choices)
    charges_fen = serializers.IntegerField()
    paid_fen = serializers.IntegerField()
    balance_fen = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class FolioChargeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ChargeKind.choices)
    kind_display = serializers.CharField()
    description = serializers.CharField()
    amount_fen = serializers.IntegerField()
    created_by = serializers.CharField()
    created_at = serializers.DateTimeField()


class FolioPaymentOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    method = serializers.ChoiceField(choices=PayMethod.choices)
    method_display = serializers.CharField()
    amount_fen = serializers.IntegerField()
    reference = serializers.CharField(allow_null=True)
    created_by = serializers.CharField()
    created_at = serializers.DateTimeField()


class FolioDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    stay_id = serializers.IntegerField(allow_null=True)
    guest_name = serializers.CharField()
    status = serializers.ChoiceField(choices=FolioStatus.choices)
    charges_fen = serializers.IntegerField()
    paid_fen = serializers.IntegerField()
    balance_fen = serializers.IntegerField()
    charges = FolioChargeSerializer(many=True)
    payments = FolioPaymentOutSerializer(many=True)


class PaymentQrSerializer(serializers.Serializer):
    """hotel.qrpay.payment_qr: a signed offline-pay QR."""

    amount_fen = serializers.IntegerField()
    token = serializers.CharField()
    url = serializers.CharField()
    svg = serializers.CharField(help_text="The QR code as SVG markup")


class FolioQrOutSerializer(PaymentQrSerializer):
    folio_id = serializers.IntegerField()


class LedgerRowSerializer(StayRowSerializer):
    order_status = serializers.CharField()
    order_status_display = serializers.CharField()


class LedgerTotalsSerializer(serializers.Serializer):
    amount_fen = serializers.IntegerField()
    folio_charges_fen = serializers.IntegerField()
    folio_paid_fen = serializers.IntegerField()
    folio_balance_fen = serializers.IntegerField()


class LedgerSerializer(serializers.Serializer):
    """hotel.selectors.ledger."""

    rows = LedgerRowSerializer(many=True)
    count = serializers.IntegerField()
    totals = LedgerTotalsSerializer()
