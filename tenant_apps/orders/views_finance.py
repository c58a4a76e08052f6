"""Merchant console finance page: balances, split records, statement and withdrawals.

Everything here needs finance.view; the figures come from shared_apps.settlement.services.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from shared_apps.accounts.permissions import StaffPerm
from shared_apps.core.errors import form_error
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import PageForm, can, console_view, forbidden
from shared_apps.settlement import services as settlement
from shared_apps.settlement.models import SettlementItem, Withdrawal

STATEMENT_DAYS = 30


class WithdrawalForm(PageForm):
    amount = forms.DecimalField(label="提现金额(元)", max_digits=12, decimal_places=2, min_value=Decimal("0.01"))


def _day(value: str, default: date) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return default


def _bounds(start: date, end: date):
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz))


@console_view
def finance(request):
    if not can(request, StaffPerm.FINANCE_VIEW):
        return forbidden(request, "您的岗位没有查看财务的权限。")
    merchant = request.tenant
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        amount_fen = int((form.cleaned_data["amount"] * 100).to_integral_value())
        try:
            settlement.request_withdrawal(merchant=merchant, amount_fen=amount_fen, user=request.user)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "提现申请已提交，等待平台财务审核打款。")
            return redirect("console-finance")
    today = timezone.localdate()
    end = _day(request.GET.get("end"), today)
    start = _day(request.GET.get("start"), end - timedelta(days=STATEMENT_DAYS - 1))
    if start > end:
        start = end
    start_at, end_at = _bounds(start, end)
    statement = settlement.statement(code=f"merchant_available:{merchant.schema_name}", start=start_at, end=end_at)
    return render(request, "orders/finance.html", {
        "merchant": merchant, "balances": settlement.balances(merchant), "form": form,
        "splits": SettlementItem.objects.filter(merchant=merchant)[:20],
        "withdrawals": Withdrawal.objects.filter(merchant=merchant).select_related("requested_by")[:50],
        "statement": statement, "start": start, "end": end,
    })
