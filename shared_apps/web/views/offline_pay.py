"""Offline scan-to-pay (EC-HTL-10, EC-FNB-08): the payer's page behind a merchant's folio / bill QR
(`/pay/offline/?t=<signed token>`), the choice of WeChat / Alipay / wallet, the sandbox or real
cashier, and the result page (polled with htmx). The QR carries a fixed amount (tenant_apps/hotel/qrpay.py
signs it), so the payer confirms it and cannot change it."""

from datetime import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from shared_apps.core.clientip import client_ip
from shared_apps.core.failures import DomainError
from shared_apps.payments import services as payments
from shared_apps.payments.models import IntentStatus, Method, PaymentIntent, Purpose

from .buy import METHODS, _follow
from .common import page

SUBJECT_LABELS = {"folio": "客房消费账单", "bill": "餐费账单"}


def _token(request) -> str:
    return (request.POST.get("t") or request.GET.get("t") or "").strip()[:1000]


def _invalid(request, exc: DomainError):
    """The friendly page for a forged, expired or already-paid code (never a 500)."""
    return page(request, "web/offline_invalid.html", {"reason": exc.message, "code": exc.code, "tab": "home"},
                status=exc.status_code)


def offline_pay(request):
    """GET: merchant, what is paid and the amount; POST (signed in): open the payment and go to the cashier."""
    token = _token(request)
    try:
        quote = payments.offline_quote(token)
    except DomainError as exc:
        return _invalid(request, exc)
    error = ""
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(_login_url(request, token))
        method = request.POST.get("method", "")
        if method not in Method.values:
            error = _("请选择支付方式")
        else:
            wallet_fen = 0
            if method != Method.WALLET and request.POST.get("use_wallet"):  # 组合支付: wallet first
                wallet_fen = max(0, min(payments.wallet_available(request.user), quote["amount_fen"]))
            try:
                intent = payments.create_offline_intent(
                    user=request.user, token=token, method=method, wallet_fen=wallet_fen,
                    return_url=request.build_absolute_uri(reverse("web-offline-pay-return")),
                    ip=client_ip(request), channel="h5")
            except DomainError as exc:
                error = exc.message
            else:
                return _follow(intent, reverse("web-offline-pay-result", args=[intent.pk]))
    merchant = quote["merchant_ref"]
    expires = datetime.fromtimestamp(quote["expires_at"], tz=timezone.get_current_timezone())
    return page(request, "web/offline_pay.html", {
        "token": token, "merchant": merchant, "amount_fen": quote["amount_fen"], "expires_at": expires,
        "what": SUBJECT_LABELS.get(quote["subject"], ""), "methods": METHODS, "error": error,
        "wallet_available": payments.wallet_available(request.user) if request.user.is_authenticated else 0,
        "login_url": _login_url(request, token), "tab": "home",
    }, status=400 if error else 200)


def _login_url(request, token: str) -> str:
    back = f"{reverse('web-offline-pay')}?{urlencode({'t': token})}"
    return f"/accounts/login/?{urlencode({'next': back})}"


def _own_offline(request, pk: int | None) -> PaymentIntent | None:
    mine = (PaymentIntent.objects.filter(user=request.user, purpose=Purpose.OFFLINE)
            .select_related("merchant").prefetch_related("tenders"))
    if pk is None:  # back from a cashier (WeChat H5 / Alipay wap): the latest one
        return mine.order_by("-id").first()
    return get_object_or_404(mine, pk=pk)


@login_required
def offline_return(request):
    intent = _own_offline(request, None)
    if intent is None:
        return redirect("web-orders")
    return redirect("web-offline-pay-result", intent.pk)


@login_required
def offline_result(request, pk: int):
    intent = _own_offline(request, pk)
    ctx = {"intent": intent, "final": intent.status != IntentStatus.REQUIRES_PAYMENT,
           "what": SUBJECT_LABELS.get(intent.offline_ref.partition(":")[0], ""), "tab": "home"}
    template = "web/_offline_status.html" if request.headers.get("HX-Request") else "web/offline_result.html"
    return page(request, template, ctx)
