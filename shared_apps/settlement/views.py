"""Operator console pages for money on the platform host: orders, finance, withdrawals, reconciliation.

Reads need an operator; approving/rejecting withdrawals and running reconciliation need a
finance operator (super_admin, finance, or a superuser), as the operator API does.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.db.models import Q, Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shared_apps.checkout.models import OrderIndex
from shared_apps.core.errors import flash_error
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import decide, forbidden, paginate
from shared_apps.ledger import services as ledger
from shared_apps.ledger.models import AccountKind, JournalEntry, Posting
from shared_apps.onboarding.views import operator_required
from shared_apps.payments.gateways.base import GatewayError
from tenant_apps.orders.models import OrderStatus
from tenants.models import Merchant

from . import services
from .models import ReconciliationRun, Withdrawal, WithdrawalStatus
from .reconcile import reconcile

GATEWAYS = [("wechat", "微信支付"), ("alipay", "支付宝")]
KIND_LABELS = dict(AccountKind.choices)
NOT_FINANCE = "仅平台财务人员可以执行此操作。"


def is_finance(user) -> bool:
    return user.is_superuser or user.operator_role in ("super_admin", "finance")


@operator_required
def ops_orders(request):
    status, merchant_id, q = request.GET.get("status", ""), request.GET.get("merchant", ""), request.GET.get("q", "")
    qs = OrderIndex.objects.select_related("merchant", "user")
    if status:
        qs = qs.filter(status=status)
    if merchant_id.isdigit():
        qs = qs.filter(merchant_id=int(merchant_id))
    if q.strip():
        qs = qs.filter(Q(search_text__icontains=q.strip()) | Q(order_no__icontains=q.strip()))
    page_obj = paginate(request, qs)
    labels = dict(OrderStatus.choices)
    for row in page_obj:
        row.status_display = labels.get(row.status, row.status)
    return render(request, "settlement/ops/orders.html", {
        "page_obj": page_obj, "statuses": OrderStatus.choices, "status": status, "merchant_id": merchant_id,
        "q": q, "merchants": Merchant.objects.exclude(schema_name="public").order_by("name"),
    })


@operator_required
def ops_finance(request):
    by_type: dict[str, int] = {}
    for code, total in Posting.objects.values_list("account__code").annotate(s=Sum("amount_fen")):
        prefix = code.split(":")[0]
        by_type[prefix] = by_type.get(prefix, 0) + total
    rows = []
    for prefix, total in sorted(by_type.items()):
        kind, name = ledger.ACCOUNT_TYPES.get(prefix, ("", prefix))
        credit_normal = kind in (AccountKind.LIABILITY, AccountKind.REVENUE)
        rows.append({"prefix": prefix, "name": name, "kind": KIND_LABELS.get(kind, "-"),
                     "balance_fen": total, "shown_fen": -total if credit_normal else total})
    entries = JournalEntry.objects.prefetch_related("postings__account").order_by("-id")[:30]
    return render(request, "settlement/ops/finance.html", {
        "trial_balance_fen": ledger.trial_balance(), "rows": rows, "entries": entries,
        "chart": {"names": [r["name"] for r in rows], "values": [r["shown_fen"] / 100 for r in rows]},
    })


@operator_required
def ops_withdrawals(request):
    status = request.GET.get("status", "")
    qs = Withdrawal.objects.select_related("merchant", "requested_by", "reviewed_by")
    if status:
        qs = qs.filter(status=status)
    return render(request, "settlement/ops/withdrawals.html", {
        "page_obj": paginate(request, qs), "statuses": WithdrawalStatus.choices, "status": status,
        "finance": is_finance(request.user),
    })


@operator_required
@require_POST
def ops_withdrawal_review(request, pk):
    if not is_finance(request.user):
        return forbidden(request, NOT_FINANCE)
    approve = request.POST.get("decision") == "approve"
    if not Withdrawal.objects.filter(pk=pk).exists():
        messages.error(request, "提现申请不存在。")
        return redirect("ops-withdrawals")
    bank_txn_no = request.POST.get("bank_txn_no", "").strip()
    return decide(request, lambda note: services.review_withdrawal(
        withdrawal_id=pk, approve=approve, reviewer=request.user, note=note, bank_txn_no=bank_txn_no),
        success=lambda w: f"已{'打款' if approve else '驳回'}提现 #{w.pk}（{w.merchant.name}）。", to="ops-withdrawals")


@operator_required
def ops_reconciliation(request):
    if request.method == "POST":
        if not is_finance(request.user):
            return forbidden(request, NOT_FINANCE)
        gateway = request.POST.get("gateway")
        try:
            day = date.fromisoformat(request.POST.get("day") or "")
        except ValueError:
            messages.error(request, "日期格式应为 YYYY-MM-DD。")
            return redirect("ops-reconciliation")
        if gateway not in dict(GATEWAYS):
            messages.error(request, "支付通道无效。")
            return redirect("ops-reconciliation")
        try:
            run = reconcile(gateway=gateway, day=day)
        except DomainError as exc:
            flash_error(request, exc)
        except GatewayError as exc:  # the bill download failed: shown, not a 500
            messages.error(request, f"对账失败：通道账单下载失败（{exc.code}）")
        else:
            messages.success(request, f"对账完成：匹配 {run.matched} 笔，差异 {run.mismatches} 笔。")
        return redirect("ops-reconciliation")
    runs = paginate(request, ReconciliationRun.objects.prefetch_related("items"), per_page=20)
    return render(request, "settlement/ops/reconciliation.html", {
        "page_obj": runs, "gateways": GATEWAYS, "yesterday": timezone.localdate() - timedelta(days=1),
        "finance": is_finance(request.user),
    })
