"""Merchant console pages for orders: list with status tabs and search, detail with actions.

Reads need console.view; fulfil / complete / refund decisions need orders.handle and go
through orders.services.
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from shared_apps.accounts.permissions import StaffPerm
from shared_apps.core.errors import flash_error
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import can, console_view, forbidden, paginate
from shared_apps.payments import refund_approval

from . import selectors, services
from .models import Order, OrderStatus

STATUS_LABELS = dict(OrderStatus.choices)
NO_HANDLE = "您的岗位没有处理订单的权限。"


@console_view
def order_list(request):
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()
    qs = Order.objects.prefetch_related("lines")
    if status in STATUS_LABELS:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(order_no__icontains=q) | Q(contact_name__icontains=q) | Q(contact_phone__icontains=q)
                       | Q(lines__product_name__icontains=q)).distinct()
    return render(request, "orders/orders.html", {
        "page_obj": paginate(request, qs), "statuses": OrderStatus.choices, "status": status, "q": q,
    })


@console_view
def order_detail(request, pk):
    order = Order.objects.filter(pk=pk).prefetch_related("lines", "events", "refunds").first()
    if order is None:
        return render(request, "core/forbidden.html", {"reason": "订单不存在。"}, status=404)
    detail = selectors.order_detail(order)
    for event in detail["events"]:
        event["from_display"] = STATUS_LABELS.get(event["from"], event["from"])
        event["to_display"] = STATUS_LABELS.get(event["to"], event["to"])
    lines = {ln["id"]: ln["product_name"] for ln in detail["lines"]}
    for refund in detail["refunds"]:
        refund["items"] = [f"{lines.get(i['line_id'], i['line_id'])} × {i['quantity']}" for i in refund["lines"]]
    status = order.status
    return render(request, "orders/order_detail.html", {
        "order": order, "detail": detail, "can_handle": can(request, StaffPerm.ORDERS_HANDLE),
        "can_fulfil": status in (OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED),
        "can_complete": status in (OrderStatus.PAID, OrderStatus.USED, OrderStatus.SHIPPED,
                                   OrderStatus.PARTIALLY_REFUNDED),
    })


@console_view
@require_POST
def order_action(request, pk):
    if not can(request, StaffPerm.ORDERS_HANDLE):
        return forbidden(request, NO_HANDLE)
    action, actor = request.POST.get("action"), request.user.username
    try:
        if action == "fulfil":
            how = request.POST.get("how", "")
            services.fulfil(order_id=pk, actor=actor, how=how if how in ("used", "shipped") else "")
            messages.success(request, "订单已标记为履约。")
        elif action == "complete":
            services.complete(order_id=pk, actor=actor)
            messages.success(request, "订单已完成。")
        elif action in ("refund_approve", "refund_reject"):
            approve = action == "refund_approve"
            refund_approval.decide_refund(refund_id=int(request.POST.get("refund_id", 0)), approve=approve,
                                          actor=actor, note=request.POST.get("note", "").strip())
            messages.success(request, "已同意退款。" if approve else "已拒绝退款。")
        else:
            messages.error(request, "不支持的操作。")
    except DomainError as exc:
        flash_error(request, exc)
    except ValueError:
        messages.error(request, "退款申请不存在。")
    return redirect("console-order-detail", pk=pk)
