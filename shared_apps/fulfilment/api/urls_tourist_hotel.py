"""Tourist endpoints for hotel stays and offline scan-to-pay (platform host, /api/v1/).

    path("", include("shared_apps.fulfilment.api.urls_tourist_hotel")),
"""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.payments.services import offline_quote
from tenant_apps.hotel.models import Stay
from tenant_apps.hotel.selectors import stay_row, with_folios
from tenants.utils import in_tenant

from .responses import MyOrderStaysSerializer, OfflinePaySerializer
from .tourist_common import my_order_index, valid


class MyOrderStaysView(APIView):
    """GET me/orders/{merchant}/{order_no}/stays/: the rooms of my booking (room number once assigned)."""

    @extend_schema(responses={200: MyOrderStaysSerializer, **error_bodies(404)})
    def get(self, request, merchant: str, order_no: str):
        index = my_order_index(request, merchant, order_no)
        with in_tenant(index.merchant):
            rows = [stay_row(s) for s in with_folios(Stay.objects.filter(order_id=index.order_id)
                                                     .select_related("room"))]
        keep = ("id", "unit", "room_type_name", "arrival", "departure", "nights", "room_number", "status",
                "status_display", "checked_in_at", "checked_out_at", "folio_balance_fen")
        return Response({"merchant": merchant, "order_no": order_no, "stays": [{k: r[k] for k in keep}
                                                                             for r in rows]})


class OfflineTokenSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=1000)


class OfflinePayVerifyView(APIView):
    """POST pay/offline/verify/ {token}: what a scanned merchant payment QR asks for. The signature
    and expiry are checked, and the folio / bill must still owe at least that amount. Paying it is
    the payments app's part (an intent with purpose "offline", see docs/fulfilment.md)."""

    @extend_schema(request=OfflineTokenSerializer, responses={200: OfflinePaySerializer, **error_bodies(400, 404, 409)})
    def post(self, request):
        quote = offline_quote(valid(OfflineTokenSerializer, request)["token"])
        merchant = quote.pop("merchant_ref")
        return Response({**quote, "merchant_name": merchant.name})


urlpatterns = [
    path("me/orders/<slug:merchant>/<str:order_no>/stays/", MyOrderStaysView.as_view(), name="api-my-order-stays"),
    path("pay/offline/verify/", OfflinePayVerifyView.as_view(), name="api-offline-pay-verify"),
]
