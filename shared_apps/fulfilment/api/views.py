"""Platform-host API: the tourist's e-tickets and notifications; public ticket keys and routes."""


from django.http import FileResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.authentication import SessionJWTAuthentication
from shared_apps.checkout.models import OrderIndex
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from shared_apps.core.pagination import Pagination
from shared_apps.core.qr import qr_data_uri
from shared_apps.fulfilment import errors
from tenant_apps.tickets import routes
from tenant_apps.tickets import selectors as tickets
from tenant_apps.tickets import services as ticket_services
from tenant_apps.tickets.api.responses import TourRouteSerializer
from tenants.models import Merchant, MerchantStatus
from tenants.utils import in_tenant

from .. import selectors, services
from .responses import (
    MarkedSerializer,
    MyTicketSerializer,
    NotificationPageSerializer,
    NotificationSerializer,
    TicketKeysSerializer,
)


class _Personal(APIView):
    """JWT (tourist app) or session (H5); API keys do not represent a person."""

    authentication_classes = [SessionJWTAuthentication, SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]


def _active_merchant(schema: str) -> Merchant:
    merchant = (Merchant.objects.exclude(schema_name="public")
                .filter(schema_name=schema, status=MerchantStatus.ACTIVE).first())
    if merchant is None:
        raise DomainError(errors.NOT_FOUND_MERCHANT)
    return merchant


class MyTicketsView(_Personal):
    """The tourist's e-tickets across merchants (from the order index), newest visit first.
    Usable tickets carry `qr` (the signed payload to show) and, unless ?svg=0, `qr_svg`."""

    @extend_schema(parameters=[OpenApiParameter("svg", int), OpenApiParameter("status", str)],
                   responses=MyTicketSerializer(many=True))
    def get(self, request):
        with_svg = request.query_params.get("svg", "1") not in ("0", "false")
        wanted = request.query_params.get("status") or ""
        merchant_ids = (OrderIndex.objects.filter(user=request.user).exclude(status__in=["pending_payment",
                                                                                         "cancelled"])
                        .values_list("merchant_id", flat=True).distinct())
        result = []
        for merchant in Merchant.objects.filter(pk__in=list(merchant_ids)).order_by("id"):
            with in_tenant(merchant):
                rows = tickets.tickets_for_user(request.user.pk)
            for row in rows:
                if wanted and row["status"] != wanted:
                    continue
                row.update(merchant=merchant.schema_name, merchant_name=merchant.name)
                row.pop("amount_fen", None)
                if with_svg and row["qr"]:
                    row["qr_svg"] = qr_data_uri(row["qr"])
                result.append(row)
        result.sort(key=lambda r: (r["day"], r["created_at"]), reverse=True)
        return Response(result)


class NotificationListView(_Personal):
    """Newest first, paginated (?limit=&offset=); ?unread=1 for unread only. `unread` counts all unread."""

    @extend_schema(parameters=[OpenApiParameter("unread", int)], responses=NotificationPageSerializer)
    def get(self, request):
        unread_only = request.query_params.get("unread") in ("1", "true")
        paginator = Pagination()
        rows = paginator.paginate_queryset(selectors.notifications_of(request.user, unread_only=unread_only),
                                           request, view=self)
        response = paginator.get_paginated_response([selectors.notification_dict(n) for n in rows])
        response.data["unread"] = selectors.notifications_of(request.user, unread_only=True).count()
        return response


class NotificationReadView(_Personal):
    @extend_schema(request=None, responses={200: NotificationSerializer, **error_bodies(404)})
    def post(self, request, pk: int):
        return Response(selectors.notification_dict(services.mark_read(user=request.user, notification_id=pk)))


class NotificationReadAllView(_Personal):
    @extend_schema(request=None, responses=MarkedSerializer)
    def post(self, request):
        return Response({"marked": services.mark_all_read(user=request.user)})


class TicketKeysView(APIView):
    """Public keys (Ed25519, raw, base64url) that sign this merchant's ticket QR codes, for
    offline verification by scanner apps. Retired keys stay listed (`active: false`)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: TicketKeysSerializer, **error_bodies(404)})
    def get(self, request, merchant: str):
        shop = _active_merchant(merchant)
        with in_tenant(shop):
            keys = ticket_services.public_keys()
        return Response({"merchant": shop.schema_name, "format": "T1.<base64url(json)>.<base64url(ed25519 sig)>",
                         "keys": keys})


def public_media_url(merchant: str):
    def url(stop, kind):
        return f"/api/v1/market/merchants/{merchant}/route-stops/{stop.pk}/{kind}/"

    return url


class PublicRouteListView(APIView):
    """Published tour routes of a merchant with guide text, image and audio URLs (EC-TKT-02)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: TourRouteSerializer(many=True), **error_bodies(404)},
                   operation_id="market_routes_list")
    def get(self, request, merchant: str):
        shop = _active_merchant(merchant)
        with in_tenant(shop):
            data = [tickets.route_dict(r, public_media_url(shop.schema_name))
                    for r in tickets.routes(published_only=True)]
        return Response(data)


class PublicRouteDetailView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(responses={200: TourRouteSerializer, **error_bodies(404)})
    def get(self, request, merchant: str, pk: int):
        shop = _active_merchant(merchant)
        with in_tenant(shop):
            route = tickets.routes(published_only=True).filter(pk=pk).first()
            if route is None:
                raise DomainError(errors.NOT_FOUND_ROUTE)
            return Response(tickets.route_dict(route, public_media_url(shop.schema_name)))


class PublicRouteMediaView(APIView):
    """A published stop's image or audio, streamed by the app (no public /media/ path)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    def get(self, request, merchant: str, pk: int, kind: str):
        shop = _active_merchant(merchant)
        with in_tenant(shop):
            handle, content_type = routes.media_file(routes.get_stop(pk, published_only=True), kind)
        response = FileResponse(handle, content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "public, max-age=3600"
        return response

