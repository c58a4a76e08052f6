"""Inventory configuration per date / session (EC-TKT-05, EC-HTL-03) and plain stock (EC-SHP-04)."""

from datetime import timedelta

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.permissions import StaffPerm, TenantScoped, staff_can
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from tenant_apps.catalog.models import Product
from tenant_apps.inventory import errors

from .. import services
from ..selectors import availability
from .responses import CapacityUpdatedSerializer, InventorySerializer

MAX_DAYS = 366


class CapacityInputSerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="first day (dated products)")
    end = serializers.DateField(required=False, help_text="last day, inclusive")
    sessions = serializers.ListField(child=serializers.CharField(max_length=32), required=False, default=list)
    capacity = serializers.IntegerField(min_value=0, max_value=1_000_000)


def _product(pk: int) -> Product:
    product = Product.objects.filter(pk=pk).first()
    if product is None:
        raise DomainError(errors.NOT_FOUND_PRODUCT)
    return product


class InventoryView(APIView):
    def get_permissions(self):
        perm = StaffPerm.CATALOG_EDIT if self.request.method == "PUT" else StaffPerm.CONSOLE_VIEW
        return [permissions.IsAuthenticated(), TenantScoped(), staff_can(perm)()]

    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses={200: InventorySerializer, **error_bodies(404)})
    def get(self, request, pk: int):
        product = _product(pk)
        return Response({"product_id": product.pk, "inventory_mode": product.inventory_mode,
                         "slots": availability(product_id=product.pk)})

    @extend_schema(request=CapacityInputSerializer,
                   responses={200: CapacityUpdatedSerializer, **error_bodies(400, 404, 409)})
    def put(self, request, pk: int):
        product = _product(pk)
        ser = CapacityInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        if product.inventory_mode == "unlimited":
            raise DomainError(errors.INVENTORY_NOT_TRACKED)
        if product.inventory_mode == "stock":
            days, sessions = [None], [""]
        else:
            if not data.get("start") or not data.get("end") or data["end"] < data["start"]:
                raise DomainError(errors.RANGE_REQUIRED)
            span = (data["end"] - data["start"]).days + 1
            if span > MAX_DAYS:
                raise DomainError(errors.RANGE_TOO_LONG_DAYS, max_days=MAX_DAYS)
            days = [data["start"] + timedelta(days=i) for i in range(span)]
            sessions = data["sessions"] or (product.sessions or [""])
            unknown = set(sessions) - set(product.sessions or [""])
            if unknown:
                raise DomainError(errors.SESSION_INVALID_UNKNOWN, details=sorted(unknown))
        count = services.set_capacity(product=product, days=days, sessions=sessions, capacity=data["capacity"])
        return Response({"updated": count, "slots": availability(product_id=product.pk, start=days[0],
                                                                  end=days[-1]) if days[0] else
                         availability(product_id=product.pk)})
