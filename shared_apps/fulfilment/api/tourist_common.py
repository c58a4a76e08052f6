"""Helpers for the tourist-facing hotel / dining / shop endpoints on the platform host
(urls_tourist_hotel.py, urls_tourist_dining.py, urls_tourist_shop.py). The tenant is found
from the tourist's own order index row or from an active merchant's schema name, and the
merchant schema is entered only through tenants.utils.in_tenant and tenant services."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework import serializers

from shared_apps.checkout import selectors as checkout_selectors
from shared_apps.checkout.models import OrderIndex
from shared_apps.core.failures import DomainError
from shared_apps.fulfilment import errors
from tenants.models import Merchant, MerchantStatus


def my_order_index(request, merchant: str, order_no: str) -> OrderIndex:
    """The requesting tourist's order (any other user's order is a 404, like a missing one)."""
    index = checkout_selectors.my_order_index(request.user, merchant, order_no)
    if index is None:
        raise DomainError(errors.NOT_FOUND_ORDER)
    return index


def active_merchant(schema: str) -> Merchant:
    merchant = Merchant.objects.filter(schema_name=schema, status=MerchantStatus.ACTIVE).exclude(
        schema_name="public").first()
    if merchant is None:
        raise DomainError(errors.MERCHANT_UNAVAILABLE_INACTIVE)
    return merchant


def plain(data):
    """JSON-ready copy (dates as ISO strings): idempotent responses are stored in a JSONField."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def valid(serializer_class, request):
    ser = serializer_class(data=request.data)
    ser.is_valid(raise_exception=True)
    return ser.validated_data


class LinesSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    quantity = serializers.IntegerField(min_value=1, max_value=99)
    note = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
