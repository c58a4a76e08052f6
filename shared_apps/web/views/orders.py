"""My orders: list with status tabs and fuzzy search, detail with e-tickets, refund request."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from shared_apps.checkout.models import OrderIndex
from shared_apps.checkout.selectors import my_order_index
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import paginate
from tenant_apps.orders import services as order_services
from tenant_apps.orders.models import Order, OrderStatus
from tenant_apps.orders.selectors import order_for_user
from tenant_apps.shop import returns
from tenant_apps.shop.models import ReturnRequest
from tenant_apps.shop.returns import can_return_after_receipt
from tenants.utils import in_tenant

from .. import selectors
from .common import api_error, page

REFUNDABLE = {OrderStatus.PAID, OrderStatus.USED, OrderStatus.SHIPPED, OrderStatus.PARTIALLY_REFUNDED}


@login_required
def orders(request):
    tab = request.GET.get("tab", "")
    if tab not in selectors.ORDER_TABS:
        tab = ""
    q = request.GET.get("q", "").strip()
    rows = paginate(request, selectors.my_orders(request.user, tab=tab, q=q), per_page=20)
    labels = dict(OrderStatus.choices)
    for row in rows:
        row.status_label = labels.get(row.status, row.status)
        row.can_return = _can_return(row)
    return page(request, "web/orders.html", {
        "page_obj": rows, "tabs": [(k, v[0]) for k, v in selectors.ORDER_TABS.items()], "current": tab, "q": q,
        "tab": "orders",
    })


@login_required
def order_detail(request, schema: str, order_no: str):
    order = selectors.my_order(request.user, schema, order_no)
    if order is None:
        raise Http404("订单不存在")
    left = [ln for ln in order["lines"] if ln["quantity"] > ln["refunded_qty"]]
    # Tickets all used up leave nothing a tourist could ask back (the merchant may still refund).
    used_up = bool(order["tickets"]) and all(t["remaining_persons"] == 0 for t in order["tickets"])
    return page(request, "web/order_detail.html", {
        "o": order, "can_pay": order["status"] == OrderStatus.PENDING_PAYMENT and order["checkout_id"],
        "can_refund": order["status"] in REFUNDABLE and bool(left) and not used_up, "tab": "orders",
        "can_return": _can_return(order["index"]), "returns": _returns_of(order["index"]),
    })


def _can_return(index: OrderIndex) -> bool:
    """申请退货 after receipt (EC-SHP-09): completed shop orders inside their return window."""

    if index.status not in (OrderStatus.COMPLETED, OrderStatus.PARTIALLY_REFUNDED) or index.merchant.kind != "shop":
        return False
    with in_tenant(index.merchant):
        order = Order.objects.filter(pk=index.order_id).first()
        return order is not None and can_return_after_receipt(order)


def _returns_of(index: OrderIndex) -> list[dict]:
    if index.merchant.kind != "shop":
        return []

    with in_tenant(index.merchant):
        rmas = ReturnRequest.objects.filter(order_id=index.order_id)
        return [{"id": r.pk, "kind": r.get_kind_display(), "status": r.get_status_display(),
                 "amount_fen": r.amount_fen, "reason": r.reason, "note": r.decision_note} for r in rmas]


@login_required
@require_POST
def order_return(request, schema: str, order_no: str):
    """申请退货 of a completed goods order (the merchant approves, the tourist ships it back)."""

    index = my_order_index(request.user, schema, order_no)
    if index is None:
        raise Http404("订单不存在")
    try:
        with in_tenant(index.merchant):
            returns.request(order_id=index.order_id, kind="return", actor=request.user.username,
                            reason=(request.POST.get("reason") or "").strip()[:200], user_id=request.user.pk)
    except DomainError as exc:
        api_error(request, exc)
    else:
        messages.success(request, "退货申请已提交，商家同意后请寄回商品")
    return redirect("web-order", schema, order_no)


@login_required
@require_POST
def order_refund(request, schema: str, order_no: str):
    """Ask the merchant to refund everything not yet refunded (the merchant approves)."""

    index = my_order_index(request.user, schema, order_no)
    if index is None:
        raise Http404("订单不存在")
    reason = (request.POST.get("reason") or "").strip()[:200]
    try:
        with in_tenant(index.merchant):
            order = order_for_user(order_no=order_no, user_id=request.user.pk)
            order_services.request_refund(order_id=order.pk, actor=request.user.username, reason=reason)
    except DomainError as exc:
        api_error(request, exc)
    else:
        messages.success(request, "退款申请已提交，等待商户处理")
    return redirect("web-order", schema, order_no)
