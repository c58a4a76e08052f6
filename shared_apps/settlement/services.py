"""Splits (分账) at payment time, T+N release, refund adjustments, withdrawals, statements."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from shared_apps.ledger import services as ledger
from shared_apps.ledger.models import Posting
from shared_apps.settlement import errors

from . import signals, withdrawals
from .models import WITHDRAWAL_TRANSITIONS, SettlementItem, Withdrawal, WithdrawalEvent

WITHDRAWAL_MACHINE = Machine(WITHDRAWAL_TRANSITIONS, WithdrawalEvent, subject_field="withdrawal", save_all=True,
                             error=errors.INVALID_TRANSITION_WITHDRAWAL_DECIDED)


def commission_of(merchant, gross_fen: int) -> int:
    bps = settings.PLATFORM_COMMISSION_BPS.get(merchant.kind, settings.PLATFORM_COMMISSION_BPS["default"])
    return gross_fen * bps // 10_000


def split_payment(*, intent) -> list[tuple[str, int]]:
    """Create one SettlementItem per merchant order of the checkout; return the ledger credits."""
    available_at = timezone.now() + timedelta(days=settings.SETTLEMENT_DELAY_DAYS)
    credits = []
    parts = intent.checkout.parts.filter(pay_at_merchant=False)  # 到付 parts never pass through the platform
    for part in parts.select_related("merchant").order_by("merchant_id"):
        commission = commission_of(part.merchant, part.amount_fen)
        SettlementItem.objects.create(merchant=part.merchant, intent=intent, order_no=part.order_no,
                                      gross_fen=part.amount_fen, commission_fen=commission,
                                      available_at=available_at)
        credits += [(f"merchant_payable:{part.merchant.schema_name}", -(part.amount_fen - commission)),
                    ("platform_commission", -commission)]
    return credits


def split_offline(*, intent) -> list[tuple[str, int]]:
    """An offline scan-to-pay payment is one merchant's: split it like an order."""
    commission = commission_of(intent.merchant, intent.amount_fen)
    SettlementItem.objects.create(merchant=intent.merchant, intent=intent, order_no=intent.offline_ref,
                                  gross_fen=intent.amount_fen, commission_fen=commission,
                                  available_at=timezone.now() + timedelta(days=settings.SETTLEMENT_DELAY_DAYS))
    return [(f"merchant_payable:{intent.merchant.schema_name}", -(intent.amount_fen - commission)),
            ("platform_commission", -commission)]


def refund_split(*, intent, merchant, amount_fen: int) -> tuple[str, int, int]:
    """Record a refund against the merchant's split. Returns (account to debit, merchant share,
    commission share) so the refund entry can take the money back from the right place."""
    item = SettlementItem.objects.select_for_update().get(intent=intent, merchant=merchant)
    if item.refunded_fen + amount_fen > item.gross_fen:
        raise DomainError(errors.REFUND_EXCEEDS_PAYMENT_MERCHANT_ORDER)
    item.refunded_fen += amount_fen
    # Commission is given back in proportion, cumulatively, so a full refund returns all of it.
    total_commission_back = item.commission_fen * item.refunded_fen // item.gross_fen
    commission_part = total_commission_back - item.refunded_commission_fen
    item.refunded_commission_fen = total_commission_back
    item.save(update_fields=["refunded_fen", "refunded_commission_fen"])
    prefix = "merchant_available" if item.released_at else "merchant_payable"
    return f"{prefix}:{merchant.schema_name}", amount_fen - commission_part, commission_part


def release_due(*, now=None) -> int:
    """Beat (daily): merchant shares past T+N move from payable to available."""
    now = now or timezone.now()
    released = 0
    for item_id in SettlementItem.objects.filter(released_at__isnull=True, available_at__lte=now).values_list(
            "id", flat=True):
        with transaction.atomic():
            item = SettlementItem.objects.select_for_update(of=("self",)).select_related("merchant").get(pk=item_id)
            if item.released_at:
                continue
            if item.net_fen:
                schema = item.merchant.schema_name
                ledger.post(kind="release", ref=f"split:{item.pk}", memo=f"T+{settings.SETTLEMENT_DELAY_DAYS} 结算",
                            lines=[(f"merchant_payable:{schema}", item.net_fen),
                                   (f"merchant_available:{schema}", -item.net_fen)])
            item.released_at = now
            item.save(update_fields=["released_at"])
            released += 1
    signals.shares_released.send(sender=SettlementItem, released=released)  # joint-ticket shares follow
    return released


def balances(merchant) -> dict:
    schema = merchant.schema_name
    return {"pending_fen": ledger.owed(f"merchant_payable:{schema}"),
            "available_fen": ledger.owed(f"merchant_available:{schema}"),
            "withdrawing_fen": ledger.owed(f"merchant_withdrawing:{schema}")}


PAYOUTS = withdrawals.Payouts(
    machine=WITHDRAWAL_MACHINE, model=Withdrawal, available=lambda w: f"merchant_available:{w.merchant.schema_name}",
    withdrawing=lambda w: f"merchant_withdrawing:{w.merchant.schema_name}", kind="withdrawal",
    request_memo="提现冻结", paid_memo="提现打款", rejected_memo="提现驳回", txn_prefix="BANK",
    low_balance=errors.INSUFFICIENT_BALANCE_AVAILABLE_TOO_LOW, reviewer_value=lambda user: user)


def request_withdrawal(*, merchant, amount_fen: int, user) -> Withdrawal:
    """A merchant withdraws available money to its reviewed bank account (frozen until reviewed)."""
    withdrawals.check_amount(amount_fen)
    if not merchant.bank_account_no:
        raise DomainError(errors.BANK_ACCOUNT_MISSING)
    return PAYOUTS.request(actor=user.username, withdrawal=Withdrawal(
        merchant=merchant, amount_fen=amount_fen, requested_by=user, bank={
            "bank_name": merchant.bank_name, "account_name": merchant.bank_account_name,
            "account_no": merchant.bank_account_no}))


def review_withdrawal(*, withdrawal_id: int, approve: bool, reviewer, note: str = "",
                      bank_txn_no: str = "") -> Withdrawal:
    """Operator review: approve = paid out from the platform bank; reject = unfreeze."""
    return PAYOUTS.review(withdrawal_id=withdrawal_id, approve=approve, reviewer=reviewer, note=note,
                          bank_txn_no=bank_txn_no)


def statement(*, code: str, start, end) -> dict:
    """Opening balance, every posting in [start, end), closing balance — for one account."""
    from django.db.models import Sum


    qs = Posting.objects.filter(account__code=code).select_related("entry")
    opening = -(qs.filter(entry__created_at__lt=start).aggregate(s=Sum("amount_fen"))["s"] or 0)
    rows, running = [], opening
    for p in qs.filter(entry__created_at__gte=start, entry__created_at__lt=end).order_by("entry__created_at", "id"):
        running -= p.amount_fen
        rows.append({"at": p.entry.created_at, "kind": p.entry.kind, "ref": p.entry.ref, "memo": p.entry.memo,
                     "amount_fen": -p.amount_fen, "balance_fen": running})
    return {"account": code, "opening_fen": opening, "closing_fen": running, "lines": rows}
