"""POST checkouts/preview/: what a checkout would cost per merchant after bundle offers and
coupon codes (EC-SHP-06/07). Nothing is held or claimed."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api_schema import errors as error_bodies

from .. import services
from ..preview import preview
from .responses import CheckoutPreviewOutSerializer
from .serializers import CheckoutPreviewSerializer


class CheckoutPreviewView(APIView):
    @extend_schema(request=CheckoutPreviewSerializer,
                   responses={200: CheckoutPreviewOutSerializer, **error_bodies(400)})
    def post(self, request):
        ser = CheckoutPreviewSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        items = [services.Item(**i) for i in data.get("items") or []]
        if data["from_cart"] and not items:
            items = services.cart_items(request.user)
        return Response(preview(user=request.user, items=items, coupons=data["coupons"]))
