"""OCTO-style distribution API on the platform host, authenticated by a distributor API key.
The supplier (merchant) is always the path segment and is checked against the key's scope."""

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.authentication import parse_key
from shared_apps.accounts.models import ApiKey
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from shared_apps.core.idempotency import run_idempotent
from shared_apps.core.pagination import Pagination
from shared_apps.distribution import errors

from ..models import AlertKind, Booking
from ..permissions import HasApiKey
from ..services import bookings
from ..services.common import alert
from .responses import (
    OctoAvailabilitySerializer,
    OctoBookingSerializer,
    OctoProductDetailSerializer,
    OctoProductSerializer,
    PaginatedOctoBookings,
    SupplierSerializer,
)
from .serializers import DstCancelSerializer, DstRangeSerializer, DstReserveSerializer

IDEMPOTENCY = OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)
MAX_RANGE_DAYS = 92


def _note_rate_limited(request) -> None:
    raw = request.headers.get("X-Api-Key") or request.headers.get("Authorization", "").removeprefix("Api-Key ")
    parsed = parse_key(raw or "")
    if parsed is None:
        return
    dist_id = ApiKey.objects.filter(prefix=parsed[0]).values_list("distributor_id", flat=True).first()
    if dist_id:
        alert(dist_id, AlertKind.RATE_LIMITED, f"API 密钥 {parsed[0]} 请求过于频繁，已被限流",
              detail={"prefix": parsed[0]})


class OctoView(APIView):
    permission_classes = [HasApiKey]

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.Throttled):
            _note_rate_limited(self.request)
        return super().handle_exception(exc)

    @property
    def key(self):
        return self.request.user.api_key


class SuppliersView(OctoView):
    """Merchants this key may sell (authorised AND listed on the key)."""

    @extend_schema(responses=SupplierSerializer(many=True))
    def get(self, request):
        merchants = self.key.merchants.filter(authorised_distributors=self.key.distributor, status="active")
        return Response([{"id": m.schema_name, "name": m.name, "kind": m.kind} for m in merchants.order_by("id")])


class ProductsView(OctoView):
    @extend_schema(responses={200: OctoProductSerializer(many=True), **error_bodies(404)})
    def get(self, request, supplier: str):
        merchant = bookings.supplier_for(self.key, supplier)
        return Response(bookings.products(api_key=self.key, merchant=merchant))


class ProductView(OctoView):
    @extend_schema(responses={200: OctoProductDetailSerializer, **error_bodies(404)})
    def get(self, request, supplier: str, product_id: int):
        merchant = bookings.supplier_for(self.key, supplier)
        return Response(bookings.product_detail(api_key=self.key, merchant=merchant, product_id=product_id))


class AvailabilityView(OctoView):
    @extend_schema(parameters=[OpenApiParameter("product_id", int), OpenApiParameter("start", str),
                               OpenApiParameter("end", str)],
                   responses={200: OctoAvailabilitySerializer, **error_bodies(400, 404)})
    def get(self, request, supplier: str):
        merchant = bookings.supplier_for(self.key, supplier)
        ser = DstRangeSerializer(data=request.query_params)
        ser.is_valid(raise_exception=True)
        start = ser.validated_data.get("start") or timezone.localdate()
        end = ser.validated_data.get("end") or start + timedelta(days=30)
        if end < start or (end - start).days > MAX_RANGE_DAYS:
            raise DomainError(errors.RANGE_INVALID_DATE_TOO_LONG, max_range_days=MAX_RANGE_DAYS)
        return Response(bookings.availability(api_key=self.key, merchant=merchant,
                                              product_id=ser.validated_data["product_id"], start=start, end=end))


class BookingsView(OctoView):
    """POST: reserve (hold inventory). `Idempotency-Key` is required: the same key and body
    return the same booking; the same key with another body is 409 idempotency_key_reused."""

    @extend_schema(request=DstReserveSerializer,
                   responses={201: OctoBookingSerializer, **error_bodies(400, 404, 409)}, parameters=[IDEMPOTENCY])
    def post(self, request, supplier: str):
        merchant = bookings.supplier_for(self.key, supplier)
        if not request.headers.get("Idempotency-Key"):
            raise DomainError(errors.IDEMPOTENCY_KEY_REQUIRED)
        ser = DstReserveSerializer(data=request.data)
        ser.is_valid(raise_exception=True)

        def work():
            booking = bookings.reserve(api_key=self.key, merchant=merchant, **ser.validated_data)
            return Response(bookings.booking_payload(booking), status=status.HTTP_201_CREATED)

        return run_idempotent(request=request, endpoint=f"octo:reserve:{supplier}", body=request.data, work=work)


class BookingView(OctoView):
    @extend_schema(responses={200: OctoBookingSerializer, **error_bodies(404)})
    def get(self, request, supplier: str, booking_uuid):
        merchant = bookings.supplier_for(self.key, supplier, require_authorised=False)
        return Response(bookings.booking_payload(bookings.booking_for(api_key=self.key, merchant=merchant,
                                                                      booking_uuid=booking_uuid)))


class ConfirmView(OctoView):
    """Pay from the deposit (or credit line) and confirm. Safe to retry; accepts Idempotency-Key."""

    @extend_schema(request=None,
                   responses={200: OctoBookingSerializer, **error_bodies(404, 409)}, parameters=[IDEMPOTENCY])
    def post(self, request, supplier: str, booking_uuid):
        merchant = bookings.supplier_for(self.key, supplier)
        booking = bookings.booking_for(api_key=self.key, merchant=merchant, booking_uuid=booking_uuid)

        def work():
            done = bookings.confirm(booking_id=booking.pk, actor=f"apikey:{self.key.prefix}")
            return Response(bookings.booking_payload(done))

        return run_idempotent(request=request, endpoint=f"octo:confirm:{booking_uuid}", body=request.data, work=work)


class CancelView(OctoView):
    """Cancel a held booking (inventory released) or a confirmed, unused one before the cut-off
    (`units` for a partial cancellation; refunded to the deposit)."""

    @extend_schema(request=DstCancelSerializer,
                   responses={200: OctoBookingSerializer, **error_bodies(400, 404, 409)}, parameters=[IDEMPOTENCY])
    def post(self, request, supplier: str, booking_uuid):
        merchant = bookings.supplier_for(self.key, supplier, require_authorised=False)
        booking = bookings.booking_for(api_key=self.key, merchant=merchant, booking_uuid=booking_uuid)
        ser = DstCancelSerializer(data=request.data)
        ser.is_valid(raise_exception=True)

        def work():
            done = bookings.cancel(booking_id=booking.pk, actor=f"apikey:{self.key.prefix}", **ser.validated_data)
            return Response(bookings.booking_payload(done))

        return run_idempotent(request=request, endpoint=f"octo:cancel:{booking_uuid}", body=request.data, work=work)


class BookingListView(OctoView):
    """This distributor's bookings at suppliers the key lists (?status=&supplier=)."""

    @extend_schema(parameters=[OpenApiParameter("status", str), OpenApiParameter("supplier", str)],
                   responses=PaginatedOctoBookings, operation_id="v1_octo_bookings_list")
    def get(self, request):
        qs = Booking.objects.filter(distributor_id=self.key.distributor_id,
                                    merchant__in=self.key.merchants.all()).select_related("merchant")
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        if request.query_params.get("supplier"):
            qs = qs.filter(merchant__schema_name=request.query_params["supplier"])
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response([bookings.booking_payload(b) for b in page])
