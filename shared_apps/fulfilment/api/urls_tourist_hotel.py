"""Tourist endpoints for hotel stays and offline scan-to-pay (platform host, /api/v1/).

    path("", include("shared_apps.fulfilment.api.urls_tourist_hotel")),
"""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api_schema import errors as error_bodies
from shared_apps.core.failures import DomainError
from shared_apps.fulfilment import errors
from tenant_apps.dining.models import Bill
from tenant_apps.hotel import qrpay
from tenant_apps.hotel.models import Folio, Stay
from tenant_apps.hotel.selectors import stay_row, with_folios
from tenants.utils import in_tenant

from .responses import MyOrderStaysSerializer, OfflinePaySerializer
from .tourist_common import active_merchant, my_order_index, valid


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
        payload = qrpay.verify(valid(OfflineTokenSerializer, request)["token"])
        merchant = active_merchant(payload["merchant"])
        with in_tenant(merchant):
            due = _still_due(payload["subject"], payload["subject_id"])
        if due < payload["amount_fen"]:
            raise DomainError(errors.QR_STALE)
        return Response({**payload, "merchant_name": merchant.name, "due_fen": due})


def _still_due(subject: str, subject_id: int) -> int:
    if subject == "folio":
        folio = Folio.objects.filter(pk=subject_id).first()
        return folio.balance_fen if folio else 0

    bill = Bill.objects.filter(pk=subject_id).first()
    return bill.balance_fen if bill else 0


urlpatterns = [
    path("me/orders/<slug:merchant>/<str:order_no>/stays/", MyOrderStaysView.as_view(), name="api-my-order-stays"),
    path("pay/offline/verify/", OfflinePayVerifyView.as_view(), name="api-offline-pay-verify"),
]
