"""Merchant-host API for tour routes (EC-TKT-02). Stops take multipart uploads (image, audio)."""

from django.http import FileResponse
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import StaffPerm, TenantScoped, staff_can
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.parsers import JSONParser

from .. import routes, selectors
from .responses import TourRouteSerializer

READ = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.CONSOLE_VIEW)]
WRITE = [permissions.IsAuthenticated, TenantScoped, staff_can(StaffPerm.CATALOG_EDIT)]


class RouteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    intro = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    duration_minutes = serializers.IntegerField(required=False, min_value=0, max_value=10_000)
    published = serializers.BooleanField(required=False)


class StopSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    text = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    position = serializers.IntegerField(required=False, min_value=0, max_value=10_000)
    image = serializers.FileField(required=False, allow_empty_file=False)
    audio = serializers.FileField(required=False, allow_empty_file=False)
    remove = serializers.MultipleChoiceField(choices=["image", "audio"], required=False)


def merchant_media_url(stop, kind: str) -> str:
    return f"/api/v1/merchant/route-stops/{stop.pk}/{kind}/"


def _out(route) -> dict:
    return selectors.route_dict(route, merchant_media_url)


def _permissions(view):
    return [p() for p in (READ if view.request.method == "GET" else WRITE)]


class RouteListView(APIView):
    get_permissions = _permissions

    @extend_schema(responses=TourRouteSerializer(many=True), operation_id="merchant_routes_list")
    def get(self, request):
        return Response([_out(r) for r in selectors.routes()])

    @extend_schema(request=RouteSerializer, responses={201: TourRouteSerializer, **error_bodies(400)})
    def post(self, request):
        ser = RouteSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        route = routes.create_route(**ser.validated_data)
        return Response(_out(routes.get_route(route.pk)), status=status.HTTP_201_CREATED)


class RouteDetailView(APIView):
    get_permissions = _permissions

    @extend_schema(responses={200: TourRouteSerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        return Response(_out(routes.get_route(pk)))

    @extend_schema(request=RouteSerializer, responses={200: TourRouteSerializer, **error_bodies(400, 404)})
    def patch(self, request, pk: int):
        ser = RouteSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        routes.update_route(route_id=pk, **ser.validated_data)
        return Response(_out(routes.get_route(pk)))

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        routes.delete_route(route_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StopListView(APIView):
    """POST multipart/form-data: title, text, position, image (jpg/png/webp/gif ≤ 5MB),
    audio (mp3/m4a/aac/wav/ogg ≤ 30MB)."""

    permission_classes = WRITE
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request={"multipart/form-data": StopSerializer},
                   responses={201: TourRouteSerializer, **error_bodies(400, 404)})
    def post(self, request, pk: int):
        ser = StopSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        data.pop("remove", None)
        routes.add_stop(route_id=pk, **data)
        return Response(_out(routes.get_route(pk)), status=status.HTTP_201_CREATED)


class StopDetailView(APIView):
    permission_classes = WRITE
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request={"multipart/form-data": StopSerializer},
                   responses={200: TourRouteSerializer, **error_bodies(400, 404)})
    def patch(self, request, pk: int):
        ser = StopSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)
        data["remove"] = tuple(data.pop("remove", ()) or ())
        stop = routes.update_stop(stop_id=pk, **data)
        return Response(_out(routes.get_route(stop.route_id)))

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        routes.delete_stop(stop_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class StopMediaView(APIView):
    """The stop's image or audio (staff preview, published or not)."""

    permission_classes = READ

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, pk: int, kind: str):
        handle, content_type = routes.media_file(routes.get_stop(pk), kind)
        response = FileResponse(handle, content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        return response
