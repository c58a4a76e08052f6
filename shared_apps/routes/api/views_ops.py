"""Operator API for routes and bundles (session; reads: any operator, writes: super_admin/reviewer)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.pagination import Pagination
from shared_apps.core.permissions import IsOperator, IsReviewer

from ..models import Route, RouteBooking
from ..services import bookings, routes
from . import serializers as s
from .responses import (
    ComponentSerializer,
    MerchantProductSerializer,
    OpsRouteDetailSerializer,
    OpsRouteSerializer,
    PaginatedRouteBookings,
)


class OpsView(APIView):
    def get_permissions(self):
        return [IsOperator()] if self.request.method in ("GET", "HEAD", "OPTIONS") else [IsReviewer()]


class RoutesView(OpsView):
    @extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("kind", str)],
                   responses=OpsRouteSerializer(many=True))
    def get(self, request):
        qs = Route.objects.select_related("created_by").order_by("-id")
        for field in ("status", "kind"):
            if request.query_params.get(field):
                qs = qs.filter(**{field: request.query_params[field]})
        return Response([routes.route_payload(r) for r in qs[:200]])

    @extend_schema(request=s.RouteInputSerializer, responses={201: OpsRouteSerializer, **error_bodies(400, 409)})
    def post(self, request):
        ser = s.RouteInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        route = routes.create_route(user=request.user, **ser.validated_data)
        return Response(routes.route_payload(route), status=status.HTTP_201_CREATED)


class RouteDetailView(OpsView):
    @extend_schema(responses={200: OpsRouteDetailSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        return Response(routes.route_payload(routes._get(pk), events=True))

    @extend_schema(request=s.RoutePatchSerializer, responses={200: OpsRouteSerializer, **error_bodies(400, 404, 409)})
    def patch(self, request, pk: int):
        ser = s.RoutePatchSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        route = routes.update_route(route_id=pk, user=request.user, **ser.validated_data)
        return Response(routes.route_payload(route))


class ComponentsView(OpsView):
    @extend_schema(request=s.ComponentInputSerializer,
                   responses={201: ComponentSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        ser = s.ComponentInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        data["day_offset"] = data.pop("day") - 1
        component = routes.add_component(route_id=pk, user=request.user, **data)
        return Response(routes.component_payload(component), status=status.HTTP_201_CREATED)


class ComponentDetailView(OpsView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk: int, component_id: int):
        routes.remove_component(route_id=pk, component_id=component_id, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RouteStatusView(OpsView):
    verb = "publish"

    @extend_schema(request=s.NoteSerializer, responses={200: OpsRouteSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, pk: int):
        ser = s.NoteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        fn = routes.publish if self.verb == "publish" else routes.withdraw
        return Response(routes.route_payload(fn(route_id=pk, user=request.user, **ser.validated_data)))


class MerchantProductsView(OpsView):
    """The component picker: on-shelf products of one merchant."""

    @extend_schema(responses={200: MerchantProductSerializer(many=True), **error_bodies(404)})
    def get(self, request, merchant: str):
        return Response(routes.merchant_products(routes.merchant_of(merchant)))


class RouteBookingsView(OpsView):
    @extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("route", str)],
                   responses=PaginatedRouteBookings)
    def get(self, request):
        qs = RouteBooking.objects.select_related("route").order_by("-id")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        if request.query_params.get("route"):
            qs = qs.filter(route__code=request.query_params["route"])
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response([bookings.booking_payload(b) for b in page])
