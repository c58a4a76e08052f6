"""Shop console pages (merchant host): shipping, returns, complaints, daily sales chart,
suppliers and bundle offers. Writes call the services and check the role."""

import json

from django import forms
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shared_apps.accounts.permissions import StaffPerm
from shared_apps.core.errors import flash_error, form_error
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import PageForm, back, can, console_view, forbidden, paginate, run
from shared_apps.core.params import parse_day, today
from shared_apps.payments import refund_approval
from tenant_apps.promotions import bundles
from tenant_apps.promotions.models import BundleOffer

from . import complaints, returns, shipping, stats, supply
from .carriers import CARRIERS, CODES
from .models import (
    Complaint,
    ComplaintStatus,
    ReturnRequest,
    RmaStatus,
    Shipment,
    ShipmentStatus,
    Supplier,
)


class SupplierForm(PageForm):
    name = forms.CharField(label="供应商名称", max_length=100)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    phone = forms.CharField(label="电话", max_length=32, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)


@console_view
def shipments(request):
    status = request.GET.get("status", "pending")
    qs = Shipment.objects.select_related("order").prefetch_related("tracking")
    if status:
        qs = qs.filter(status=status)
    return render(request, "shop/shipments.html", {
        "page_obj": paginate(request, qs), "status": status, "statuses": ShipmentStatus.choices,
        "carriers": CARRIERS, "can_handle": can(request, StaffPerm.FULFIL_HANDLE),
    })


@console_view
def shipment_detail(request, pk):
    shipment = get_object_or_404(Shipment.objects.select_related("order"), pk=pk)
    if request.method == "POST":
        if not can(request, StaffPerm.FULFIL_HANDLE):
            return forbidden(request, "您的岗位没有发货权限。")
        who, action = request.user.username, request.POST.get("action", "")
        if action == "ship":
            run(request, lambda: shipping.ship(shipment_id=shipment.pk, carrier=request.POST.get("carrier", ""),
                                               tracking_no=request.POST.get("tracking_no", ""), actor=who), "已发货。")
        elif action == "tracking":
            run(request, lambda: shipping.add_tracking(shipment_id=shipment.pk, code=request.POST.get("code", ""),
                                                       description=request.POST.get("description", ""),
                                                       location=request.POST.get("location", ""), actor=who),
                "已添加物流信息。")
        elif action == "poll":
            run(request, lambda: shipping.poll_tracking(shipment_id=shipment.pk), "已刷新物流信息。")
        return back(request, "shop-shipment", pk=shipment.pk)
    return render(request, "shop/shipment.html", {"s": shipping.shipment_row(shipment), "carriers": CARRIERS,
                                                  "codes": CODES, "can_handle": can(request, StaffPerm.FULFIL_HANDLE)})


@console_view
def returns_list(request):
    status = request.GET.get("status", "")
    qs = ReturnRequest.objects.select_related("order")
    if status:
        qs = qs.filter(status=status)
    return render(request, "shop/returns.html", {
        "rows": [returns.rma_row(r) for r in qs[:200]], "status": status, "statuses": RmaStatus.choices,
        "can_handle": can(request, StaffPerm.FULFIL_HANDLE), "can_refund": can(request, StaffPerm.ORDERS_HANDLE),
    })


RMA_ACTIONS = {
    "approve": (StaffPerm.FULFIL_HANDLE, lambda pk, who, p: returns.decide(
        rma_id=pk, approve=True, actor=who, note=p.get("note", "")), "已同意。"),
    "reject": (StaffPerm.FULFIL_HANDLE, lambda pk, who, p: returns.decide(
        rma_id=pk, approve=False, actor=who, note=p.get("note", "")), "已拒绝。"),
    "received": (StaffPerm.FULFIL_HANDLE, lambda pk, who, p: returns.goods_received(rma_id=pk, actor=who),
                 "已确认收到退货。"),
    "refund": (StaffPerm.ORDERS_HANDLE, lambda pk, who, p: refund_approval.refund_return(
        rma_id=pk, actor=who, restock=bool(p.get("restock"))), "已退款。"),
}


@console_view
@require_POST
def return_action(request, pk, action):
    if action not in RMA_ACTIONS:
        return forbidden(request, "不支持的操作。")
    perm, fn, ok = RMA_ACTIONS[action]
    if not can(request, perm):
        return forbidden(request, "您的岗位没有该操作权限。")
    rma = get_object_or_404(ReturnRequest, pk=pk)
    run(request, lambda: fn(rma.pk, request.user.username, request.POST), ok)
    return redirect("shop-returns")


@console_view
def complaints_list(request):
    status = request.GET.get("status", "")
    qs = Complaint.objects.select_related("order")
    if status:
        qs = qs.filter(status=status)
    return render(request, "shop/complaints.html", {"page_obj": paginate(request, qs), "status": status,
                                                    "statuses": ComplaintStatus.choices})


@console_view
def complaint_detail(request, pk):
    complaint = get_object_or_404(Complaint.objects.select_related("order"), pk=pk)
    if request.method == "POST":
        if not can(request, StaffPerm.FULFIL_HANDLE):
            return forbidden(request, "您的岗位没有回复投诉的权限。")
        run(request, lambda: complaints.merchant_reply(complaint_id=complaint.pk, body=request.POST.get("body", ""),
                                                       actor=request.user.username), "已回复。")
        return redirect("shop-complaint", pk=complaint.pk)
    return render(request, "shop/complaint.html", {"c": complaints.complaint_row(complaint),
                                                   "can_handle": can(request, StaffPerm.FULFIL_HANDLE)})


@console_view
def sales_stats(request):
    try:
        end = parse_day(request.GET.get("end"), "end", today())
        start = parse_day(request.GET.get("start"), "start", end - (today() - today().replace(day=1)))
        data = stats.daily_sales(start=start, end=end)
    except DomainError as exc:
        flash_error(request, exc)
        end = today()
        start = end.replace(day=1)
        data = stats.daily_sales(start=start, end=end)
    chart = {"days": [d["day"].strftime("%m-%d") for d in data["days"]],
             "gross": [d["gross_fen"] / 100 for d in data["days"]],
             "net": [d["net_fen"] / 100 for d in data["days"]], "orders": [d["orders"] for d in data["days"]]}
    return render(request, "shop/stats.html", {"data": data, "chart_json": json.dumps(chart, cls=DjangoJSONEncoder),
                                               "start": start, "end": end})


@console_view
def suppliers(request):
    form = SupplierForm(request.POST or None)
    if request.method == "POST":
        if not can(request, StaffPerm.FULFIL_SETUP):
            return forbidden(request, "您的岗位没有管理供应商的权限。")
        if form.is_valid():
            try:
                supplier = supply.create_supplier(**form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, f"已添加供应商 {supplier.name}。")
                return redirect("shop-suppliers")
    return render(request, "shop/suppliers.html", {
        "suppliers": [supply.supplier_row(s) for s in Supplier.objects.all()],
        "bundles": [bundles.bundle_row(b) for b in BundleOffer.objects.prefetch_related("products")],
        "form": form, "can_setup": can(request, StaffPerm.FULFIL_SETUP),
    })
