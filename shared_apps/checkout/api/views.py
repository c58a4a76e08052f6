"""Tourist-facing buying API on the platform host: cart, checkout, order centre, availability."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.checkout import errors
from shared_apps.checkout.selectors import my_order_index
from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from shared_apps.core.idempotency import run_idempotent
from tenant_apps.inventory.selectors import availability
from tenant_apps.orders import services as orders
from tenant_apps.orders.selectors import order_detail, order_for_user
from tenants.utils import in_tenant

from .. import services
from ..models import CartItem, Checkout, OrderIndex
from .responses import AvailabilitySerializer, MyOrderDetailSerializer, RefundRequestedSerializer
from .serializers import (
    CartItemOutSerializer,
    CheckoutInputSerializer,
    CheckoutSerializer,
    ItemSerializer,
    OrderIndexSerializer,
    QuantitySerializer,
    RangeSerializer,
    RefundInputSerializer,
)

MAX_RANGE_DAYS = 92


def _item(data: dict) -> services.Item:
    return services.Item(**data)


class CartView(APIView):
    @extend_schema(responses=CartItemOutSerializer(many=True))
    def get(self, request):
        items = CartItem.objects.filter(cart__user=request.user).select_related("merchant")
        return Response(CartItemOutSerializer(items, many=True).data)


class CartItemsView(APIView):
    @extend_schema(request=ItemSerializer, responses={201: CartItemOutSerializer})
    def post(self, request):
        ser = ItemSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        line = services.add_to_cart(user=request.user, item=_item(ser.validated_data))
        return Response(CartItemOutSerializer(line).data, status=status.HTTP_201_CREATED)


class CartItemView(APIView):
    @extend_schema(request=QuantitySerializer, responses=CartItemOutSerializer)
    def patch(self, request, pk: int):
        ser = QuantitySerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        line = services.update_cart_item(user=request.user, item_id=pk, quantity=ser.validated_data["quantity"])
        return Response(CartItemOutSerializer(line).data if line else None,
                        status=status.HTTP_200_OK if line else status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        services.update_cart_item(user=request.user, item_id=pk, quantity=0)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CheckoutCreateView(APIView):
    """Check out items from several merchants in one transaction. Send an `Idempotency-Key`
    header to make retries safe: the same key and body replay the first result; the same key
    with another body is 409 idempotency_key_reused."""

    @extend_schema(request=CheckoutInputSerializer, responses={201: CheckoutSerializer},
                   parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER)])
    def post(self, request):
        ser = CheckoutInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = dict(ser.validated_data)

        def work():
            items = [_item(i) for i in data.pop("items", None) or []]
            if data["from_cart"] and not items:
                items = services.cart_items(request.user)
            checkout = services.place_checkout(user=request.user, items=items, **data)
            return Response(CheckoutSerializer(checkout).data, status=status.HTTP_201_CREATED)

        return run_idempotent(request=request, endpoint="checkout", body=request.data, work=work)


def _own_checkout(request, pk: int) -> Checkout:
    checkout = Checkout.objects.filter(pk=pk, user=request.user).prefetch_related("parts__merchant").first()
    if checkout is None:
        raise DomainError(errors.NOT_FOUND_CHECKOUT)
    return checkout


class CheckoutDetailView(APIView):
    @extend_schema(responses=CheckoutSerializer)
    def get(self, request, pk: int):
        return Response(CheckoutSerializer(_own_checkout(request, pk)).data)


class CheckoutCancelView(APIView):
    @extend_schema(request=None, responses=CheckoutSerializer)
    def post(self, request, pk: int):
        checkout = _own_checkout(request, pk)
        services.cancel_checkout(checkout_id=checkout.pk, actor=request.user.username)
        return Response(CheckoutSerializer(_own_checkout(request, pk)).data)


class MyOrdersView(generics.ListAPIView):
    """The tourist's orders across all merchants; ?q= fuzzy-matches order no, merchant,
    product names and contact; ?status= filters (EC-ORD-09)."""

    serializer_class = OrderIndexSerializer

    @extend_schema(parameters=[OpenApiParameter("q", str), OpenApiParameter("status", str)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = OrderIndex.objects.filter(user=self.request.user).select_related("merchant")
        params = self.request.query_params
        if params.get("status"):
            qs = qs.filter(status=params["status"])
        for word in (params.get("q") or "").lower().split()[:5]:
            qs = qs.filter(Q(search_text__contains=word))
        return qs


def _my_order(request, merchant: str, order_no: str):
    index = my_order_index(request.user, merchant, order_no)
    if index is None:
        raise DomainError(errors.NOT_FOUND_ORDER)
    return index


class MyOrderDetailView(APIView):
    @extend_schema(responses={200: MyOrderDetailSerializer, **error_bodies(404)})
    def get(self, request, merchant: str, order_no: str):
        index = _my_order(request, merchant, order_no)
        with in_tenant(index.merchant):
            order = order_for_user(order_no=order_no, user_id=request.user.pk)
            data = order_detail(order)
        data.update(merchant=index.merchant.schema_name, merchant_name=index.merchant.name)
        return Response(data)


class MyOrderRefundView(APIView):
    @extend_schema(request=RefundInputSerializer,
                   responses={201: RefundRequestedSerializer, **error_bodies(400, 404, 409)})
    def post(self, request, merchant: str, order_no: str):
        ser = RefundInputSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        index = _my_order(request, merchant, order_no)

        def work():
            with in_tenant(index.merchant):
                order = order_for_user(order_no=order_no, user_id=request.user.pk)
                refund = orders.request_refund(order_id=order.pk, actor=request.user.username,
                                               **ser.validated_data)
            return Response({"id": refund.pk, "status": refund.status, "amount_fen": refund.amount_fen,
                             "lines": refund.lines}, status=status.HTTP_201_CREATED)

        return run_idempotent(request=request, endpoint=f"refund:{merchant}:{order_no}", body=request.data,
                              work=work)


class AvailabilityView(APIView):
    """Left units per day/session (or plain stock) of a product, for the product page."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[OpenApiParameter("start", str), OpenApiParameter("end", str)],
                   responses={200: AvailabilitySerializer, **error_bodies(400, 404)})
    def get(self, request, merchant: str, product_id: int):
        ser = RangeSerializer(data=request.query_params)
        ser.is_valid(raise_exception=True)
        start = ser.validated_data.get("start") or timezone.localdate()
        end = ser.validated_data.get("end") or start + timedelta(days=30)
        if end < start or (end - start).days > MAX_RANGE_DAYS:
            raise DomainError(errors.RANGE_TOO_LONG_DATE, max_range_days=MAX_RANGE_DAYS)
        shop = services._merchant(merchant)
        with in_tenant(shop):
            slots = availability(product_id=product_id, start=start, end=end) + [
                s for s in availability(product_id=product_id) if s["day"] is None]
        return Response({"merchant": merchant, "product_id": product_id,
                         "slots": [{k: s[k] for k in ("day", "session", "capacity", "left")} for s in slots]})
