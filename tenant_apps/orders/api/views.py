"""Merchant console API for orders and refunds (merchant host)."""

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import StaffPerm, TenantScoped, staff_can
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.api_schema import paginated
from shared_apps.core.failures import DomainError
from shared_apps.core.pagination import Pagination
from shared_apps.payments import refund_approval
from tenant_apps.orders import errors

from .. import services
from ..models import Order, RefundRequest
from ..selectors import order_detail
from .responses import OrderDetailSerializer, RefundRowSerializer

READ = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.CONSOLE_VIEW)]
WRITE = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.ORDERS_HANDLE)]


class OrderRowSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "order_no", "status", "channel", "total_fen", "refunded_fen", "contact_name",
                  "contact_phone", "created_at", "paid_at"]


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class FulfilSerializer(serializers.Serializer):
    how = serializers.ChoiceField(choices=["used", "shipped"], required=False, allow_blank=True, default="")


def _order(pk: int) -> Order:
    order = Order.objects.filter(pk=pk).prefetch_related("lines", "events", "refunds").first()
    if order is None:
        raise DomainError(errors.NOT_FOUND_ORDER)
    return order


class OrderListView(APIView):
    permission_classes = READ

    @extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)],
                   responses=paginated(OrderRowSerializer), operation_id="v1_merchant_orders_list")
    def get(self, request):
        qs = Order.objects.all()
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        q = request.query_params.get("q", "").strip()
        if q:
            qs = qs.filter(Q(order_no__contains=q) | Q(contact_name__contains=q) | Q(contact_phone__contains=q)
                           | Q(lines__product_name__contains=q)).distinct()
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(OrderRowSerializer(page, many=True).data)


class OrderDetailView(APIView):
    permission_classes = READ

    @extend_schema(responses={200: OrderDetailSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        return Response(order_detail(_order(pk)))


class OrderFulfilView(APIView):
    permission_classes = WRITE

    @extend_schema(request=FulfilSerializer, responses={200: OrderDetailSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        ser = FulfilSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        services.fulfil(order_id=_order(pk).pk, actor=request.user.username, how=ser.validated_data["how"])
        return Response(order_detail(_order(pk)))


class OrderCompleteView(APIView):
    permission_classes = WRITE

    @extend_schema(request=None, responses={200: OrderDetailSerializer, **error_bodies(404, 409)})
    def post(self, request, pk: int):
        services.complete(order_id=_order(pk).pk, actor=request.user.username)
        return Response(order_detail(_order(pk)))


class RefundDecisionView(APIView):
    permission_classes = WRITE
    approve = True

    @extend_schema(request=NoteSerializer, responses={200: OrderDetailSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        ser = NoteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        refund = refund_approval.decide_refund(refund_id=pk, approve=self.approve, actor=request.user.username,
                                               note=ser.validated_data["note"])
        return Response(order_detail(_order(refund.order_id)))


class RefundRejectView(RefundDecisionView):
    approve = False


class RefundListView(APIView):
    permission_classes = READ

    @extend_schema(parameters=[OpenApiParameter("status", str)], responses=RefundRowSerializer(many=True))
    def get(self, request):
        qs = RefundRequest.objects.select_related("order")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        return Response([{"id": r.pk, "order_id": r.order_id, "order_no": r.order.order_no, "status": r.status,
                          "amount_fen": r.amount_fen, "lines": r.lines, "reason": r.reason,
                          "created_at": r.created_at} for r in qs[:200]])
