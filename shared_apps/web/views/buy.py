"""Checkout, payment and the payment result page (polled with htmx)."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from shared_apps.checkout import pay_later, preview
from shared_apps.checkout import services as checkout_services
from shared_apps.checkout.models import Checkout, CheckoutStatus
from shared_apps.checkout.preview import add_discounts
from shared_apps.core.clientip import client_ip
from shared_apps.core.failures import DomainError
from shared_apps.payments import services as payments
from shared_apps.payments.models import IntentStatus, Method, PaymentIntent, Purpose
from shared_apps.tourists import selectors as tourists

from .. import selectors
from .common import BUY_NOW_KEY, api_error, item_from_session, page, safe_next

TOKEN_KEY = "web_checkout_tokens"
METHODS = [(Method.WECHAT, "微信支付"), (Method.ALIPAY, "支付宝"), (Method.WALLET, "钱包余额")]


def _lines(request, buy_now: bool):
    if buy_now:
        item = item_from_session(request.session.get(BUY_NOW_KEY))
        return [(None, item)] if item else []
    return selectors.cart_lines(request.user)


def _new_token(request) -> str:
    """One-time form token: a double-submitted checkout form places one checkout, not two."""
    token = secrets.token_urlsafe(12)
    tokens = (request.session.get(TOKEN_KEY) or [])[-9:] + [token]
    request.session[TOKEN_KEY] = tokens
    return token


def _use_token(request, token: str) -> bool:
    tokens = request.session.get(TOKEN_KEY) or []
    if token not in tokens:
        return False
    tokens.remove(token)
    request.session[TOKEN_KEY] = tokens
    return True


def start_payment(request, checkout: Checkout, method: str, use_wallet: bool):
    """Open a payment intent for `checkout` and send the tourist where it has to go next:
    the gateway's cashier page (pay_url) or straight to the result page (wallet)."""
    result_url = reverse("web-pay-result", args=[checkout.pk])
    wallet_fen = 0
    if method != Method.WALLET and use_wallet:
        wallet_fen = max(0, min(payments.wallet_available(request.user), checkout.total_fen))
    try:
        intent = payments.create_intent(user=request.user, method=method, checkout_id=checkout.pk,
                                        wallet_fen=wallet_fen, return_url=request.build_absolute_uri(result_url),
                                        ip=client_ip(request), channel="h5")
    except DomainError as exc:
        api_error(request, exc)
        return redirect("web-pay", checkout.pk)
    return _follow(intent, result_url)


def _follow(intent: PaymentIntent, result_url: str):
    if intent.status == IntentStatus.SUCCEEDED:
        return redirect(result_url)
    tender = intent.tenders.exclude(method=Method.WALLET).first()
    if tender is not None and tender.pay_url:
        return redirect(tender.pay_url)
    return redirect(result_url)


@login_required
def checkout(request):
    buy_now = request.GET.get("buy") == "1" or request.POST.get("buy") == "1"
    applying = request.method == "POST" and request.POST.get("apply_coupon") == "1"  # 使用优惠券: re-price only
    if request.method == "POST" and not applying and not _use_token(request, request.POST.get("token", "")):
        messages.warning(request, "请勿重复提交订单，请在“我的订单”中查看")
        return redirect("web-orders")
    lines = _lines(request, buy_now)
    if not lines:
        messages.info(request, "购物车是空的，先去逛逛吧")
        return redirect("web-cart")
    quoted = preview.quote(lines)
    coupon_codes = {g["schema"]: (request.POST.get(f"coupon_{g['schema']}") or "").strip()[:20]
                    for g in quoted["groups"]} if request.method == "POST" else {}
    add_discounts(quoted, coupon_codes)  # bundle offers and coupons per merchant (EC-SHP-06/07)
    pay_later.annotate_quote(quoted, request.POST)  # which merchants may be paid at the hotel (到店付款, EC-HTL-06)
    user = request.user
    travellers = list(tourists.travellers_of(user))
    addresses = list(tourists.addresses_of(user))
    data = request.POST if request.method == "POST" else {
        "contact_name": user.display_name or user.username, "contact_phone": user.phone or "",
        "method": Method.WECHAT,
        "address": next((str(a.pk) for a in addresses if a.is_default), ""),
    }
    errors = []
    if request.method == "POST" and not applying:
        method = data.get("method") or Method.WECHAT
        if method not in Method.values:
            errors.append("请选择支付方式")
        if not (data.get("contact_name") or "").strip():
            errors.append("请填写联系人姓名")
        if quoted["has_goods"] and not data.get("address"):
            errors.append("购买特产商品需要选择收货地址")
        if quoted["has_error"]:
            errors.append("部分商品暂不可购买，请返回修改")
        if not errors:
            items = pay_later.apply_choices([item for _, item in lines], request.POST, quoted)
            try:
                placed = checkout_services.place_checkout(
                    user=user, items=items, contact_name=data.get("contact_name", "").strip(),
                    contact_phone=data.get("contact_phone", "").strip(),
                    traveller_ids=[int(t) for t in request.POST.getlist("traveller") if t.isdigit()],
                    address_id=int(data["address"]) if quoted["has_goods"] and data.get("address") else None,
                    note=(data.get("note") or "")[:200], from_cart=not buy_now,
                    coupons={k: v for k, v in coupon_codes.items() if v})
            except DomainError as exc:
                errors.append(exc.message)
            else:
                if buy_now:
                    request.session.pop(BUY_NOW_KEY, None)
                # Everything paid at the hotel, or a zero total (free tickets): nothing to pay now.
                if placed.status in (CheckoutStatus.CONFIRMED, CheckoutStatus.PAID):
                    return redirect("web-pay-result", placed.pk)
                return start_payment(request, placed, method, bool(data.get("use_wallet")))
    return page(request, "web/checkout.html", {
        "cart": quoted, "travellers": travellers, "addresses": addresses, "data": data, "errors": errors,
        "picked_travellers": request.POST.getlist("traveller"), "buy_now": buy_now, "methods": METHODS,
        "wallet_available": payments.wallet_available(user), "token": _new_token(request), "tab": "cart",
    })


def _own_checkout(request, pk: int) -> Checkout:
    return get_object_or_404(Checkout.objects.prefetch_related("parts__merchant"), pk=pk, user=request.user)


@login_required
def pay(request, pk: int):
    """Pay (or pay again) a checkout: method choice and wallet deduction (combined payment)."""
    checkout = _own_checkout(request, pk)
    if request.method == "POST":
        if checkout.status != CheckoutStatus.PENDING_PAYMENT:
            messages.error(request, "订单已支付、取消或超时")
            return redirect("web-pay", pk)
        method = request.POST.get("method", "")
        if method not in Method.values:
            messages.error(request, "请选择支付方式")
            return redirect("web-pay", pk)
        return start_payment(request, checkout, method, bool(request.POST.get("use_wallet")))
    return page(request, "web/pay.html", {
        "checkout": checkout, "parts": list(checkout.parts.all()), "methods": METHODS,
        "wallet_available": payments.wallet_available(request.user), "tab": "orders",
        "intent": checkout.payment_intents.order_by("-id").first(),
    })


@login_required
@require_POST
def cancel(request, pk: int):
    checkout = _own_checkout(request, pk)
    try:
        checkout_services.cancel_checkout(checkout_id=checkout.pk, actor=request.user.username)
    except DomainError as exc:
        api_error(request, exc)
    else:
        messages.success(request, "订单已取消")
    return redirect(safe_next(request, request.POST.get("next"), reverse("web-orders")))


def _result_context(checkout: Checkout) -> dict:
    intent = checkout.payment_intents.prefetch_related("tenders").order_by("-id").first()
    paid = checkout.status == CheckoutStatus.PAID
    final = paid or checkout.status != CheckoutStatus.PENDING_PAYMENT or (
        intent is not None and intent.status in (IntentStatus.FAILED, IntentStatus.CANCELLED))
    return {"checkout": checkout, "intent": intent, "paid": paid, "final": final,
            "parts": list(checkout.parts.all())}


@login_required
def pay_result(request, pk: int):
    checkout = _own_checkout(request, pk)
    ctx = _result_context(checkout)
    template = "web/_pay_status.html" if request.headers.get("HX-Request") else "web/pay_result.html"
    return page(request, template, {**ctx, "tab": "orders"})


@login_required
def topup_result(request):
    intent = (PaymentIntent.objects.filter(user=request.user, purpose=Purpose.TOPUP)
              .prefetch_related("tenders").order_by("-id").first())
    ctx = {"intent": intent, "final": intent is None or intent.status != IntentStatus.REQUIRES_PAYMENT,
           "balance_fen": payments.wallet_available(request.user), "tab": "me"}
    template = "web/_topup_status.html" if request.headers.get("HX-Request") else "web/topup_result.html"
    return page(request, template, ctx)
