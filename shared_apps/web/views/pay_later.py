"""到店付款 (pay at hotel, EC-HTL-06) on the tourist H5 site: cancel a confirmed booking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from shared_apps.checkout import pay_later
from shared_apps.checkout.selectors import my_order_index
from shared_apps.core.failures import DomainError

from .common import api_error


@login_required
@require_POST
def order_cancel(request, schema: str, order_no: str):
    """Free cancellation of a pay-at-hotel booking until the cut-off on the arrival day."""
    index = my_order_index(request.user, schema, order_no)
    if index is None:
        raise Http404("订单不存在")
    try:
        pay_later.cancel_my_order(user=request.user, merchant=index.merchant, order_no=order_no)
    except DomainError as exc:
        api_error(request, exc)
    else:
        messages.success(request, "预订已取消")
    return redirect("web-order", schema, order_no)
