"""Dining console pages (merchant host): tables & QR codes, kitchen queue (htmx polling),
bills (settle, coupons, platform QR), coupons, ledger and reconciliation."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shared_apps.accounts.permissions import StaffPerm
from shared_apps.core.errors import flash_error, form_error
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import PageForm, can, console_view, forbidden, run
from shared_apps.core.params import parse_day, today
from shared_apps.core.qr import qr_svg
from shared_apps.ledger.money import positive_fen

from . import billing, selectors, services
from .models import Bill, PayMethod, Sitting, SittingStatus, Table, TicketStatus


class TableForm(PageForm):
    name = forms.CharField(label="桌台名称", max_length=32, help_text="例如 A3、牡丹厅")
    area = forms.CharField(label="区域", max_length=32, required=False)
    seats = forms.IntegerField(label="座位数", min_value=1, max_value=100, initial=4)
    is_private_room = forms.BooleanField(label="包间", required=False)


class CouponForm(PageForm):
    amount = forms.CharField(label="面额（元）", max_length=12)
    threshold = forms.CharField(label="使用门槛（元，0 为无门槛）", max_length=12, initial="0")
    count = forms.IntegerField(label="张数", min_value=1, max_value=billing.MAX_COUPONS_PER_BATCH, initial=10)
    valid_until = forms.DateField(label="有效期至", required=False, widget=forms.DateInput(attrs={"type": "date"}))


@console_view
def tables(request):
    form = TableForm(request.POST or None)
    if request.method == "POST":
        if not can(request, StaffPerm.FULFIL_SETUP):
            return forbidden(request, "您的岗位没有管理桌台的权限。")
        if form.is_valid():
            try:
                table = services.create_table(**form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, f"已添加桌台 {table.name}。")
                return redirect("dining-tables")
    rows = []
    for table in Table.objects.all():
        row = selectors.table_row(table)
        row["svg"] = qr_svg(row["qr_url"], scale=2)
        rows.append(row)
    return render(request, "dining/tables.html", {
        "rows": rows, "form": form, "can_setup": can(request, StaffPerm.FULFIL_SETUP),
        "can_handle": can(request, StaffPerm.FULFIL_HANDLE),
    })


@console_view
@require_POST
def table_action(request, pk, action):
    table = get_object_or_404(Table, pk=pk)
    who = request.user.username
    if action == "rotate":
        if not can(request, StaffPerm.FULFIL_SETUP):
            return forbidden(request, "您的岗位没有管理桌台的权限。")
        run(request, lambda: services.rotate_token(table_id=table.pk), f"{table.name} 的桌码已更换，请打印新二维码。")
    elif action == "open":
        if not can(request, StaffPerm.FULFIL_HANDLE):
            return forbidden(request, "您的岗位没有开台权限。")
        guests = int(request.POST.get("guests") or 1)
        run(request, lambda: services.open_sitting(table_id=table.pk, actor=who, guests=guests),
            f"{table.name} 已开台。")
    else:
        return forbidden(request, "不支持的操作。")
    return redirect("dining-tables")


def _queue_context(request) -> dict:
    return {"tickets": services.kitchen_queue(), "can_handle": can(request, StaffPerm.FULFIL_HANDLE)}


@console_view
def kitchen(request):
    return render(request, "dining/kitchen.html", _queue_context(request))


@console_view
def kitchen_queue(request):
    return render(request, "dining/_queue.html", _queue_context(request))


@console_view
@require_POST
def kitchen_advance(request, pk, to):
    if not can(request, StaffPerm.FULFIL_HANDLE):
        return forbidden(request, "您的岗位没有后厨操作权限。")
    if to not in (TicketStatus.COOKING, TicketStatus.SERVED, TicketStatus.CANCELLED):
        return forbidden(request, "不支持的操作。")
    try:
        services.advance_ticket(ticket_id=pk, to=to, actor=request.user.username)
    except DomainError as exc:
        if not request.headers.get("HX-Request"):
            flash_error(request, exc)
    if request.headers.get("HX-Request"):
        return render(request, "dining/_queue.html", _queue_context(request))
    return redirect("dining-kitchen")


@console_view
def bills(request):
    open_sittings = Sitting.objects.filter(status=SittingStatus.OPEN).select_related("table", "bill")
    recent = Bill.objects.filter(status="settled").select_related("sitting__table").order_by("-settled_at")[:30]
    return render(request, "dining/bills.html", {"open_sittings": open_sittings, "recent": recent})


@console_view
def bill_detail(request, pk):
    sitting = get_object_or_404(Sitting.objects.select_related("table"), pk=pk)
    bill = Bill.objects.get(sitting=sitting)
    qr = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        perm = StaffPerm.FULFIL_HANDLE if action == "close" else StaffPerm.CASHIER_SETTLE
        if not can(request, perm):
            return forbidden(request, "您的岗位没有该操作权限。")
        who = request.user.username
        if action == "settle":
            run(request, lambda: billing.settle(bill_id=bill.pk, method=request.POST.get("method", ""), actor=who),
                "已结账。")
        elif action == "coupon":
            run(request, lambda: billing.redeem_coupon(bill_id=bill.pk, code=request.POST.get("code", ""), actor=who),
                "已核销优惠券。")
        elif action == "close":
            run(request, lambda: services.close_sitting(sitting_id=sitting.pk, actor=who), "已清台。")
        elif action == "qr":
            try:
                qr = billing.payment_qr(bill_id=bill.pk, amount_fen=positive_fen(request.POST.get("amount", "")))
            except DomainError as exc:
                flash_error(request, exc)
        if action != "qr":
            return redirect("dining-bill", pk=sitting.pk)
    return render(request, "dining/bill.html", {
        "s": selectors.sitting_detail(sitting), "qr": qr, "methods": [(m, PayMethod(m).label)
                                                                      for m in billing.STAFF_METHODS],
        "can_settle": can(request, StaffPerm.CASHIER_SETTLE), "can_handle": can(request, StaffPerm.FULFIL_HANDLE),
    })


@console_view
def coupons(request):
    form = CouponForm(request.POST or None)
    if request.method == "POST":
        if not can(request, StaffPerm.FULFIL_SETUP):
            return forbidden(request, "您的岗位没有发券权限。")
        if form.is_valid():
            amount = positive_fen(form.cleaned_data["amount"])
            threshold = positive_fen(form.cleaned_data["threshold"]) or 0
            if amount is None:
                form.add_error("amount", "请填写正确的金额")
            else:
                try:
                    made = billing.issue_coupons(amount_fen=amount, threshold_fen=threshold,
                                                 count=form.cleaned_data["count"],
                                                 valid_until=form.cleaned_data["valid_until"])
                except DomainError as exc:
                    form_error(form, exc)
                else:
                    messages.success(request, f"已发放 {len(made)} 张券。")
                    return redirect(request.path)
    # One page for every merchant kind (EC-FNB-11 bills, EC-SHP-07 online orders): shops reach it
    # at /console/shop/coupons/ with their own tab bar.
    shop = getattr(request.tenant, "kind", "") == "shop" or request.path.startswith("/console/shop/")
    return render(request, "dining/coupons.html", {
        "coupons": selectors.coupons_with_targets(limit=200), "form": form,
        "can_setup": can(request, StaffPerm.FULFIL_SETUP), "nav": "shop/_nav.html" if shop else "dining/_nav.html"})


@console_view
def reconcile(request):
    """Everyone on the console sees the ledger; the funds reconciliation is for owner and finance."""
    try:
        day = parse_day(request.GET.get("day") or request.POST.get("day"), "day", today())
    except DomainError as exc:
        flash_error(request, exc)
        day = today()
    if request.method == "POST":
        if not can(request, StaffPerm.FINANCE_RECONCILE):
            return forbidden(request, "只有店主和财务可以申报实收金额。")
        amount = positive_fen(request.POST.get("amount", "")) if request.POST.get("amount") not in ("0", "") else 0
        if amount is None:
            messages.error(request, "请填写正确的金额。")
        else:
            run(request, lambda: billing.declare(day=day, method=request.POST.get("method", ""), declared_fen=amount,
                                                 actor=request.user.username), "已保存实收金额。")
        return redirect(f"{request.path}?day={day}")
    try:
        start = parse_day(request.GET.get("start"), "start", day)
        end = parse_day(request.GET.get("end"), "end", day)
    except DomainError:
        start = end = day
    start, end = min(start, end), max(start, end)
    if (end - start).days > 92:
        start = end
    can_declare = can(request, StaffPerm.FINANCE_RECONCILE)
    return render(request, "dining/reconcile.html", {
        "day": day, "rec": billing.reconcile(day=day) if can_declare else None,
        "ledger": billing.ledger(start=start, end=end),
        "start": start, "end": end, "can_declare": can_declare,
        "methods": [(m, PayMethod(m).label) for m in billing.STAFF_METHODS],
    })


@console_view
def ledger_csv(request):
    try:
        start = parse_day(request.GET.get("start"), "start", today())
        end = parse_day(request.GET.get("end"), "end", start)
    except DomainError:
        start = end = today()
    if end < start or (end - start).days > 92:
        end = start
    response = HttpResponse(billing.ledger_csv(billing.ledger(start=start, end=end)),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dining-ledger-{start}-{end}.csv"'
    return response
