"""Tourist API for pay-at-merchant orders (到付, EC-HTL-06)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api_schema import errors as error_bodies

from .. import pay_later
from .responses import OrderCancelledSerializer
from .views import _my_order


class MyOrderCancelView(APIView):
    """Cancel my confirmed pay-at-merchant order, free until the cut-off on the arrival day
    (`409 cancel_cutoff_passed` after it). Prepaid orders ask for a refund instead."""

    @extend_schema(request=None, responses={200: OrderCancelledSerializer, **error_bodies(404, 409)})
    def post(self, request, merchant: str, order_no: str):
        index = _my_order(request, merchant, order_no)
        return Response(pay_later.cancel_my_order(user=request.user, merchant=index.merchant, order_no=order_no))
