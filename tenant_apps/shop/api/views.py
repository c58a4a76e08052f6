"""Shop merchant API (/api/v1/merchant/shop/...). Thin: services write, rows are read here."""

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import StaffPerm, StaffPerms
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.params import actor, get_or_fail, parse_day, today, validated
from shared_apps.payments import refund_approval
from tenant_apps.promotions import bundles
from tenant_apps.promotions.models import BundleOffer
from tenant_apps.shop import errors

from .. import complaints, returns, shipping, stats, supply
from ..carriers import CARRIERS, CODES
from ..models import Complaint, ReturnRequest, Shipment, Supplier
from .responses import (
    BundlePreviewOutSerializer,
    BundleRowSerializer,
    CarriersSerializer,
    ComplaintDetailSerializer,
    ComplaintRowSerializer,
    DailySalesSerializer,
    RmaRowSerializer,
    ShipmentRowSerializer,
    SupplierRowSerializer,
)


class SupplierSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SupplierPatchSerializer(serializers.Serializer):
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class SupplierProductSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    supplier_sku = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    cost_fen = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    is_primary = serializers.BooleanField(default=False)


class BundleSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    product_ids = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    min_quantity = serializers.IntegerField(min_value=2, max_value=99)
    discount_fen = serializers.IntegerField(min_value=1)
    is_active = serializers.BooleanField(default=True)
    valid_from = serializers.DateField(required=False, allow_null=True, default=None)
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)


class PreviewLineSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    quantity = serializers.IntegerField(min_value=1, max_value=99)


class PreviewSerializer(serializers.Serializer):
    lines = PreviewLineSerializer(many=True, allow_empty=False)


class ShipSerializer(serializers.Serializer):
    carrier = serializers.ChoiceField(choices=list(CARRIERS.items()))
    tracking_no = serializers.CharField(max_length=40)


class TrackingSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=list(CODES.items()))
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


@extend_schema_serializer(component_name="ReturnNote")
class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RefundSerializer(serializers.Serializer):
    restock = serializers.BooleanField(default=False)


class BodySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=1000)


class CarrierList(StaffPerms, APIView):
    @extend_schema(responses=CarriersSerializer)
    def get(self, request):
        return Response({"carriers": [{"code": k, "name": v} for k, v in CARRIERS.items()],
                         "tracking_codes": [{"code": k, "name": v} for k, v in CODES.items()]})


class SupplierListCreate(StaffPerms, APIView):
    write_perm = StaffPerm.FULFIL_SETUP

    @extend_schema(operation_id="merchant_shop_suppliers_list", responses=SupplierRowSerializer(many=True))
    def get(self, request):
        return Response([supply.supplier_row(s) for s in Supplier.objects.all()])

    @extend_schema(request=SupplierSerializer, responses={201: SupplierRowSerializer, **error_bodies(400, 409)})
    def post(self, request):
        supplier = supply.create_supplier(**validated(SupplierSerializer, request))
        return Response(supply.supplier_row(supplier), status=status.HTTP_201_CREATED)


class SupplierDetail(StaffPerms, APIView):
    write_perm = StaffPerm.FULFIL_SETUP

    @extend_schema(responses={200: SupplierRowSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        return Response(supply.supplier_row(get_or_fail(Supplier, pk, errors.NOT_FOUND_SUPPLIER)))

    @extend_schema(request=SupplierPatchSerializer,
                   responses={200: SupplierRowSerializer, **error_bodies(400, 404, 409)})
    def patch(self, request, pk: int):
        supplier = supply.update_supplier(supplier_id=pk, **validated(SupplierPatchSerializer, request))
        return Response(supply.supplier_row(supplier))


class SupplierProducts(StaffPerms, APIView):
    write_perm = StaffPerm.FULFIL_SETUP

    @extend_schema(request=SupplierProductSerializer(many=True),
                   responses={200: SupplierRowSerializer, **error_bodies(400, 404)})
    def put(self, request, pk: int):
        ser = SupplierProductSerializer(data=request.data, many=True)
        ser.is_valid(raise_exception=True)
        supply.set_supplier_products(supplier_id=pk, items=[dict(x) for x in ser.validated_data])
        return Response(supply.supplier_row(get_or_fail(Supplier, pk, errors.NOT_FOUND_SUPPLIER)))


class BundleListCreate(StaffPerms, APIView):
    write_perm = StaffPerm.FULFIL_SETUP

    @extend_schema(operation_id="merchant_shop_bundles_list", responses=BundleRowSerializer(many=True))
    def get(self, request):
        return Response([bundles.bundle_row(b) for b in BundleOffer.objects.prefetch_related("products")])

    @extend_schema(request=BundleSerializer, responses={201: BundleRowSerializer, **error_bodies(400)})
    def post(self, request):
        offer = bundles.save_bundle(**validated(BundleSerializer, request))
        return Response(bundles.bundle_row(offer), status=status.HTTP_201_CREATED)


class BundleDetail(StaffPerms, APIView):
    write_perm = StaffPerm.FULFIL_SETUP

    @extend_schema(request=BundleSerializer, responses={200: BundleRowSerializer, **error_bodies(400, 404)})
    def put(self, request, pk: int):
        offer = bundles.save_bundle(bundle_id=get_or_fail(BundleOffer, pk, errors.NOT_FOUND_BUNDLE_OFFER).pk,
                                    **validated(BundleSerializer, request))
        return Response(bundles.bundle_row(offer))


class BundlePreview(StaffPerms, APIView):
    write_perm = StaffPerm.CONSOLE_VIEW  # a read, sent as POST for its body

    @extend_schema(request=PreviewSerializer, responses={200: BundlePreviewOutSerializer, **error_bodies(400, 409)})
    def post(self, request):
        return Response(bundles.preview([dict(x) for x in validated(PreviewSerializer, request)["lines"]]))


class ShipmentList(StaffPerms, APIView):
    @extend_schema(operation_id="merchant_shop_shipments_list",
                   parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)],
                   responses=ShipmentRowSerializer(many=True))
    def get(self, request):
        qs = Shipment.objects.select_related("order").prefetch_related("tracking")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        q = request.query_params.get("q", "").strip()
        if q:
            qs = qs.filter(Q(order__order_no__contains=q) | Q(tracking_no__contains=q))
        return Response([shipping.shipment_row(s) for s in qs[:300]])


class ShipmentDetail(StaffPerms, APIView):
    @extend_schema(responses={200: ShipmentRowSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        return Response(shipping.shipment_row(get_or_fail(Shipment, pk, errors.NOT_FOUND_SHIPMENT)))


class ShipmentShip(StaffPerms, APIView):
    @extend_schema(request=ShipSerializer, responses={200: ShipmentRowSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        shipping.ship(shipment_id=pk, actor=actor(request), **validated(ShipSerializer, request))
        return Response(shipping.shipment_row(get_or_fail(Shipment, pk, errors.NOT_FOUND_SHIPMENT)))


class ShipmentTracking(StaffPerms, APIView):
    @extend_schema(request=TrackingSerializer, responses={201: ShipmentRowSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        shipping.add_tracking(shipment_id=pk, actor=actor(request), **validated(TrackingSerializer, request))
        return Response(shipping.shipment_row(get_or_fail(Shipment, pk, errors.NOT_FOUND_SHIPMENT)),
                        status=status.HTTP_201_CREATED)


class ShipmentPoll(StaffPerms, APIView):
    @extend_schema(request=None, responses={200: ShipmentRowSerializer, **error_bodies(404, 409)})
    def post(self, request, pk: int):
        shipping.poll_tracking(shipment_id=get_or_fail(Shipment, pk, errors.NOT_FOUND_SHIPMENT).pk)
        return Response(shipping.shipment_row(get_or_fail(Shipment, pk, errors.NOT_FOUND_SHIPMENT)))


class ReturnList(StaffPerms, APIView):
    @extend_schema(operation_id="merchant_shop_returns_list",
                   parameters=[OpenApiParameter("status", str)], responses=RmaRowSerializer(many=True))
    def get(self, request):
        qs = ReturnRequest.objects.select_related("order")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        return Response([returns.rma_row(r) for r in qs[:300]])


class ReturnDetail(StaffPerms, APIView):
    @extend_schema(responses={200: RmaRowSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        return Response(returns.rma_row(get_or_fail(ReturnRequest, pk, errors.NOT_FOUND_RETURN_REQUEST)))


class ReturnDecide(StaffPerms, APIView):
    approve = True

    @extend_schema(request=NoteSerializer, responses={200: RmaRowSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        returns.decide(rma_id=pk, approve=self.approve, actor=actor(request),
                       note=validated(NoteSerializer, request)["note"])
        return Response(returns.rma_row(get_or_fail(ReturnRequest, pk, errors.NOT_FOUND_RETURN_REQUEST)))


class ReturnReject(ReturnDecide):
    approve = False


class ReturnGoodsReceived(StaffPerms, APIView):
    @extend_schema(request=None, responses={200: RmaRowSerializer, **error_bodies(404, 409)})
    def post(self, request, pk: int):
        returns.goods_received(rma_id=pk, actor=actor(request))
        return Response(returns.rma_row(get_or_fail(ReturnRequest, pk, errors.NOT_FOUND_RETURN_REQUEST)))


class ReturnRefund(StaffPerms, APIView):
    write_perm = StaffPerm.ORDERS_HANDLE

    @extend_schema(request=RefundSerializer, responses={200: RmaRowSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        refund_approval.refund_return(rma_id=pk, actor=actor(request), **validated(RefundSerializer, request))
        return Response(returns.rma_row(get_or_fail(ReturnRequest, pk, errors.NOT_FOUND_RETURN_REQUEST)))


class ComplaintList(StaffPerms, APIView):
    @extend_schema(operation_id="merchant_shop_complaints_list",
                   parameters=[OpenApiParameter("status", str)], responses=ComplaintRowSerializer(many=True))
    def get(self, request):
        qs = Complaint.objects.select_related("order")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        return Response([complaints.complaint_row(c, with_messages=False) for c in qs[:300]])


class ComplaintDetail(StaffPerms, APIView):
    @extend_schema(responses={200: ComplaintDetailSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        return Response(complaints.complaint_row(get_or_fail(Complaint, pk, errors.NOT_FOUND_COMPLAINT)))


class ComplaintReply(StaffPerms, APIView):
    @extend_schema(request=BodySerializer, responses={200: ComplaintDetailSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        body = validated(BodySerializer, request)["body"]
        complaints.merchant_reply(complaint_id=pk, actor=actor(request), body=body)
        return Response(complaints.complaint_row(get_or_fail(Complaint, pk, errors.NOT_FOUND_COMPLAINT)))


class DailyStats(StaffPerms, APIView):
    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses={200: DailySalesSerializer, **error_bodies(400)})
    def get(self, request):
        end = parse_day(request.query_params.get("end"), "end", today())
        start = parse_day(request.query_params.get("start"), "start", end.replace(day=1))
        return Response(stats.daily_sales(start=start, end=end))
