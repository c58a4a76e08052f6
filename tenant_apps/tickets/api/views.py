"""Merchant-host API: e-tickets, redemption (scanning), QR keys, joint tickets, statistics."""

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import StaffPerm, TenantScoped, staff_can
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from shared_apps.core.pagination import Pagination
from shared_apps.fulfilment import selectors as joint_reads
from shared_apps.fulfilment import services as joint
from tenant_apps.tickets import errors

from .. import redemption, selectors, services
from ..models import TicketStatus
from .responses import (
    JointTicketDetailSerializer,
    JointTicketSerializer,
    MerchantKeysSerializer,
    PaginatedRedemptions,
    PaginatedTickets,
    RedeemResultSerializer,
    TicketDetailSerializer,
    TicketStatsSerializer,
)

READ = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.CONSOLE_VIEW)]
REDEEM = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.TICKETS_REDEEM)]
MANAGE = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.TICKETS_MANAGE)]
STATS = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.TICKETS_STATS)]


class TicketFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=TicketStatus.choices, required=False)
    day = serializers.DateField(required=False)
    q = serializers.CharField(required=False, allow_blank=True, max_length=50)


class RedeemSerializer(serializers.Serializer):
    qr = serializers.CharField(max_length=1024, trim_whitespace=True)
    persons = serializers.IntegerField(required=False, min_value=1, max_value=10_000)
    scan_id = serializers.UUIDField(required=False)
    device = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")


class RangeSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


class VenueSerializer(serializers.Serializer):
    merchant = serializers.CharField(max_length=63)
    weight = serializers.IntegerField(min_value=1, max_value=10_000, default=1)


class JointSerializer(serializers.Serializer):
    product_id = serializers.IntegerField(min_value=1)
    venues = VenueSerializer(many=True)
    active = serializers.BooleanField(default=True)


class JointUpdateSerializer(serializers.Serializer):
    venues = VenueSerializer(many=True, required=False)
    active = serializers.BooleanField(required=False)


def _page(request, view, qs, fn):
    paginator = Pagination()
    rows = paginator.paginate_queryset(qs, request, view=view)
    return paginator.get_paginated_response([fn(r) for r in rows])


class TicketListView(APIView):
    """This merchant's e-tickets: ?status=&day= (valid on that day)&q= (code, order no, product, holder)."""

    permission_classes = READ

    @extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("day", str),
                               OpenApiParameter("q", str)], responses={200: PaginatedTickets, **error_bodies(400)},
                   operation_id="merchant_tickets_list")
    def get(self, request):
        ser = TicketFilterSerializer(data=request.query_params)
        ser.is_valid(raise_exception=True)
        return _page(request, self, selectors.tickets(**ser.validated_data), selectors.ticket_dict)


class TicketDetailView(APIView):
    permission_classes = READ

    @extend_schema(responses={200: TicketDetailSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        ticket = selectors.get_ticket(pk)
        data = selectors.ticket_dict(ticket, events=True)
        data["redemptions"] = [selectors.redemption_dict(r) for r in ticket.redemptions.all()]
        return Response(data)


class RedemptionView(APIView):
    """GET: redemptions at this merchant (?ticket=<code>). POST: scan a ticket QR.

    `persons` defaults to everything left; `scan_id` (a UUID made by the scanner) makes
    retries safe: the same scan returns the first result with `duplicate: true`."""

    def get_permissions(self):
        return [p() for p in (REDEEM if self.request.method == "POST" else READ)]

    @extend_schema(parameters=[OpenApiParameter("ticket", str)], responses=PaginatedRedemptions,
                   operation_id="merchant_redemptions_list")
    def get(self, request):
        qs = redemption.redemptions(ticket_code=request.query_params.get("ticket") or None)
        return _page(request, self, qs, selectors.redemption_dict)

    @extend_schema(request=RedeemSerializer, responses={201: RedeemResultSerializer, 200: RedeemResultSerializer,
                                                        **error_bodies(400, 404, 409)})
    def post(self, request):
        ser = RedeemSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        result = redemption.redeem(payload=data["qr"], persons=data.get("persons"), scan_id=data.get("scan_id"),
                                   device=data["device"], actor=request.user.username)
        return Response(result, status=status.HTTP_200_OK if result["duplicate"] else status.HTTP_201_CREATED)


class KeyListView(APIView):
    permission_classes = READ

    @extend_schema(responses=MerchantKeysSerializer)
    def get(self, request):
        return Response({"merchant": request.tenant.schema_name, "keys": services.public_keys()})


class KeyRotateView(APIView):
    permission_classes = MANAGE

    @extend_schema(request=None, responses={201: MerchantKeysSerializer})
    def post(self, request):
        services.rotate_key()
        return Response({"merchant": request.tenant.schema_name, "keys": services.public_keys()},
                        status=status.HTTP_201_CREATED)


class StatsView(APIView):
    """EC-TKT-09: per day and product, default the last 30 days (≤ 92)."""

    permission_classes = STATS

    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses={200: TicketStatsSerializer, **error_bodies(400)})
    def get(self, request):
        ser = RangeSerializer(data=request.query_params)
        ser.is_valid(raise_exception=True)
        end = ser.validated_data.get("end") or timezone.localdate()
        start = ser.validated_data.get("start") or end - timedelta(days=29)
        return Response(selectors.stats(start=start, end=end))


# ---- joint tickets (issuer side) -----------------------------------------------------------------


def _joint(request, pk: int):
    joint = joint_reads.joints_of(request.tenant).filter(pk=pk).first()
    if joint is None:
        raise DomainError(errors.NOT_FOUND_JOINT_TICKET)
    return joint


class JointListView(APIView):
    """Joint tickets (联票) issued by this merchant. POST {product_id, venues: [{merchant, weight}], active}
    creates or replaces the configuration of a ticket product."""

    def get_permissions(self):
        return [p() for p in (MANAGE if self.request.method == "POST" else READ)]

    @extend_schema(responses=JointTicketSerializer(many=True), operation_id="merchant_joint_tickets_list")
    def get(self, request):
        return Response([joint_reads.joint_dict(j) for j in joint_reads.joints_of(request.tenant)])

    @extend_schema(request=JointSerializer, responses={201: JointTicketSerializer, **error_bodies(400, 404)})
    def post(self, request):
        ser = JointSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        created = joint.configure_joint(issuer=request.tenant, **ser.validated_data)
        return Response(joint_reads.joint_dict(created), status=status.HTTP_201_CREATED)


class JointDetailView(APIView):
    def get_permissions(self):
        return [p() for p in (READ if self.request.method == "GET" else MANAGE)]

    @extend_schema(responses={200: JointTicketDetailSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        joint = _joint(request, pk)
        data = joint_reads.joint_dict(joint)
        data["redemptions"] = [joint_reads.redemption_dict(r) for r in joint_reads.joint_redemptions(joint=joint)[:200]]
        return Response(data)

    @extend_schema(request=JointUpdateSerializer, responses={200: JointTicketSerializer, **error_bodies(400, 404)})
    def patch(self, request, pk: int):
        current = _joint(request, pk)
        ser = JointUpdateSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        venues = ser.validated_data.get("venues")
        if venues is None:
            venues = [{"merchant": schema, "weight": weight} for schema, weight in current.snapshot().items()]
        updated = joint.configure_joint(issuer=request.tenant, product_id=current.product_id, venues=venues,
                                        active=ser.validated_data.get("active", current.active))
        return Response(joint_reads.joint_dict(updated))
