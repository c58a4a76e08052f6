"""Distributor self-service (member session/JWT): the 线路产品 this distributor may sell and its
route bookings. Same roles as the single-product pages (bookings.view)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.distribution.api.views_member import MemberView, paginated

from ..models import RouteBooking
from ..services import bookings
from . import serializers as s
from .responses import PaginatedRouteBookings, SellableRouteSerializer


class MemberRoutesView(MemberView):
    permission = "bookings.view"

    @extend_schema(parameters=[OpenApiParameter("kind", str), OpenApiParameter("day", str)],
                   responses={200: SellableRouteSerializer(many=True), **error_bodies(400)})
    def get(self, request):
        ser = s.DaySerializer(data=request.query_params)
        ser.is_valid(raise_exception=True)
        return Response(bookings.sellable_routes(distributor_id=self.distributor.pk,
                                                 allows=bookings.member_allows(self.distributor),
                                                 kind=ser.validated_data.get("kind", ""),
                                                 day=ser.validated_data.get("day")))


class MemberRouteBookingsView(MemberView):
    permission = "bookings.view"

    @extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("q", str)],
                   responses=PaginatedRouteBookings)
    def get(self, request):
        qs = RouteBooking.objects.filter(distributor=self.distributor).select_related("route")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        q = (request.query_params.get("q") or "").strip()
        if q:
            qs = qs.filter(route_name__icontains=q) | qs.filter(reseller_reference__icontains=q)
        return paginated(request, self, qs, bookings.booking_payload)
