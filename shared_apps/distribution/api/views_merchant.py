"""Merchant host: the merchant authorises distributors (DST-DIS-03/04) and sees its
distribution orders (DST-DIS-05). Staff only: API keys never reach these endpoints."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.models import Distributor
from shared_apps.accounts.permissions import StaffPerm, TenantScoped, staff_can
from shared_apps.core.pagination import Pagination

from ..models import Booking, ContractStatus, DistributorContract
from ..services import bookings, contracts
from . import serializers as s
from .responses import DirectoryEntrySerializer, PaginatedMerchantBookings

READ = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.CONSOLE_VIEW)]
WRITE = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.DISTRIBUTION_MANAGE)]


class _Staff(APIView):
    def get_permissions(self):
        return [p() for p in (READ if self.request.method in ("GET", "HEAD", "OPTIONS") else WRITE)]


class ContractsView(_Staff):
    @extend_schema(parameters=[OpenApiParameter("status", str)], responses=s.DstContractSerializer(many=True))
    def get(self, request):
        qs = DistributorContract.objects.filter(merchant=request.tenant).select_related("merchant", "distributor")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        return Response(s.DstContractSerializer(qs, many=True).data)

    @extend_schema(request=s.DstAuthoriseSerializer, responses={201: s.DstContractSerializer})
    def post(self, request):
        """Authorise a distributor directly (or re-authorise a revoked one)."""
        ser = s.DstAuthoriseSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        contract = contracts.authorise(merchant=request.tenant, user=request.user, **ser.validated_data)
        return Response(s.DstContractSerializer(contract).data, status=status.HTTP_201_CREATED)


class DirectoryView(_Staff):
    """Active distributors the merchant may authorise."""

    @extend_schema(responses=DirectoryEntrySerializer(many=True))
    def get(self, request):
        mine = dict(DistributorContract.objects.filter(merchant=request.tenant).values_list("distributor_id",
                                                                                            "status"))
        rows = Distributor.objects.filter(status=Distributor.Status.ACTIVE).select_related("profile").order_by("id")
        return Response([{"id": d.pk, "name": d.name, "kind": getattr(getattr(d, "profile", None), "kind", "agency"),
                          "contract_status": mine.get(d.pk)} for d in rows])


class ContractDetailView(_Staff):
    @extend_schema(request=s.DstContractDecisionSerializer, responses=s.DstContractSerializer)
    def patch(self, request, pk: int):
        """Change the product scope (`product_ids`, empty = every on-shelf product)."""
        ser = s.DstContractDecisionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        contract = contracts.decide(merchant=request.tenant, contract_id=pk, user=request.user, to=None,
                                    product_ids=ser.validated_data["product_ids"])
        return Response(s.DstContractSerializer(contract).data)


class ContractActionView(_Staff):
    to = ContractStatus.ACTIVE

    @extend_schema(request=s.DstContractDecisionSerializer, responses=s.DstContractSerializer)
    def post(self, request, pk: int):
        ser = s.DstContractDecisionSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        contract = contracts.decide(merchant=request.tenant, contract_id=pk, user=request.user, to=self.to,
                                    **ser.validated_data)
        return Response(s.DstContractSerializer(contract).data)


class MerchantBookingsView(_Staff):
    @extend_schema(parameters=[OpenApiParameter("status", str)],
                   responses=PaginatedMerchantBookings, operation_id="v1_merchant_distributors_bookings_list")
    def get(self, request):
        qs = Booking.objects.filter(merchant=request.tenant).select_related("merchant", "distributor")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response([{**bookings.booking_payload(b), "distributor": b.distributor.name,
                                                  "platform_fee_fen": b.platform_fee_fen} for b in page])
