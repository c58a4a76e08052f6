"""Refunds: per merchant order, allocated over the payment's tenders; out_refund_no is the
gateway idempotency key. Ledger: approval moves the money from the merchant (and the
commission back from the platform) to the wallet or to `suspense`; the gateway's
confirmation then moves it from `suspense` out of `gateway_clearing`. A refund's status moves only
through REFUND_MACHINE (a RefundEvent per move)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from shared_apps.ledger import services as ledger
from shared_apps.ledger.money import split_largest_remainder
from shared_apps.payments import errors

from . import signals
from .gateways import get_gateway
from .gateways.base import GatewayError
from .models import IntentStatus, Method, PaymentIntent, Refund, RefundEvent, RefundStatus, Tender, TenderStatus

RS = RefundStatus
REFUND_TRANSITIONS = {
    RS.PENDING: {RS.PROCESSING, RS.SUCCEEDED, RS.FAILED},  # a wallet refund succeeds at once
    RS.PROCESSING: {RS.SUCCEEDED, RS.FAILED},
    RS.SUCCEEDED: set(), RS.FAILED: set(),
}
REFUND_MACHINE = Machine(REFUND_TRANSITIONS, RefundEvent, subject_field="refund", what="Refund", label="退款单")


@transaction.atomic
def refund_order(*, merchant, checkout_id: int, order_no: str, amount_fen: int, source_ref: str) -> list[Refund]:
    """Called in the merchant's refund approval transaction."""
    intent = PaymentIntent.objects.select_for_update().filter(checkout_id=checkout_id,
                                                              status=IntentStatus.SUCCEEDED).first()
    if intent is None:
        raise DomainError(errors.PAYMENT_NOT_FOUND)
    merchant_account, _, commission_part = signals.ask(signals.refund_split_requested, intent=intent,
                                                        merchant=merchant, amount_fen=amount_fen)
    tenders = list(intent.tenders.select_for_update().filter(status=TenderStatus.SUCCEEDED).order_by("id"))
    room = [t.amount_fen - t.refunded_fen for t in tenders]
    if sum(room) < amount_fen:
        raise DomainError(errors.REFUND_EXCEEDS_PAYMENT_LEFT)
    parts = _allocate(amount_fen, room)
    refunds = []
    for tender, part in zip(tenders, parts, strict=True):
        if not part:
            continue
        Tender.objects.filter(pk=tender.pk).update(refunded_fen=tender.refunded_fen + part)
        n = tender.refunds.count() + 1
        refund = Refund.objects.create(tender=tender, merchant=merchant, order_no=order_no, source_ref=source_ref,
                                       amount_fen=part, out_refund_no=f"R{tender.out_trade_no}{n:02d}")
        REFUND_MACHINE.record(refund, "", RS.PENDING, reason=f"退款 {order_no} ({source_ref})")
        refunds.append(refund)
    commission_parts = split_largest_remainder(commission_part, [r.amount_fen for r in refunds])
    for refund, commission in zip(refunds, commission_parts, strict=True):
        refund.commission_fen = commission
        wallet = refund.tender.method == Method.WALLET
        ledger.post(kind="refund", ref=f"refund:{refund.out_refund_no}", memo=f"退款 {order_no}",
                    lines=[(merchant_account, refund.amount_fen - commission), ("platform_commission", commission),
                           (f"wallet:{intent.user_id}" if wallet else "suspense", -refund.amount_fen)])
        if wallet:  # the wallet is ours: paid back at once
            REFUND_MACHINE.move(refund, RS.SUCCEEDED, reason="退回钱包", fields=["commission_fen"])
        else:
            refund.save(update_fields=["commission_fen"])
            transaction.on_commit(lambda r=refund: _submit_later(r.pk))
    return refunds


def _allocate(amount: int, room: list[int]) -> list[int]:
    """Proportional to what each tender can still give back, never above it."""
    parts = split_largest_remainder(amount, room)
    overflow = sum(max(0, p - r) for p, r in zip(parts, room, strict=True))
    parts = [min(p, r) for p, r in zip(parts, room, strict=True)]
    for i, r in enumerate(room):
        extra = min(overflow, r - parts[i])
        parts[i] += extra
        overflow -= extra
    return parts


def _submit_later(refund_id: int) -> None:
    from .tasks import submit_refund_task  # tasks imports this module: a top-level import would cycle

    submit_refund_task.delay(refund_id)


def submit_refund(*, refund_id: int) -> Refund:
    """Send (or resend: same out_refund_no) a refund to its gateway. Idempotent."""
    refund = Refund.objects.select_related("tender").get(pk=refund_id)
    if refund.status in (RefundStatus.SUCCEEDED, RefundStatus.FAILED):
        return refund
    gateway = get_gateway(refund.tender.method)
    try:
        if refund.status == RefundStatus.PROCESSING:  # already accepted: ask how it went
            result = gateway.query_refund(out_trade_no=refund.tender.out_trade_no, out_refund_no=refund.out_refund_no)
        else:
            result = gateway.refund(
                out_trade_no=refund.tender.out_trade_no, out_refund_no=refund.out_refund_no,
                refund_fen=refund.amount_fen, total_fen=refund.tender.amount_fen, reason="订单退款",
                notify_url=f"{settings.PAYMENT_NOTIFY_BASE_URL}/api/v1/payments/callbacks/{refund.tender.method}/")
    except GatewayError as exc:
        Refund.objects.filter(pk=refund.pk).update(error=exc.code[:200])
        return refund
    Refund.objects.filter(pk=refund.pk).update(gateway_refund_id=result.gateway_refund_id)
    if result.status == "succeeded":
        return refund_confirmed(out_refund_no=refund.out_refund_no, status="succeeded")
    with transaction.atomic():
        accepted = Refund.objects.select_for_update().get(pk=refund.pk)
        if accepted.status == RS.PENDING:  # not confirmed meanwhile by a callback
            REFUND_MACHINE.move(accepted, RS.PROCESSING, reason="通道已受理")
    return Refund.objects.get(pk=refund.pk)


@transaction.atomic
def refund_confirmed(*, out_refund_no: str, status: str) -> Refund:
    refund = (Refund.objects.select_for_update(of=("self",)).select_related("tender")
              .filter(out_refund_no=out_refund_no).first())
    if refund is None:
        raise DomainError(errors.NOT_FOUND_UNKNOWN_REFUND)
    if refund.status in (RefundStatus.SUCCEEDED, RefundStatus.FAILED) or status == "processing":
        return refund
    if status not in ("succeeded", "refunded"):  # the money stays in `suspense` for finance to handle
        refund.error = f"gateway: {status}"
        REFUND_MACHINE.move(refund, RS.FAILED, reason=refund.error, fields=["error", "updated_at"])
        return refund
    ledger.post(kind="refund_paid", ref=f"refund:{refund.out_refund_no}", memo="通道退款成功",
                lines=[("suspense", refund.amount_fen), (f"gateway_clearing:{refund.tender.method}",
                                                         -refund.amount_fen)])
    REFUND_MACHINE.move(refund, RS.SUCCEEDED, reason="通道退款成功", fields=["updated_at"])
    return refund


def resubmit_stuck(*, older_than_seconds: int = 60) -> int:
    """Beat: refunds not yet confirmed are resubmitted with the same out_refund_no."""
    cutoff = timezone.now() - timezone.timedelta(seconds=older_than_seconds)
    ids = Refund.objects.filter(status__in=[RefundStatus.PENDING, RefundStatus.PROCESSING],
                                updated_at__lt=cutoff).values_list("id", flat=True)[:200]
    return sum(1 for rid in ids if submit_refund(refund_id=rid).status == RefundStatus.SUCCEEDED)


@transaction.atomic
def refund_orphan_payment(*, tender: Tender) -> Refund:
    """Money arrived for a tender we had abandoned: book it to suspense and refund it in full."""
    ledger.post(kind="orphan_payment", ref=f"tender:{tender.out_trade_no}", memo="已作废支付单收到款项",
                lines=[(f"gateway_clearing:{tender.method}", tender.amount_fen), ("suspense", -tender.amount_fen)])
    refund, created = Refund.objects.get_or_create(
        out_refund_no=f"R{tender.out_trade_no}00",
        defaults={"tender": tender, "merchant": None, "order_no": "", "source_ref": "orphan",
                  "amount_fen": tender.amount_fen})
    if created:
        REFUND_MACHINE.record(refund, "", RS.PENDING, actor="system", reason="已作废支付单收到款项，全额退回")
    Tender.objects.filter(pk=tender.pk).update(refunded_fen=tender.amount_fen)
    transaction.on_commit(lambda: _submit_later(refund.pk))
    return refund
