"""Hotel merchant API (/api/v1/merchant/hotel/...). Thin: selectors read, services write."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import StaffPerm, StaffPerms
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from shared_apps.core.params import actor, int_param, parse_day, today, validated
from tenant_apps.hotel import errors

from .. import folio as folios
from .. import selectors, services
from ..models import ChargeKind, Folio, Room, RoomStatus, Stay
from .responses import (
    BoardSerializer,
    FolioDetailSerializer,
    FolioQrOutSerializer,
    FolioRowSerializer,
    HoldCreatedSerializer,
    LedgerSerializer,
    StayDetailSerializer,
    StayRowSerializer,
)


class RoomSerializer(serializers.ModelSerializer):
    room_type_name = serializers.CharField(source="room_type.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Room
        fields = ["id", "number", "floor", "room_type_id", "room_type_name", "status", "status_display", "note",
                  "is_active"]


class RoomInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=16)
    floor = serializers.IntegerField(min_value=-5, max_value=200, default=1)
    room_type_id = serializers.IntegerField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RoomPatchSerializer(serializers.Serializer):
    floor = serializers.IntegerField(min_value=-5, max_value=200, required=False)
    room_type_id = serializers.IntegerField(required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class RoomStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RoomStatus.choices)


class HoldSerializer(serializers.Serializer):
    start = serializers.DateField()
    nights = serializers.IntegerField(min_value=1, max_value=services.MAX_HOLD_NIGHTS)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AssignSerializer(serializers.Serializer):
    room_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    allow_other_type = serializers.BooleanField(required=False, default=False)


class CheckInSerializer(serializers.Serializer):
    room_id = serializers.IntegerField(required=False, allow_null=True, default=None)
    guests = serializers.ListField(child=serializers.DictField(), required=False, allow_null=True, default=None)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class WalkInSerializer(serializers.Serializer):
    guest_name = serializers.CharField(max_length=50)


class ChargeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ChargeKind.choices)
    amount_fen = serializers.IntegerField(min_value=1, max_value=folios.MAX_CHARGE_FEN)
    description = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="FolioPayment")
class PaymentSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=folios.STAFF_METHOD_CHOICES)
    amount_fen = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="FolioQr")
class QrSerializer(serializers.Serializer):
    amount_fen = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


def _stay(pk: int) -> Stay:
    stay = Stay.objects.select_related("room", "order").filter(pk=pk).first()
    if stay is None:
        raise DomainError(errors.NOT_FOUND_STAY)
    return stay


def stay_detail(pk: int) -> dict:
    stay = _stay(pk)
    data = selectors.stay_row(stay)
    data["events"] = [{"from": e.from_status, "to": e.to_status, "actor": e.actor, "reason": e.reason, "at": e.at}
                      for e in stay.events.all()]
    return data


def folio_detail(folio: Folio) -> dict:
    folio.refresh_from_db()
    return {"id": folio.pk, "stay_id": folio.stay_id, "guest_name": folio.guest_name, "status": folio.status,
            "charges_fen": folio.charges_fen, "paid_fen": folio.paid_fen, "balance_fen": folio.balance_fen,
            "charges": [{"id": c.pk, "kind": c.kind, "kind_display": c.get_kind_display(),
                         "description": c.description, "amount_fen": c.amount_fen, "created_by": c.created_by,
                         "created_at": c.created_at} for c in folio.charges.all()],
            "payments": [{"id": p.pk, "method": p.method, "method_display": p.get_method_display(),
                          "amount_fen": p.amount_fen, "reference": p.reference, "created_by": p.created_by,
                          "created_at": p.created_at} for p in folio.payments.all()]}


def _folio(pk: int) -> Folio:
    folio = Folio.objects.filter(pk=pk).first()
    if folio is None:
        raise DomainError(errors.NOT_FOUND_FOLIO)
    return folio


class RoomListCreate(StaffPerms, APIView):
    write_perm = StaffPerm.FULFIL_SETUP

    @extend_schema(responses=RoomSerializer(many=True))
    def get(self, request):
        return Response(RoomSerializer(Room.objects.select_related("room_type"), many=True).data)

    @extend_schema(request=RoomInputSerializer, responses={201: RoomSerializer})
    def post(self, request):
        room = services.create_room(**validated(RoomInputSerializer, request))
        return Response(RoomSerializer(room).data, status=status.HTTP_201_CREATED)


class RoomDetail(StaffPerms, APIView):
    write_perm = StaffPerm.FULFIL_SETUP

    @extend_schema(request=RoomPatchSerializer, responses=RoomSerializer)
    def patch(self, request, pk: int):
        room = services.update_room(room_id=pk, **validated(RoomPatchSerializer, request))
        return Response(RoomSerializer(room).data)


class RoomStatusView(StaffPerms, APIView):
    @extend_schema(request=RoomStatusSerializer, responses=RoomSerializer)
    def post(self, request, pk: int):
        data = validated(RoomStatusSerializer, request)
        room = services.set_room_status(room_id=pk, status=data["status"], actor=actor(request))
        return Response(RoomSerializer(room).data)


class RoomHoldView(StaffPerms, APIView):
    @extend_schema(request=HoldSerializer, responses={201: HoldCreatedSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        data = validated(HoldSerializer, request)
        ref = services.hold_room(room_id=pk, actor=actor(request), **data)
        return Response({"hold_ref": ref, "room_id": pk, **data}, status=status.HTTP_201_CREATED)


class HoldReleaseView(StaffPerms, APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request, ref: str):
        services.release_hold(hold_ref=ref)
        return Response(status=status.HTTP_204_NO_CONTENT)


class BoardView(StaffPerms, APIView):
    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("days", int)],
                   responses={200: BoardSerializer, **error_bodies(400)})
    def get(self, request):
        start = parse_day(request.query_params.get("start"), "start", today())
        days = int_param(request.query_params.get("days"), "days") or 7
        return Response(selectors.board(start=start, days=days))


class StayList(StaffPerms, APIView):
    @extend_schema(operation_id="merchant_hotel_stays_list",
                   parameters=[OpenApiParameter(n, str) for n in ("status", "day", "q", "start", "end")],
                   responses={200: StayRowSerializer(many=True), **error_bodies(400)})
    def get(self, request):
        p = request.query_params
        rows = selectors.stays(status=p.get("status", ""), day=parse_day(p.get("day")), q=p.get("q", ""),
                               start=parse_day(p.get("start"), "start"), end=parse_day(p.get("end"), "end"),
                               room_type_id=int_param(p.get("room_type_id"), "room_type_id"))
        return Response([selectors.stay_row(s) for s in selectors.with_folios(rows[:500])])


class StayDetail(StaffPerms, APIView):
    @extend_schema(responses={200: StayDetailSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        return Response(stay_detail(pk))


class StayAssign(StaffPerms, APIView):
    @extend_schema(request=AssignSerializer, responses={200: StayDetailSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        data = validated(AssignSerializer, request)
        if data["room_id"]:
            services.assign_room(stay_id=pk, room_id=data["room_id"], actor=actor(request),
                                 allow_other_type=data["allow_other_type"])
        else:
            services.auto_assign(stay_id=pk, actor=actor(request))
        return Response(stay_detail(pk))


class StayUnassign(StaffPerms, APIView):
    @extend_schema(request=None, responses={200: StayDetailSerializer, **error_bodies(404, 409)})
    def post(self, request, pk: int):
        services.unassign_room(stay_id=pk, actor=actor(request))
        return Response(stay_detail(pk))


class StayCheckIn(StaffPerms, APIView):
    @extend_schema(request=CheckInSerializer, responses={200: StayDetailSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        data = validated(CheckInSerializer, request)
        services.check_in(stay_id=pk, actor=actor(request), room_id=data["room_id"], guests=data["guests"])
        return Response(stay_detail(pk))


class StayCheckOut(StaffPerms, APIView):
    @extend_schema(request=None, responses={200: StayDetailSerializer, **error_bodies(404, 409)})
    def post(self, request, pk: int):
        services.check_out(stay_id=pk, actor=actor(request))
        return Response(stay_detail(pk))


class StayNoShow(StaffPerms, APIView):
    @extend_schema(request=ReasonSerializer, responses={200: StayDetailSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        services.mark_no_show(stay_id=pk, actor=actor(request), reason=validated(ReasonSerializer, request)["reason"])
        return Response(stay_detail(pk))


class StayFolio(StaffPerms, APIView):
    @extend_schema(responses={200: FolioDetailSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        _stay(pk)
        return Response(folio_detail(folios.folio_for_stay(stay_id=pk)))


class FolioCreate(StaffPerms, APIView):
    @extend_schema(operation_id="merchant_hotel_folios_list",
                   parameters=[OpenApiParameter("status", str)], responses=FolioRowSerializer(many=True))
    def get(self, request):
        qs = Folio.objects.all()
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        return Response([{"id": f.pk, "stay_id": f.stay_id, "guest_name": f.guest_name, "status": f.status,
                          "charges_fen": f.charges_fen, "paid_fen": f.paid_fen, "balance_fen": f.balance_fen,
                          "created_at": f.created_at} for f in qs[:500]])

    @extend_schema(request=WalkInSerializer, responses={201: FolioDetailSerializer, **error_bodies(400)})
    def post(self, request):
        folio = folios.open_walk_in(**validated(WalkInSerializer, request))
        return Response(folio_detail(folio), status=status.HTTP_201_CREATED)


class FolioDetail(StaffPerms, APIView):
    @extend_schema(responses={200: FolioDetailSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        return Response(folio_detail(_folio(pk)))


class FolioCharges(StaffPerms, APIView):
    @extend_schema(request=ChargeSerializer, responses={201: FolioDetailSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        folios.add_charge(folio_id=_folio(pk).pk, actor=actor(request), **validated(ChargeSerializer, request))
        return Response(folio_detail(_folio(pk)), status=status.HTTP_201_CREATED)


class FolioPayments(StaffPerms, APIView):
    write_perm = StaffPerm.CASHIER_SETTLE

    @extend_schema(request=PaymentSerializer, responses={201: FolioDetailSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        data = validated(PaymentSerializer, request)
        folios.record_payment(folio_id=_folio(pk).pk, method=data["method"], actor=actor(request),
                              amount_fen=data["amount_fen"], reference=data["reference"] or None)
        return Response(folio_detail(_folio(pk)), status=status.HTTP_201_CREATED)


class FolioQr(StaffPerms, APIView):
    write_perm = StaffPerm.CASHIER_SETTLE

    @extend_schema(request=QrSerializer, responses={200: FolioQrOutSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        return Response(folios.payment_qr(folio_id=_folio(pk).pk, **validated(QrSerializer, request)))


def _ledger(request) -> dict:
    p = request.query_params
    return selectors.ledger(start=parse_day(p.get("start"), "start"), end=parse_day(p.get("end"), "end"),
                            status=p.get("status", ""), q=p.get("q", ""),
                            room_type_id=int_param(p.get("room_type_id"), "room_type_id"))


LEDGER_PARAMS = [OpenApiParameter(n, str) for n in ("start", "end", "status", "q", "room_type_id")]


class LedgerView(StaffPerms, APIView):
    @extend_schema(parameters=LEDGER_PARAMS, responses={200: LedgerSerializer, **error_bodies(400)})
    def get(self, request):
        return Response(_ledger(request))


class LedgerExport(StaffPerms, APIView):
    @extend_schema(parameters=LEDGER_PARAMS, responses={(200, "text/csv"): str})
    def get(self, request):
        response = HttpResponse(selectors.ledger_csv(_ledger(request)), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="hotel-ledger-{today()}.csv"'
        return response
