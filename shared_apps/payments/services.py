"""Payment intents: create (with wallet + gateway tenders), capture, fail, callbacks, active query.

Gateway calls never run inside a database transaction: rows are committed first, the
gateway is called, and the outcome is written in a second transaction.
"""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.core import ratelimit, redis
from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from shared_apps.ledger import services as ledger
from shared_apps.payments import errors
from tenant_apps.dining import billing
from tenant_apps.hotel import folio, qrpay
from tenants.models import Merchant, MerchantStatus
from tenants.utils import in_tenant

from . import signals
from .gateways import get_gateway
from .gateways.base import GatewayError, GatewayOrder
from .models import (
    GatewayCallback,
    IntentStatus,
    Method,
    PaymentEvent,
    PaymentIntent,
    Purpose,
    Tender,
    TenderStatus,
)
from .refunds import refund_confirmed, refund_orphan_payment

IS, T = IntentStatus, TenderStatus
INTENT_TRANSITIONS = {IS.REQUIRES_PAYMENT: {IS.SUCCEEDED, IS.FAILED, IS.CANCELLED}}
TENDER_TRANSITIONS = {
    T.PENDING: {T.SUCCEEDED, T.FAILED, T.VOIDED},
    T.AUTHORIZED: {T.SUCCEEDED, T.VOIDED},
}
# A move saves the whole row (callers set gateway_txn_id, paid_at, succeeded_at first). A tender's
# event also names its intent: TENDER_MACHINE.move(tender, to, intent=intent, reason=...).
INTENT_MACHINE = Machine(INTENT_TRANSITIONS, PaymentEvent, subject_field="intent", what="Payment", label="支付单",
                         save_all=True)
TENDER_MACHINE = Machine(TENDER_TRANSITIONS, PaymentEvent, subject_field="tender", what="Payment", label="支付单",
                         save_all=True)
MAX_TOPUP_FEN = 50_000_00
logger = logging.getLogger(__name__)


def check_velocity(*, user, ip: str = "", device: str = "") -> None:
    """Anti order-brushing (EC-PAY-04): per user, device and IP limits on payment attempts."""
    limits = settings.PAYMENT_VELOCITY_LIMITS
    for bucket, key in (("user", user.pk), ("device", device), ("ip", ip)):
        if not key:
            continue
        per_minute, per_hour = limits[bucket]
        for window, limit in ((60, per_minute), (3600, per_hour)):
            allowed, retry = ratelimit.hit(f"pay:{bucket}:{key}:{window}", limit, window, fail_closed=True)
            if not allowed:
                raise DomainError(errors.TOO_MANY_PAYMENTS, details={"by": bucket, "retry_after": retry})


def wallet_available(user) -> int:
    """Wallet balance minus what pending payments have frozen."""
    frozen = sum(Tender.objects.filter(intent__user=user, method=Method.WALLET, status=T.AUTHORIZED)
                 .values_list("amount_fen", flat=True))
    return ledger.owed(f"wallet:{user.pk}") - frozen


def _out_trade_no(intent_id: int, method: str) -> str:
    return f"P{intent_id:09d}{method[0].upper()}{secrets.token_hex(4)}"


@transaction.atomic
def _open_intent(*, user, purpose, checkout_id, amount_fen, method, wallet_fen, merchant=None,
                 offline_ref: str = "") -> PaymentIntent:
    if purpose == Purpose.CHECKOUT:  # checkout locks the checkout and answers what is due
        amount_fen = signals.ask(signals.checkout_payable, user=user, checkout_id=checkout_id)
        for old in PaymentIntent.objects.select_for_update().filter(checkout_id=checkout_id,
                                                                    status=IS.REQUIRES_PAYMENT):
            _abandon(old, reason="重新发起支付")
    else:
        checkout_id = None
    if purpose == Purpose.OFFLINE:
        for stale in PaymentIntent.objects.select_for_update().filter(
                merchant=merchant, offline_ref=offline_ref, status=IS.REQUIRES_PAYMENT):
            _abandon(stale, reason="重新扫码付款")
    if method == Method.WALLET:
        wallet_fen = amount_fen
    if purpose == Purpose.TOPUP and (method == Method.WALLET or wallet_fen):
        raise DomainError(errors.METHOD_INVALID_TOP_UPS_USE)
    if not 0 <= wallet_fen <= amount_fen:
        raise DomainError(errors.WALLET_AMOUNT_INVALID)
    intent = PaymentIntent.objects.create(user=user, purpose=purpose, checkout_id=checkout_id, amount_fen=amount_fen,
                                          merchant=merchant, offline_ref=offline_ref)
    INTENT_MACHINE.record(intent, "", IS.REQUIRES_PAYMENT, reason="发起支付")
    if wallet_fen:
        ledger.lock(f"wallet:{user.pk}")  # serialise spends of one wallet
        if wallet_available(user) < wallet_fen:
            raise DomainError(errors.INSUFFICIENT_BALANCE_WALLET)
        Tender.objects.create(intent=intent, method=Method.WALLET, amount_fen=wallet_fen, status=T.AUTHORIZED,
                              out_trade_no=_out_trade_no(intent.pk, Method.WALLET))
    if amount_fen - wallet_fen:
        Tender.objects.create(intent=intent, method=method, amount_fen=amount_fen - wallet_fen,
                              out_trade_no=_out_trade_no(intent.pk, method))
    else:
        capture(intent_id=intent.pk)
    return intent


def create_intent(*, user, method: str, checkout_id: int | None = None, topup_fen: int | None = None,
                  wallet_fen: int = 0, return_url: str = "", ip: str = "", device: str = "",
                  channel: str = "pc") -> PaymentIntent:
    """Pay a checkout (wallet, gateway, or wallet + gateway) or top up the wallet."""
    if method not in Method.values:
        raise DomainError(errors.METHOD_INVALID_UNKNOWN_PAYMENT)
    check_velocity(user=user, ip=ip, device=device)
    if checkout_id is not None:
        purpose, amount = Purpose.CHECKOUT, 0
    elif topup_fen is not None and 100 <= topup_fen <= MAX_TOPUP_FEN:
        purpose, amount = Purpose.TOPUP, topup_fen
    else:
        raise DomainError(errors.AMOUNT_INVALID_TOP_UP)
    try:
        intent = _open_intent(user=user, purpose=purpose, checkout_id=checkout_id, amount_fen=amount,
                              method=method, wallet_fen=wallet_fen)
    except IntegrityError as exc:  # a concurrent request opened an intent for the same checkout
        raise DomainError(errors.PAYMENT_IN_PROGRESS_CHECKOUT) from exc
    tender = intent.tenders.exclude(method=Method.WALLET).first()
    if tender is not None:
        _start_gateway(intent, tender, return_url, channel=channel, ip=ip)
    return PaymentIntent.objects.get(pk=intent.pk)


# Offline scan-to-pay subjects: payload subject -> (module with the hook, id keyword).
OFFLINE_HOOKS = {"folio": (folio, "folio_id"), "bill": (billing, "bill_id")}


def offline_quote(token: str) -> dict:
    """What a scanned offline-pay QR asks for: qrpay.verify's payload (merchant schema, subject,
    subject_id, amount_fen, expires_at) plus `merchant_ref` (the Merchant) and `due_fen` (what the
    folio / bill still owes). DomainError when the code is forged or expired (qr_invalid,
    qr_expired), names no active merchant, or was paid meanwhile (qr_stale)."""
    payload = qrpay.verify(token)  # signature, expiry
    merchant = Merchant.objects.filter(schema_name=payload["merchant"], status=MerchantStatus.ACTIVE).first()
    if merchant is None or payload["subject"] not in OFFLINE_HOOKS:
        raise DomainError(errors.QR_INVALID_PAYMENT)
    module, keyword = OFFLINE_HOOKS[payload["subject"]]
    with in_tenant(merchant):
        due = module.due_fen(**{keyword: int(payload["subject_id"])})
    if due < payload["amount_fen"]:
        raise DomainError(errors.QR_STALE)
    return {**payload, "merchant_ref": merchant, "due_fen": due}


def create_offline_intent(*, user, token: str, method: str, wallet_fen: int = 0, return_url: str = "",
                          ip: str = "", device: str = "", channel: str = "pc") -> PaymentIntent:
    """Pay a merchant's signed folio / bill QR (EC-HTL-10, EC-FNB-08) through the platform."""
    if method not in Method.values:
        raise DomainError(errors.METHOD_INVALID_UNKNOWN_PAYMENT)
    payload = offline_quote(token)
    merchant = payload["merchant_ref"]
    check_velocity(user=user, ip=ip, device=device)
    try:
        intent = _open_intent(user=user, purpose=Purpose.OFFLINE, checkout_id=None,
                              amount_fen=payload["amount_fen"], method=method, wallet_fen=wallet_fen,
                              merchant=merchant, offline_ref=f"{payload['subject']}:{payload['subject_id']}")
    except IntegrityError as exc:
        raise DomainError(errors.PAYMENT_IN_PROGRESS_BILL) from exc
    tender = intent.tenders.exclude(method=Method.WALLET).first()
    if tender is not None:
        _start_gateway(intent, tender, return_url, channel=channel, ip=ip)
    return PaymentIntent.objects.get(pk=intent.pk)


def _apply_offline(intent: PaymentIntent) -> None:
    """Credit the merchant's folio / bill in its schema (same transaction as the capture)."""
    subject, _, subject_id = intent.offline_ref.partition(":")
    module, keyword = OFFLINE_HOOKS[subject]
    try:
        with transaction.atomic(), in_tenant(intent.merchant):
            module.offline_payment_succeeded(**{keyword: int(subject_id)},
                                                            amount_fen=intent.amount_fen,
                                                            payment_ref=f"intent:{intent.pk}")
    except DomainError as exc:
        # Settled at the desk meanwhile, or closed: the money is the merchant's all the same (its
        # payable was credited); the event tells the merchant to reconcile the bill by hand.
        INTENT_MACHINE.record(intent, IS.SUCCEEDED, IS.SUCCEEDED, reason=f"商户账单入账失败，需人工处理: {exc.code}")


def _start_gateway(intent: PaymentIntent, tender: Tender, return_url: str, *, channel: str = "pc",
                   ip: str = "") -> None:
    """channel "h5": WeChat H5 / Alipay wap pay, which bring the payer back to return_url."""
    expires = intent.checkout.expires_at if intent.checkout_id else timezone.now() + timedelta(minutes=30)
    order = GatewayOrder(
        out_trade_no=tender.out_trade_no, amount_fen=tender.amount_fen,
        description={Purpose.CHECKOUT: "城市旅游平台订单", Purpose.TOPUP: "钱包充值"}.get(
            intent.purpose, "线下扫码付款"),
        notify_url=f"{settings.PAYMENT_NOTIFY_BASE_URL}/api/v1/payments/callbacks/{tender.method}/",
        expires_at=expires, return_url=return_url, channel="h5" if channel == "h5" else "pc",
        client_ip=ip or "127.0.0.1")
    try:
        created = get_gateway(tender.method).create(order)
    except GatewayError as exc:
        fail_tender(out_trade_no=tender.out_trade_no, reason=f"下单失败: {exc.code}")
        raise DomainError(errors.GATEWAY_UNAVAILABLE, gateway_code=exc.code) from exc
    Tender.objects.filter(pk=tender.pk).update(pay_url=created.pay_url)


def _abandon(intent: PaymentIntent, *, reason: str) -> None:
    for tender in intent.tenders.select_for_update().filter(status__in=[T.PENDING, T.AUTHORIZED]):
        TENDER_MACHINE.move(tender, T.VOIDED, intent=intent, reason=reason)
        if tender.method != Method.WALLET:
            transaction.on_commit(lambda t=tender: _close_quietly(t))
    INTENT_MACHINE.move(intent, IS.CANCELLED, reason=reason)


def abandon_for_checkout(*, checkout_id: int, reason: str) -> None:
    """The checkout was cancelled or expired: void its live payment (wallet parts unfreeze)."""
    for intent in PaymentIntent.objects.select_for_update().filter(checkout_id=checkout_id,
                                                                   status=IS.REQUIRES_PAYMENT):
        _abandon(intent, reason=reason)


def _close_quietly(tender: Tender) -> None:
    """Close an abandoned gateway order. If it was paid meanwhile, the money is sent back."""
    gateway = get_gateway(tender.method)
    try:
        gateway.close(tender.out_trade_no)
    except GatewayError as exc:
        if exc.code != "already_paid":
            return  # unreachable gateway: the trade expires there on its own
        result = gateway.query(tender.out_trade_no)
        tender_succeeded(out_trade_no=tender.out_trade_no, gateway_txn_id=result.gateway_txn_id,
                         amount_fen=result.amount_fen, paid_at=result.paid_at)


@transaction.atomic
def tender_succeeded(*, out_trade_no: str, gateway_txn_id: str, amount_fen: int, paid_at=None) -> Tender:
    """A gateway confirmed payment (callback or query). Idempotent."""
    tender = (Tender.objects.select_for_update(of=("self",)).select_related("intent")
              .filter(out_trade_no=out_trade_no).first())
    if tender is None:
        raise DomainError(errors.NOT_FOUND_UNKNOWN_OUT_TRADE, out_trade_no=out_trade_no)
    if tender.status == T.SUCCEEDED:
        return tender
    if amount_fen != tender.amount_fen:
        raise DomainError(errors.AMOUNT_MISMATCH)
    intent = PaymentIntent.objects.select_for_update().get(pk=tender.intent_id)
    tender.gateway_txn_id, tender.paid_at = gateway_txn_id, paid_at or timezone.now()
    if tender.status == T.VOIDED:
        # Paid after we gave up on it (checkout expired or payment restarted): keep the money
        # traceable and send it straight back.
        tender.save(update_fields=["gateway_txn_id", "paid_at"])
        refund_orphan_payment(tender=tender)
        return tender
    TENDER_MACHINE.move(tender, T.SUCCEEDED, intent=intent, reason="通道支付成功")
    if not intent.tenders.filter(status=T.PENDING).exists():
        capture(intent_id=intent.pk)
    return tender


@transaction.atomic
def fail_tender(*, out_trade_no: str, reason: str) -> None:
    tender = Tender.objects.select_for_update().filter(out_trade_no=out_trade_no).first()
    if tender is None or tender.status != T.PENDING:
        return  # late "closed" after success, or unknown: nothing to undo
    intent = PaymentIntent.objects.select_for_update().get(pk=tender.intent_id)
    TENDER_MACHINE.move(tender, T.FAILED, intent=intent, reason=reason)
    for wallet in intent.tenders.filter(status=T.AUTHORIZED):
        TENDER_MACHINE.move(wallet, T.VOIDED, intent=intent, reason="组合支付失败，解冻余额")
    INTENT_MACHINE.move(intent, IS.FAILED, reason=reason)


@transaction.atomic
def capture(*, intent_id: int) -> PaymentIntent:
    """All gateway tenders succeeded: take the wallet part, post the ledger, pay the checkout."""
    intent = PaymentIntent.objects.select_for_update().get(pk=intent_id)
    if intent.status == IS.SUCCEEDED:
        return intent
    for wallet in intent.tenders.filter(status=T.AUTHORIZED):
        TENDER_MACHINE.move(wallet, T.SUCCEEDED, intent=intent, reason="钱包扣款")
    debits = [(f"wallet:{intent.user_id}" if t.method == Method.WALLET else f"gateway_clearing:{t.method}",
               t.amount_fen) for t in intent.tenders.filter(status=T.SUCCEEDED)]
    if intent.purpose == Purpose.TOPUP:
        ledger.post(kind="topup", ref=f"intent:{intent.pk}", memo="钱包充值",
                    lines=debits + [(f"wallet:{intent.user_id}", -intent.amount_fen)])
    elif intent.purpose == Purpose.OFFLINE:
        ledger.post(kind="payment", ref=f"intent:{intent.pk}", memo=f"线下扫码付款 {intent.offline_ref}",
                    lines=debits + signals.ask(signals.split_requested, intent=intent))
    else:
        credits = signals.ask(signals.split_requested, intent=intent)  # settlement records the shares
        ledger.post(kind="payment", ref=f"intent:{intent.pk}", memo=f"订单支付 checkout #{intent.checkout_id}",
                    lines=debits + credits)
    intent.succeeded_at = timezone.now()
    INTENT_MACHINE.move(intent, IS.SUCCEEDED, reason="支付完成")
    signals.intent_succeeded.send(sender=PaymentIntent, intent=intent)  # checkout marks its checkout paid
    if intent.purpose == Purpose.OFFLINE:
        _apply_offline(intent)
    return intent


def handle_callback(*, gateway_name: str, headers: dict, body: bytes) -> tuple[int, str, str]:
    """Verify the callback, then store it and process it at most once; return the gateway's ack.
    Nothing is stored before the signature is verified: a refused callback is only counted
    (`refused_callbacks`) and logged, so unsigned junk cannot fill the database."""
    gateway = get_gateway(gateway_name)
    try:
        note = gateway.verify_callback(headers, body)
    except GatewayError as exc:
        _count_refused(gateway_name, exc.code)
        return gateway.callback_ack(False)
    raw = GatewayCallback(gateway=gateway_name, headers=headers, body=body.decode("utf-8", "replace"),
                          notify_id=note.notify_id, verified=True, out_trade_no=note.out_trade_no)
    try:
        with transaction.atomic():
            raw.save()
    except IntegrityError:
        return gateway.callback_ack(True)  # a duplicate of a notification we already have
    try:
        process_notification(note)
    except DomainError as exc:
        GatewayCallback.objects.filter(pk=raw.pk).update(error=exc.code[:64])
        return gateway.callback_ack(exc.code not in ("amount_mismatch",))
    GatewayCallback.objects.filter(pk=raw.pk).update(processed_at=timezone.now())
    return gateway.callback_ack(True)


REFUSED_KEY, REFUSED_KEEP_SECONDS = "payments:callbacks_refused:{gateway}", 7 * 86400


def _count_refused(gateway_name: str, code: str) -> None:
    key = REFUSED_KEY.format(gateway=gateway_name)

    def count(client):
        pipe = client.pipeline()
        pipe.incr(key)
        pipe.expire(key, REFUSED_KEEP_SECONDS)
        pipe.execute()

    redis.call(count)  # without Redis the refusal is only logged
    logger.warning("refused %s callback: %s", gateway_name, code)


def refused_callbacks(gateway_name: str) -> int:
    """How many callbacks failed verification lately (kept 7 days after the last one; monitoring)."""
    return int(redis.call(lambda client: client.get(REFUSED_KEY.format(gateway=gateway_name))) or 0)


def process_notification(note) -> None:
    if note.kind == "refund":
        refund_confirmed(out_refund_no=note.out_refund_no, status=note.status)
    elif note.status in ("succeeded", "refunded"):  # "refunded" = was paid, then refunded
        tender_succeeded(out_trade_no=note.out_trade_no, gateway_txn_id=note.gateway_txn_id,
                         amount_fen=note.amount_fen, paid_at=note.paid_at)
    elif note.status in ("closed", "failed"):
        fail_tender(out_trade_no=note.out_trade_no, reason=f"通道通知: {note.status}")


def query_pending(*, older_than_seconds: int | None = None, limit: int = 200) -> int:
    """Beat: ask the gateway about tenders still pending after N minutes (lost callbacks)."""
    age = older_than_seconds if older_than_seconds is not None else settings.PAYMENT_QUERY_AFTER_SECONDS
    cutoff = timezone.now() - timedelta(seconds=age)
    settled = 0
    pending = Tender.objects.filter(status=T.PENDING, created_at__lte=cutoff).exclude(method=Method.WALLET)
    for tender in pending.select_related("intent__checkout").order_by("id")[:limit]:
        try:
            result = get_gateway(tender.method).query(tender.out_trade_no)
        except GatewayError:
            continue
        Tender.objects.filter(pk=tender.pk).update(last_queried_at=timezone.now())
        if result.status in ("succeeded", "refunded"):
            tender_succeeded(out_trade_no=tender.out_trade_no, gateway_txn_id=result.gateway_txn_id,
                             amount_fen=result.amount_fen, paid_at=result.paid_at)
            settled += 1
        elif result.status in ("closed", "failed"):
            fail_tender(out_trade_no=tender.out_trade_no, reason=f"主动查询: {result.status}")
            settled += 1
        elif tender.intent.checkout_id and tender.intent.checkout.expires_at < timezone.now():
            _close_quietly(tender)
            fail_tender(out_trade_no=tender.out_trade_no, reason="订单超时未支付")
            settled += 1
    return settled
