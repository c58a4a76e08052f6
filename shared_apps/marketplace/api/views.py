"""Public marketplace API on the platform host (anyone may browse)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.failures import DomainError
from shared_apps.marketplace import errors
from tenant_apps.catalog import selectors as catalog_selectors
from tenants.models import Merchant, MerchantStatus
from tenants.utils import in_tenant

from .. import selectors
from .serializers import ListingSerializer, ProductDetailSerializer


def _not_found():
    return DomainError(errors.NOT_FOUND_PRODUCT_OFF_SHELF)


class ListingList(generics.ListAPIView):
    """On-shelf products of active merchants: ?kind=&merchant=<schema>&q=<text in name/subtitle>."""

    permission_classes = [permissions.AllowAny]
    serializer_class = ListingSerializer

    @extend_schema(parameters=[OpenApiParameter("kind", str), OpenApiParameter("merchant", str),
                               OpenApiParameter("q", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        return selectors.visible_listings(kind=params.get("kind") or None, merchant=params.get("merchant") or None,
                                          q=(params.get("q") or "").strip() or None)


class MarketProductDetail(APIView):
    """One product, read from its merchant's schema through the catalog selectors."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=ProductDetailSerializer)
    def get(self, request, schema: str, product_id: int):
        merchant = (Merchant.objects.exclude(schema_name="public")
                    .filter(schema_name=schema, status=MerchantStatus.ACTIVE).first())
        if merchant is None:
            raise _not_found()
        with in_tenant(merchant):
            detail = catalog_selectors.product_detail(product_id)
        if detail is None:
            raise _not_found()
        detail["merchant"] = {"schema": merchant.schema_name, "name": merchant.name, "kind": merchant.kind}
        return Response(ProductDetailSerializer(detail).data)
