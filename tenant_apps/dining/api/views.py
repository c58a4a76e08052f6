"""Dining merchant API (/api/v1/merchant/dining/...). Thin: selectors read, services write."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import StaffPerm, StaffPerms
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from shared_apps.core.params import actor, get_or_fail, parse_day, today, validated
from shared_apps.core.qr import qr_svg
from tenant_apps.dining import errors
from tenant_apps.promotions.models import Coupon

from .. import billing, selectors, services
from ..models import Bill, PayMethod, Sitting, Table, TicketStatus
from .responses import (
    BillQrSerializer,
    BillSerializer,
    CouponSerializer,
    DiningLedgerSerializer,
    KitchenTicketSerializer,
    ReconciliationSerializer,
    SittingDetailSerializer,
    SittingRowSerializer,
    TableQrSerializer,
    TableRowSerializer,
)


class TableInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=32)
    area = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    seats = serializers.IntegerField(min_value=1, max_value=100, default=4)
    is_private_room = serializers.BooleanField(default=False)
    min_spend_fen = serializers.IntegerField(min_value=0, default=0)


class TablePatchSerializer(serializers.Serializer):
    area = serializers.CharField(max_length=32, required=False, allow_blank=True)
    seats = serializers.IntegerField(min_value=1, max_value=100, required=False)
    is_private_room = serializers.BooleanField(required=False)
    min_spend_fen = serializers.IntegerField(min_value=0, required=False)
    is_active = serializers.BooleanField(required=False)


class GuestsSerializer(serializers.Serializer):
    guests = serializers.IntegerField(min_value=1, max_value=99, default=1)


class LineSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    quantity = serializers.IntegerField(min_value=1, max_value=services.MAX_QUANTITY)
    note = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class TabOrderSerializer(serializers.Serializer):
    lines = LineSerializer(many=True, allow_empty=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AdvanceSerializer(serializers.Serializer):
    to = serializers.ChoiceField(choices=[TicketStatus.COOKING, TicketStatus.SERVED, TicketStatus.CANCELLED])


class PaymentSerializer(serializers.Serializer):
    method = serializers.ChoiceField(choices=[(m, PayMethod(m).label) for m in billing.STAFF_METHODS])
    amount_fen = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")


class CouponCodeSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)


class QrSerializer(serializers.Serializer):
    amount_fen = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class IssueSerializer(serializers.Serializer):
    amount_fen = serializers.IntegerField(min_value=1)
    count = serializers.IntegerField(min_value=1, max_value=billing.MAX_COUPONS_PER_BATCH, default=1)
    threshold_fen = serializers.IntegerField(min_value=0, default=0)
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)


class DeclareSerializer(serializers.Serializer):
    day = serializers.DateField()
    method = serializers.ChoiceField(choices=[(m, PayMethod(m).label) for m in billing.STAFF_METHODS])
    declared_fen = serializers.IntegerField(min_value=0)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


def _bill(pk: int) -> dict:
    return selectors.bill_row(get_or_fail(Bill, pk, errors.NOT_FOUND_BILL))


def coupon_row(c: Coupon) -> dict:
    return {"id": c.pk, "code": c.code, "amount_fen": c.amount_fen, "threshold_fen": c.threshold_fen,
            "valid_from": c.valid_from, "valid_until": c.valid_until, "status": c.status, "bill_id": c.bill_id,
            "order_id": c.order_id,
            "discount_fen": c.discount_fen, "redeemed_at": c.redeemed_at, "batch": c.batch}


class TableListCreate(StaffPerms, APIView):
    write_perm = StaffPerm.FULFIL_SETUP

    @extend_schema(operation_id="merchant_dining_tables_list", responses=TableRowSerializer(many=True))
    def get(self, request):
        return Response([selectors.table_row(t) for t in Table.objects.all()])

    @extend_schema(request=TableInputSerializer, responses={201: TableRowSerializer, **error_bodies(400, 409)})
    def post(self, request):
        table = services.create_table(**validated(TableInputSerializer, request))
        return Response(selectors.table_row(table), status=status.HTTP_201_CREATED)


class TableDetail(StaffPerms, APIView):
    write_perm = StaffPerm.FULFIL_SETUP

    @extend_schema(request=TablePatchSerializer, responses={200: TableRowSerializer, **error_bodies(400, 404, 409)})
    def patch(self, request, pk: int):
        table = services.update_table(table_id=pk, **validated(TablePatchSerializer, request))
        return Response(selectors.table_row(table))


class TableRotate(StaffPerms, APIView):
    write_perm = StaffPerm.FULFIL_SETUP

    @extend_schema(request=None, responses={200: TableRowSerializer, **error_bodies(404)})
    def post(self, request, pk: int):
        return Response(selectors.table_row(services.rotate_token(table_id=pk)))


class TableQr(StaffPerms, APIView):
    @extend_schema(responses={200: TableQrSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        table = get_or_fail(Table, pk, errors.NOT_FOUND_TABLE)
        url = services.table_url(table)
        return Response({"table_id": table.pk, "name": table.name, "url": url, "svg": qr_svg(url)})


class TableOpen(StaffPerms, APIView):
    @extend_schema(request=GuestsSerializer, responses={201: SittingDetailSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        table = get_or_fail(Table, pk, errors.NOT_FOUND_TABLE)
        sitting = services.open_sitting(table_id=table.pk, actor=actor(request),
                                        **validated(GuestsSerializer, request))
        return Response(selectors.sitting_detail(sitting), status=status.HTTP_201_CREATED)


class SittingList(StaffPerms, APIView):
    @extend_schema(operation_id="merchant_dining_sittings_list",
                   parameters=[OpenApiParameter("status", str), OpenApiParameter("day", str)],
                   responses={200: SittingRowSerializer(many=True), **error_bodies(400)})
    def get(self, request):
        qs = Sitting.objects.select_related("table", "bill")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        if request.query_params.get("day"):
            qs = qs.filter(business_day=parse_day(request.query_params["day"]))
        return Response([{"id": s.pk, "number": s.number, "table": s.table.name, "status": s.status,
                          "guests": s.guests, "opened_at": s.opened_at, "bill_id": s.bill.pk,
                          "total_fen": s.bill.total_fen, "balance_fen": s.bill.balance_fen} for s in qs[:300]])


class SittingDetail(StaffPerms, APIView):
    @extend_schema(responses={200: SittingDetailSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        return Response(selectors.sitting_detail(get_or_fail(Sitting, pk, errors.NOT_FOUND_SITTING)))


class SittingOrders(StaffPerms, APIView):
    @extend_schema(request=TabOrderSerializer, responses={201: SittingDetailSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        data = validated(TabOrderSerializer, request)
        services.place_tab_order(sitting_id=pk, lines=[dict(x) for x in data["lines"]], actor=actor(request),
                                 note=data["note"])
        return Response(selectors.sitting_detail(get_or_fail(Sitting, pk, errors.NOT_FOUND_SITTING)),
                        status=status.HTTP_201_CREATED)


class SittingClose(StaffPerms, APIView):
    @extend_schema(request=None, responses={200: SittingDetailSerializer, **error_bodies(404, 409)})
    def post(self, request, pk: int):
        services.close_sitting(sitting_id=pk, actor=actor(request))
        return Response(selectors.sitting_detail(get_or_fail(Sitting, pk, errors.NOT_FOUND_SITTING)))


class KitchenQueue(StaffPerms, APIView):
    @extend_schema(responses=KitchenTicketSerializer(many=True))
    def get(self, request):
        return Response([selectors.ticket_row(t) for t in services.kitchen_queue()])


class KitchenAdvance(StaffPerms, APIView):
    @extend_schema(request=AdvanceSerializer, responses={200: KitchenTicketSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        ticket = services.advance_ticket(ticket_id=pk, to=validated(AdvanceSerializer, request)["to"],
                                         actor=actor(request))
        return Response(selectors.ticket_row(ticket))


class BillDetail(StaffPerms, APIView):
    @extend_schema(responses={200: BillSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        return Response(_bill(pk))


class BillPayments(StaffPerms, APIView):
    write_perm = StaffPerm.CASHIER_SETTLE

    @extend_schema(request=PaymentSerializer, responses={201: BillSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        data = validated(PaymentSerializer, request)
        billing.record_payment(bill_id=pk, method=data["method"], actor=actor(request), amount_fen=data["amount_fen"],
                               reference=data["reference"] or None)
        return Response(_bill(pk), status=status.HTTP_201_CREATED)


class BillCoupon(StaffPerms, APIView):
    write_perm = StaffPerm.CASHIER_SETTLE

    @extend_schema(request=CouponCodeSerializer, responses={200: BillSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        billing.redeem_coupon(bill_id=pk, code=validated(CouponCodeSerializer, request)["code"], actor=actor(request))
        return Response(_bill(pk))


class BillQr(StaffPerms, APIView):
    write_perm = StaffPerm.CASHIER_SETTLE

    @extend_schema(request=QrSerializer, responses={200: BillQrSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        return Response(billing.payment_qr(bill_id=pk, **validated(QrSerializer, request)))


class CouponListCreate(StaffPerms, APIView):
    write_perm = StaffPerm.FULFIL_SETUP

    @extend_schema(operation_id="merchant_dining_coupons_list",
                   parameters=[OpenApiParameter("status", str)], responses=CouponSerializer(many=True))
    def get(self, request):
        qs = Coupon.objects.all()
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        return Response([coupon_row(c) for c in qs[:500]])

    @extend_schema(request=IssueSerializer, responses={201: CouponSerializer(many=True), **error_bodies(400)})
    def post(self, request):
        made = billing.issue_coupons(**validated(IssueSerializer, request))
        return Response([coupon_row(c) for c in made], status=status.HTTP_201_CREATED)


class CouponVoid(StaffPerms, APIView):
    write_perm = StaffPerm.FULFIL_SETUP

    @extend_schema(request=None, responses={200: CouponSerializer, **error_bodies(404, 409)})
    def post(self, request, pk: int):
        return Response(coupon_row(billing.void_coupon(coupon_id=pk)))


def _range(request):
    start = parse_day(request.query_params.get("start"), "start", today())
    end = parse_day(request.query_params.get("end"), "end", start)
    if end < start or (end - start).days > 92:
        raise DomainError(errors.RANGE_INVALID_BAD_DATE)
    return start, end


class LedgerView(StaffPerms, APIView):
    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses={200: DiningLedgerSerializer, **error_bodies(400)})
    def get(self, request):
        start, end = _range(request)
        return Response(billing.ledger(start=start, end=end))


class LedgerExport(StaffPerms, APIView):
    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses={(200, "text/csv"): str})
    def get(self, request):
        start, end = _range(request)
        response = HttpResponse(billing.ledger_csv(billing.ledger(start=start, end=end)),
                                content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="dining-ledger-{start}-{end}.csv"'
        return response


class ReconciliationView(StaffPerms, APIView):
    read_perm = write_perm = StaffPerm.FINANCE_RECONCILE

    @extend_schema(parameters=[OpenApiParameter("day", str)],
                   responses={200: ReconciliationSerializer, **error_bodies(400)})
    def get(self, request):
        return Response(billing.reconcile(day=parse_day(request.query_params.get("day"), "day", today())))

    @extend_schema(request=DeclareSerializer, responses={200: ReconciliationSerializer, **error_bodies(400)})
    def put(self, request):
        data = validated(DeclareSerializer, request)
        billing.declare(actor=actor(request), **data)
        return Response(billing.reconcile(day=data["day"]))
