"""OCTO-style route API (distributor API key): routes the key may book, availability, and
all-or-nothing route bookings (reserve -> confirm -> cancel)."""

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from shared_apps.core.idempotency import run_idempotent
from shared_apps.core.pagination import Pagination
from shared_apps.distribution.api.views_octo import IDEMPOTENCY, OctoView
from shared_apps.routes import errors

from ..models import RouteBooking
from ..services import bookings
from . import serializers as s
from .responses import (
    PaginatedRouteBookings,
    RouteAvailabilitySerializer,
    RouteBookingSerializer,
    SellableRouteSerializer,
)


class RoutesView(OctoView):
    """Published routes and bundles whose every component this key may book (?kind=&day=)."""

    @extend_schema(parameters=[OpenApiParameter("kind", str), OpenApiParameter("day", str)],
                   responses={200: SellableRouteSerializer(many=True), **error_bodies(400)})
    def get(self, request):
        ser = s.DaySerializer(data=request.query_params)
        ser.is_valid(raise_exception=True)
        return Response(bookings.sellable_routes(distributor_id=self.key.distributor_id,
                                                 allows=bookings.key_allows(self.key),
                                                 kind=ser.validated_data.get("kind", ""),
                                                 day=ser.validated_data.get("day")))


class RouteView(OctoView):
    @extend_schema(parameters=[OpenApiParameter("day", str)],
                   responses={200: SellableRouteSerializer, **error_bodies(400, 404)})
    def get(self, request, code: str):
        ser = s.DaySerializer(data=request.query_params)
        ser.is_valid(raise_exception=True)
        route, components = bookings.bookable_route(api_key=self.key, code=code)
        row = bookings.route_row(route, components, distributor_id=self.key.distributor_id,
                                 day=ser.validated_data.get("day") or timezone.localdate())
        if row is None:
            raise DomainError(errors.ROUTE_NOT_FOUND_UNSELLABLE)
        return Response(row)


class RouteAvailabilityView(OctoView):
    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses={200: RouteAvailabilitySerializer, **error_bodies(400, 404)})
    def get(self, request, code: str):
        ser = s.RouteRangeSerializer(data=request.query_params)
        ser.is_valid(raise_exception=True)
        start = ser.validated_data.get("start") or timezone.localdate()
        end = ser.validated_data.get("end") or start + timedelta(days=13)
        route, components = bookings.bookable_route(api_key=self.key, code=code)
        return Response(bookings.availability(api_key=self.key, route=route, components=components, start=start,
                                              end=end))


class RouteReserveView(OctoView):
    """Hold every leg or none. `Idempotency-Key` required (same semantics as single bookings)."""

    @extend_schema(request=s.RouteReserveSerializer,
                   responses={201: RouteBookingSerializer, **error_bodies(400, 404, 409)}, parameters=[IDEMPOTENCY])
    def post(self, request, code: str):
        if not request.headers.get("Idempotency-Key"):
            raise DomainError(errors.IDEMPOTENCY_KEY_REQUIRED)
        ser = s.RouteReserveSerializer(data=request.data)
        ser.is_valid(raise_exception=True)

        def work():
            rb = bookings.reserve(api_key=self.key, code=code, **ser.validated_data)
            return Response(bookings.booking_payload(rb), status=status.HTTP_201_CREATED)

        return run_idempotent(request=request, endpoint=f"octo:route-reserve:{code}", body=request.data, work=work)


class RouteBookingsView(OctoView):
    @extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("route", str)],
                   responses=PaginatedRouteBookings, operation_id="v1_octo_route_bookings_list")
    def get(self, request):
        qs = RouteBooking.objects.filter(distributor_id=self.key.distributor_id).select_related("route")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        if request.query_params.get("route"):
            qs = qs.filter(route__code=request.query_params["route"])
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response([bookings.booking_payload(b) for b in page])


class RouteBookingView(OctoView):
    @extend_schema(responses={200: RouteBookingSerializer, **error_bodies(404)})
    def get(self, request, booking_uuid):
        rb = bookings.booking_for(distributor_id=self.key.distributor_id, booking_uuid=booking_uuid)
        return Response(bookings.booking_payload(rb))


class RouteConfirmView(OctoView):
    @extend_schema(request=None,
                   responses={200: RouteBookingSerializer, **error_bodies(404, 409)}, parameters=[IDEMPOTENCY])
    def post(self, request, booking_uuid):
        rb = bookings.booking_for(distributor_id=self.key.distributor_id, booking_uuid=booking_uuid)

        def work():
            done = bookings.confirm(route_booking_id=rb.pk, actor=f"apikey:{self.key.prefix}", api_key=self.key)
            return Response(bookings.booking_payload(done))

        return run_idempotent(request=request, endpoint=f"octo:route-confirm:{booking_uuid}", body=request.data,
                              work=work)


class RouteCancelView(OctoView):
    @extend_schema(request=s.RouteCancelSerializer,
                   responses={200: RouteBookingSerializer, **error_bodies(400, 404, 409)}, parameters=[IDEMPOTENCY])
    def post(self, request, booking_uuid):
        rb = bookings.booking_for(distributor_id=self.key.distributor_id, booking_uuid=booking_uuid)
        ser = s.RouteCancelSerializer(data=request.data)
        ser.is_valid(raise_exception=True)

        def work():
            done = bookings.cancel(route_booking_id=rb.pk, actor=f"apikey:{self.key.prefix}", **ser.validated_data)
            return Response(bookings.booking_payload(done))

        return run_idempotent(request=request, endpoint=f"octo:route-cancel:{booking_uuid}", body=request.data,
                              work=work)
