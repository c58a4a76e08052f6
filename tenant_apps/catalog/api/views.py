"""Merchant catalog API (/api/v1/merchant/...). Thin: reads via selectors, writes via services.

Reads: the merchant's staff or an authorised distributor API key (keys see on-shelf products
and distributor prices only). Writes: staff whose role has "catalog.edit" (owner, manager).
"""

from datetime import date, timedelta

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import StaffPerm, TenantScoped, staff_can
from shared_apps.core.failures import DomainError
from tenant_apps.catalog import errors

from .. import selectors, services
from ..models import Channel
from .serializers import (
    CalendarDaySerializer,
    FacilityInputSerializer,
    FacilitySerializer,
    PackageItemInputSerializer,
    PackageItemSerializer,
    PricePolicyInputSerializer,
    PricePolicySerializer,
    ProductInputSerializer,
    ProductSerializer,
    ShelfSerializer,
    is_api_key,
)

READ_METHODS = ("GET", "HEAD", "OPTIONS")


class CatalogPermissions:
    """Reads: staff of this merchant or an authorised API key; writes: catalog.edit."""

    def get_permissions(self):
        base = [permissions.IsAuthenticated(), TenantScoped()]
        if self.request.method in READ_METHODS:
            return base
        return [*base, staff_can(StaffPerm.CATALOG_EDIT)()]


def _visible_product(request, pk: int):
    return selectors.get_product(pk, on_shelf_only=is_api_key(request))


def _parse_bool(value: str | None) -> bool | None:
    if value is None or value == "":
        return None
    return value.lower() in ("1", "true", "yes")


def _parse_date(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DomainError(errors.DATE_INVALID, name=name) from None


class ProductListCreate(CatalogPermissions, generics.ListAPIView):
    """GET: products, filter ?kind=&on_shelf=. POST: create (off shelf unless on_shelf=true)."""

    serializer_class = ProductSerializer

    def get_queryset(self):
        params = self.request.query_params
        on_shelf = True if is_api_key(self.request) else _parse_bool(params.get("on_shelf"))
        return selectors.products(kind=params.get("kind") or None, on_shelf=on_shelf)

    @extend_schema(parameters=[OpenApiParameter("kind", str), OpenApiParameter("on_shelf", bool)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ProductInputSerializer, responses={201: ProductSerializer})
    def post(self, request):
        ser = ProductInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        product = services.create_product(**ser.validated_data)
        return Response(ProductSerializer(product, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)


class ProductDetail(CatalogPermissions, APIView):
    @extend_schema(responses=ProductSerializer)
    def get(self, request, pk: int):
        return Response(ProductSerializer(_visible_product(request, pk), context={"request": request}).data)

    @extend_schema(request=ProductInputSerializer, responses=ProductSerializer)
    def patch(self, request, pk: int):
        ser = ProductInputSerializer(data=request.data, partial=True)
        ser.is_valid(raise_exception=True)
        fields = dict(ser.validated_data)
        if "on_shelf" in fields:
            raise DomainError(errors.FIELD_NOT_EDITABLE)
        product = services.update_product(product_id=pk, **fields)
        return Response(ProductSerializer(product, context={"request": request}).data)


class ProductShelf(CatalogPermissions, APIView):
    @extend_schema(request=ShelfSerializer, responses=ProductSerializer)
    def post(self, request, pk: int):
        ser = ShelfSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        product = services.set_on_shelf(product_id=pk, on_shelf=ser.validated_data["on_shelf"])
        return Response(ProductSerializer(product, context={"request": request}).data)


class ProductPrices(CatalogPermissions, APIView):
    """Price policies. Listing them is for the merchant's staff only (distributor keys see
    prices through the price calendar and product prices_today)."""

    def get_permissions(self):
        if self.request.method in READ_METHODS:
            return [permissions.IsAuthenticated(), TenantScoped(), staff_can(StaffPerm.CONSOLE_VIEW)()]
        return super().get_permissions()

    @extend_schema(responses=PricePolicySerializer(many=True))
    def get(self, request, pk: int):
        product = selectors.get_product(pk)
        return Response(PricePolicySerializer(selectors.policies_of(product), many=True).data)

    @extend_schema(request=PricePolicyInputSerializer, responses={201: PricePolicySerializer})
    def post(self, request, pk: int):
        ser = PricePolicyInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        policy = services.add_price_policy(product_id=pk, **ser.validated_data)
        return Response(PricePolicySerializer(policy).data, status=status.HTTP_201_CREATED)


class PricePolicyDelete(CatalogPermissions, APIView):
    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        services.delete_price_policy(policy_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PackageItems(CatalogPermissions, APIView):
    """Replace a package's components. Body: [{"component_id": 1, "quantity": 2}, ...]."""

    @extend_schema(request=PackageItemInputSerializer(many=True), responses=PackageItemSerializer(many=True))
    def put(self, request, pk: int):
        data = request.data.get("items") if isinstance(request.data, dict) else request.data
        ser = PackageItemInputSerializer(data=data, many=True)
        ser.is_valid(raise_exception=True)
        items = services.set_package_items(package_id=pk, items=list(ser.validated_data))
        return Response(PackageItemSerializer(items, many=True).data)


class PriceCalendar(CatalogPermissions, APIView):
    """Day-by-day price, ?from=&to= (inclusive, at most 92 days; default 30 days from today).
    Staff choose ?channel=tourist|distributor; API keys always get the distributor price."""

    @extend_schema(
        parameters=[OpenApiParameter("from", date), OpenApiParameter("to", date),
                    OpenApiParameter("channel", str, enum=Channel.values)],
        responses=CalendarDaySerializer(many=True),
    )
    def get(self, request, pk: int):
        product = _visible_product(request, pk)
        params = request.query_params
        start = _parse_date(params.get("from"), "from") or selectors.today()
        end = _parse_date(params.get("to"), "to") or start + timedelta(days=selectors.DETAIL_CALENDAR_DAYS - 1)
        channel = Channel.DISTRIBUTOR if is_api_key(request) else params.get("channel", Channel.TOURIST)
        days = selectors.price_calendar(product, start, end, channel)
        return Response(CalendarDaySerializer(days, many=True).data)


class FacilityListCreate(CatalogPermissions, APIView):
    @extend_schema(responses=FacilitySerializer(many=True))
    def get(self, request):
        return Response(FacilitySerializer(selectors.facilities(), many=True).data)

    @extend_schema(request=FacilityInputSerializer, responses={201: FacilitySerializer})
    def post(self, request):
        ser = FacilityInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        facility = services.create_facility(**ser.validated_data)
        return Response(FacilitySerializer(facility).data, status=status.HTTP_201_CREATED)
