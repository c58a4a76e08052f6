"""Tourist endpoints for goods orders (platform host, /api/v1/): tracking, confirming receipt,
returns / exchanges, complaints about any order, and the bundle-discount preview.

    path("", include("shared_apps.fulfilment.api.urls_tourist_shop")),
"""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError, Failure
from shared_apps.core.idempotency import run_idempotent
from shared_apps.fulfilment import errors
from tenant_apps.promotions import bundles
from tenant_apps.shop import complaints, returns, shipping
from tenant_apps.shop.api.responses import BundlePreviewOutSerializer, ComplaintDetailSerializer, RmaRowSerializer
from tenant_apps.shop.complaints import complaint_row
from tenant_apps.shop.models import Complaint, ReturnRequest, Shipment
from tenant_apps.shop.returns import rma_row
from tenant_apps.shop.shipping import shipment_row
from tenants.utils import in_tenant

from .responses import MyShipmentSerializer
from .tourist_common import active_merchant, my_order_index, plain, valid

TOURIST_SHIPMENT_KEYS = ("id", "kind", "status", "status_display", "lines", "carrier", "carrier_name", "tracking_no",
                         "shipped_at", "delivered_at", "received_at", "tracking")


class RmaLineSerializer(serializers.Serializer):
    line_id = serializers.IntegerField()
    quantity = serializers.IntegerField(min_value=1)


class RmaSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[("return", "退货退款"), ("exchange", "换货")])
    reason = serializers.CharField(max_length=200)
    lines = RmaLineSerializer(many=True, required=False, default=list)


class ShipBackSerializer(serializers.Serializer):
    carrier = serializers.CharField(max_length=16)
    tracking_no = serializers.CharField(max_length=40)


class ComplaintSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=100)
    body = serializers.CharField(max_length=1000)


class BodySerializer(serializers.Serializer):
    body = serializers.CharField(max_length=1000)


class EscalateSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class CloseSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True, default=None)


class PreviewLineSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    quantity = serializers.IntegerField(min_value=1, max_value=99)


class PreviewSerializer(serializers.Serializer):
    lines = PreviewLineSerializer(many=True, allow_empty=False)


def _shipments(order_id: int) -> list[dict]:
    return [{k: row[k] for k in TOURIST_SHIPMENT_KEYS} for row in
            (shipment_row(s) for s in Shipment.objects.filter(order_id=order_id).select_related("order")
             .prefetch_related("tracking"))]


def _own(model, pk: int, order_id: int, missing: Failure):
    obj = model.objects.filter(pk=pk, order_id=order_id).select_related("order").first()
    if obj is None:
        raise DomainError(missing)
    return obj


class ShipmentsView(APIView):
    """GET me/orders/{merchant}/{order_no}/shipments/: parcels and their tracking."""

    @extend_schema(responses={200: MyShipmentSerializer(many=True), **error_bodies(404)})
    def get(self, request, merchant: str, order_no: str):
        index = my_order_index(request, merchant, order_no)
        with in_tenant(index.merchant):
            return Response(_shipments(index.order_id))


class ReceiveView(APIView):
    """POST me/orders/{merchant}/{order_no}/receive/: I have the goods (the order completes)."""

    @extend_schema(request=None, responses={200: MyShipmentSerializer(many=True), **error_bodies(404, 409)})
    def post(self, request, merchant: str, order_no: str):
        index = my_order_index(request, merchant, order_no)
        with in_tenant(index.merchant):
            shipping.confirm_received(order_id=index.order_id, actor=request.user.username)
            return Response(_shipments(index.order_id))


class ReturnsView(APIView):
    """GET|POST me/orders/{merchant}/{order_no}/returns/: my returns / exchanges (Idempotency-Key on POST)."""

    @extend_schema(responses={200: RmaRowSerializer(many=True), **error_bodies(404)})
    def get(self, request, merchant: str, order_no: str):
        index = my_order_index(request, merchant, order_no)
        with in_tenant(index.merchant):
            return Response([rma_row(r) for r in ReturnRequest.objects.filter(order_id=index.order_id)
                             .select_related("order")])

    @extend_schema(request=RmaSerializer, responses={201: RmaRowSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, merchant: str, order_no: str):
        data = valid(RmaSerializer, request)
        index = my_order_index(request, merchant, order_no)

        def work():
            with in_tenant(index.merchant):
                rma = returns.request(order_id=index.order_id, kind=data["kind"], reason=data["reason"],
                                      actor=request.user.username, user_id=request.user.pk,
                                      lines=[dict(x) for x in data["lines"]])
                return Response(plain(returns.rma_row(rma)), status=status.HTTP_201_CREATED)

        return run_idempotent(request=request, endpoint=f"rma:{merchant}:{order_no}", body=request.data, work=work)


class ReturnActionView(APIView):
    """POST me/orders/{merchant}/{order_no}/returns/{id}/ship-back/ {carrier, tracking_no} | cancel/."""

    action = "cancel"

    @extend_schema(request=ShipBackSerializer, responses={200: RmaRowSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, merchant: str, order_no: str, rma_id: int):
        index = my_order_index(request, merchant, order_no)
        with in_tenant(index.merchant):
            rma = _own(ReturnRequest, rma_id, index.order_id, errors.NOT_FOUND_RETURN_REQUEST)
            if self.action == "ship_back":
                data = valid(ShipBackSerializer, request)
                rma = returns.ship_back(rma_id=rma.pk, actor=request.user.username, **data)
            else:
                rma = returns.cancel(rma_id=rma.pk, actor=request.user.username)
            return Response(returns.rma_row(rma))


class ComplaintsView(APIView):
    """GET|POST me/orders/{merchant}/{order_no}/complaints/: complain about an order (any merchant)."""

    @extend_schema(responses={200: ComplaintDetailSerializer(many=True), **error_bodies(404)})
    def get(self, request, merchant: str, order_no: str):
        index = my_order_index(request, merchant, order_no)
        with in_tenant(index.merchant):
            return Response([complaint_row(c) for c in Complaint.objects.filter(order_id=index.order_id)
                             .select_related("order")])

    @extend_schema(request=ComplaintSerializer,
                   responses={201: ComplaintDetailSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, merchant: str, order_no: str):
        data = valid(ComplaintSerializer, request)
        index = my_order_index(request, merchant, order_no)
        with in_tenant(index.merchant):
            complaint = complaints.open_complaint(order_id=index.order_id, actor=request.user.username,
                                                  user_id=request.user.pk, **data)
            return Response(complaints.complaint_row(complaint), status=status.HTTP_201_CREATED)


class ComplaintActionView(APIView):
    """POST .../complaints/{id}/messages/ {body} | escalate/ {reason} | close/ {rating}."""

    action = "messages"
    serializers_by_action = {"messages": BodySerializer, "escalate": EscalateSerializer, "close": CloseSerializer}

    @extend_schema(request=BodySerializer, responses={200: ComplaintDetailSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, merchant: str, order_no: str, complaint_id: int):
        data = valid(self.serializers_by_action[self.action], request)
        index = my_order_index(request, merchant, order_no)
        who = request.user.username
        with in_tenant(index.merchant):
            pk = _own(Complaint, complaint_id, index.order_id, errors.NOT_FOUND_COMPLAINT).pk
            if self.action == "messages":
                complaint = complaints.tourist_follow_up(complaint_id=pk, actor=who, body=data["body"])
            elif self.action == "escalate":
                complaint = complaints.escalate(complaint_id=pk, actor=who, reason=data["reason"])
            else:
                complaint = complaints.close(complaint_id=pk, actor=who, rating=data["rating"])
            return Response(complaints.complaint_row(complaint))


class BundlePreviewView(APIView):
    """POST market/merchants/{merchant}/bundles/preview/ {lines}: bundle discount for a basket (anonymous)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(request=PreviewSerializer,
                   responses={200: BundlePreviewOutSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, merchant: str):
        lines = [dict(x) for x in valid(PreviewSerializer, request)["lines"]]
        with in_tenant(active_merchant(merchant)):
            return Response(bundles.preview(lines))


ORDER = "me/orders/<slug:merchant>/<str:order_no>/"
urlpatterns = [
    path(ORDER + "shipments/", ShipmentsView.as_view(), name="api-my-order-shipments"),
    path(ORDER + "receive/", ReceiveView.as_view(), name="api-my-order-receive"),
    path(ORDER + "returns/", ReturnsView.as_view(), name="api-my-order-returns"),
    path(ORDER + "returns/<int:rma_id>/ship-back/", ReturnActionView.as_view(action="ship_back"),
         name="api-my-order-return-ship-back"),
    path(ORDER + "returns/<int:rma_id>/cancel/", ReturnActionView.as_view(action="cancel"),
         name="api-my-order-return-cancel"),
    path(ORDER + "complaints/", ComplaintsView.as_view(), name="api-my-order-complaints"),
    path(ORDER + "complaints/<int:complaint_id>/messages/", ComplaintActionView.as_view(action="messages"),
         name="api-my-order-complaint-messages"),
    path(ORDER + "complaints/<int:complaint_id>/escalate/", ComplaintActionView.as_view(action="escalate"),
         name="api-my-order-complaint-escalate"),
    path(ORDER + "complaints/<int:complaint_id>/close/", ComplaintActionView.as_view(action="close"),
         name="api-my-order-complaint-close"),
    path("market/merchants/<slug:merchant>/bundles/preview/", BundlePreviewView.as_view(),
         name="api-bundle-preview"),
]
