"""Distributor finance (DST-FIN-01..07): prepaid deposit with top-ups confirmed by a finance
operator, credit lines (the deposit may go down to -limit, checked under a row lock on the
ledger account), commission withdrawals with operator review and a finance password,
transaction details, statements and the automatic booking/ledger reconciliation."""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.checkout.models import OrderIndex
from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from shared_apps.distribution import errors
from shared_apps.ledger import services as ledger
from shared_apps.ledger.models import Posting
from shared_apps.oplog.services import log_operation
from shared_apps.settlement import withdrawals
from shared_apps.settlement.models import WITHDRAWAL_TRANSITIONS
from shared_apps.settlement.services import statement as account_statement

from ..models import (
    AlertKind,
    Booking,
    CommissionWithdrawal,
    DepositTopUp,
    DistributionEvent,
    DistributorProfile,
    TopUpStatus,
)
from .common import ACCOUNTS, alert, commission_code, deposit_code, mask, profile_of, setting
from .common import withdrawing_code as withdrawing

T = TopUpStatus
TOPUP_TRANSITIONS = {T.SUBMITTED: {T.CONFIRMED, T.REJECTED}}
TOPUP_MACHINE = Machine(TOPUP_TRANSITIONS, DistributionEvent, subject="topup", what="topup")
WITHDRAWAL_MACHINE = Machine(WITHDRAWAL_TRANSITIONS, DistributionEvent, subject="withdrawal", what="withdrawal")
MAX_TOPUP_FEN = 100_000_000_00


def _log(user, action: str, distributor_id: int, detail: dict | None = None) -> None:
    log_operation(user=user, action=action, target=f"distributor:{distributor_id}", detail=detail or {},
                  schema_name="public")


def balances(distributor) -> dict:
    profile = profile_of(distributor)
    deposit = ledger.owed(deposit_code(distributor.pk))
    return {"deposit_balance_fen": deposit, "credit_limit_fen": profile.credit_limit_fen,
            "credit_used_fen": max(0, -deposit), "spendable_fen": deposit + profile.credit_limit_fen,
            "commission_frozen_fen": ledger.owed(ACCOUNTS["frozen"](distributor.pk)),
            "commission_available_fen": ledger.owed(commission_code(distributor.pk)),
            "commission_withdrawing_fen": ledger.owed(withdrawing(distributor.pk))}


# ---- spending (called by bookings.confirm, inside its transaction) -------------------------------

def charge(*, distributor_id: int, amount_fen: int) -> int:
    """Check that deposit + credit line covers `amount_fen`; return the deposit balance after it.
    The account row lock serialises every spend of one distributor until the caller commits."""
    ledger.lock(deposit_code(distributor_id))
    limit = DistributorProfile.objects.filter(distributor_id=distributor_id).values_list(
        "credit_limit_fen", flat=True).first() or 0
    balance = ledger.owed(deposit_code(distributor_id))
    if balance + limit < amount_fen:
        raise DomainError(errors.INSUFFICIENT_FUNDS,
                          details={"balance_fen": balance, "credit_limit_fen": limit, "required_fen": amount_fen})
    return balance - amount_fen


def after_spend(*, distributor_id: int, balance_after: int) -> None:
    profile = DistributorProfile.objects.filter(distributor_id=distributor_id).first()
    if balance_after < 0:
        alert(distributor_id, AlertKind.CREDIT_IN_USE, f"预存款已用完，正在使用授信额度 {-balance_after / 100:.2f} 元",
              detail={"balance_fen": balance_after})
    elif profile and balance_after < profile.low_balance_alert_fen:
        alert(distributor_id, AlertKind.LOW_BALANCE, f"预存款余额 {balance_after / 100:.2f} 元，低于提醒额度",
              detail={"balance_fen": balance_after, "threshold_fen": profile.low_balance_alert_fen})


# ---- top-ups (DST-FIN-03) and credit lines (DST-FIN-05) -----------------------------------------

def submit_topup(*, distributor, actor: str, amount_fen: int, bank_txn_no: str, remitter: str = "",
                 note: str = "") -> DepositTopUp:
    if not 1 <= amount_fen <= MAX_TOPUP_FEN:
        raise DomainError(errors.AMOUNT_INVALID_OUT_RANGE)
    try:
        with transaction.atomic():
            topup = DepositTopUp.objects.create(distributor=distributor, amount_fen=amount_fen,
                                                bank_txn_no=bank_txn_no.strip(), remitter=remitter, note=note,
                                                requested_by=actor)
            TOPUP_MACHINE.record(topup, "", T.SUBMITTED, actor=actor, reason=note)
    except IntegrityError as exc:
        raise DomainError(errors.TOPUP_DUPLICATE) from exc
    return topup


@transaction.atomic
def review_topup(*, topup_id: int, approve: bool, operator, note: str = "") -> DepositTopUp:
    topup = DepositTopUp.objects.select_for_update().filter(pk=topup_id).first()
    if topup is None:
        raise DomainError(errors.NOT_FOUND_TOP_UP)
    if not approve and not note.strip():
        raise DomainError(errors.NOTE_REQUIRED_REJECT)
    to = T.CONFIRMED if approve else T.REJECTED
    topup.reviewed_by, topup.review_note, topup.reviewed_at = operator.username, note, timezone.now()
    TOPUP_MACHINE.move(topup, to, actor=operator.username, reason=note,
                       fields=["reviewed_by", "review_note", "reviewed_at"])
    if approve:
        ledger.post(kind="dst_topup", ref=f"topup:{topup.pk}", memo=f"分销商预存款充值 {topup.bank_txn_no}",
                    lines=[("platform_bank", topup.amount_fen),
                           (deposit_code(topup.distributor_id), -topup.amount_fen)])
    _log(operator, f"topup_{to}", topup.distributor_id, {"topup": topup.pk, "amount_fen": topup.amount_fen})
    return topup


@transaction.atomic
def set_credit_limit(*, distributor, operator, credit_limit_fen: int, note: str = "") -> DistributorProfile:
    if credit_limit_fen < 0:
        raise DomainError(errors.AMOUNT_INVALID_CREDIT_LIMIT)
    profile = DistributorProfile.objects.select_for_update().get(pk=profile_of(distributor).pk)
    old = profile.credit_limit_fen
    profile.credit_limit_fen = credit_limit_fen
    profile.save(update_fields=["credit_limit_fen", "updated_at"])
    # Not a status move: the credit limit change is logged in the same event table.
    DistributionEvent.objects.create(subject="credit", subject_id=distributor.pk, from_status=str(old),
                                     to_status=str(credit_limit_fen), actor=operator.username, reason=note)
    _log(operator, "set_credit_limit", distributor.pk, {"from": old, "to": credit_limit_fen, "note": note})
    return profile


# ---- finance password (DST-FIN-06) ---------------------------------------------------------------

def verify_finance_password(*, distributor, raw: str) -> None:
    """Check the finance password in its own transaction, so failures are counted even when the
    caller's work is rolled back; too many failures lock finance actions for a while."""
    with transaction.atomic():
        profile = DistributorProfile.objects.select_for_update().get(pk=profile_of(distributor).pk)
        now = timezone.now()
        if not profile.finance_password_hash:
            raise DomainError(errors.FINANCE_PASSWORD_UNSET)
        if profile.finance_locked_until and profile.finance_locked_until > now:
            raise DomainError(errors.FINANCE_LOCKED)
        if check_password(raw or "", profile.finance_password_hash):
            if profile.finance_failures:
                profile.finance_failures = 0
                profile.save(update_fields=["finance_failures"])
            return
        profile.finance_failures += 1
        locked = profile.finance_failures >= setting("FINANCE_MAX_FAILURES")
        if locked:
            profile.finance_failures = 0
            profile.finance_locked_until = now + timedelta(minutes=setting("FINANCE_LOCK_MINUTES"))
            alert(distributor.pk, AlertKind.FINANCE_LOCKED, "财务密码连续输错，财务操作已临时锁定", level="critical",
                  dedupe_minutes=0)
        profile.save(update_fields=["finance_failures", "finance_locked_until"])
    raise DomainError(errors.FINANCE_PASSWORD_WRONG)


def set_finance_password(*, distributor, user, login_password: str, new_password: str,
                         old_password: str = "") -> None:
    if not user.check_password(login_password or ""):
        raise DomainError(errors.LOGIN_PASSWORD_WRONG)
    profile = profile_of(distributor)
    if profile.finance_password_hash:
        verify_finance_password(distributor=distributor, raw=old_password)
    if len(new_password or "") < 6 or user.check_password(new_password):
        raise DomainError(errors.FINANCE_PASSWORD_WEAK)
    DistributorProfile.objects.filter(pk=profile.pk).update(finance_password_hash=make_password(new_password),
                                                            finance_failures=0, finance_locked_until=None)
    _log(user, "set_finance_password", distributor.pk)


def set_bank_account(*, distributor, user, bank_name: str, bank_account_name: str, bank_account_no: str):
    """Payout account for withdrawals (the caller has verified the finance password)."""
    DistributorProfile.objects.filter(pk=profile_of(distributor).pk).update(
        bank_name=bank_name, bank_account_name=bank_account_name, bank_account_no=bank_account_no)
    _log(user, "set_bank_account", distributor.pk, {"bank_name": bank_name, "account": mask(bank_account_no)})


# ---- commission withdrawals (DST-FIN-04) ---------------------------------------------------------

PAYOUTS = withdrawals.Payouts(
    machine=WITHDRAWAL_MACHINE, model=CommissionWithdrawal, available=lambda w: commission_code(w.distributor_id),
    withdrawing=lambda w: withdrawing(w.distributor_id), kind="dst_withdrawal", request_memo="佣金提现冻结",
    paid_memo="佣金提现打款", rejected_memo="提现驳回", txn_prefix="DBANK",
    low_balance=errors.INSUFFICIENT_BALANCE_AVAILABLE_COMMISSION_TOO, reviewer_value=lambda user: user.username)


@transaction.atomic
def request_withdrawal(*, distributor, user, amount_fen: int) -> CommissionWithdrawal:
    """Withdraw released commission (the caller has verified the finance password)."""
    withdrawals.check_amount(amount_fen)
    profile = profile_of(distributor)
    if not profile.bank_account_no:
        raise DomainError(errors.BANK_ACCOUNT_MISSING_SET_PAYOUT_FIRST)
    w = PAYOUTS.request(actor=user.username, withdrawal=CommissionWithdrawal(
        distributor=distributor, amount_fen=amount_fen, requested_by=user.username,
        bank={"bank_name": profile.bank_name, "account_name": profile.bank_account_name,
              "account_no": profile.bank_account_no}))
    _log(user, "request_commission_withdrawal", distributor.pk, {"amount_fen": amount_fen})
    return w


@transaction.atomic
def review_withdrawal(*, withdrawal_id: int, approve: bool, operator, note: str = "",
                      bank_txn_no: str = "") -> CommissionWithdrawal:
    """Finance operator decision: approve = paid out from the platform bank; reject = unfrozen."""
    w = PAYOUTS.review(withdrawal_id=withdrawal_id, approve=approve, reviewer=operator, note=note,
                       bank_txn_no=bank_txn_no)
    _log(operator, f"withdrawal_{w.status}", w.distributor_id, {"withdrawal": w.pk})
    return w


# ---- details, statements, reconciliation (DST-FIN-01/02/07) --------------------------------------

def account_code(distributor_id: int, which: str) -> str:
    if which not in ACCOUNTS:
        raise DomainError(errors.ACCOUNT_INVALID_ONE, accounts=', '.join(ACCOUNTS))
    return ACCOUNTS[which](distributor_id)


def transactions(distributor_id: int, which: str | None = None):
    codes = [account_code(distributor_id, which)] if which else [f(distributor_id) for f in ACCOUNTS.values()]
    return (Posting.objects.filter(account__code__in=codes).select_related("entry", "account")
            .order_by("-entry__created_at", "-id"))


def statement(*, distributor_id: int, which: str, start, end) -> dict:
    return account_statement(code=account_code(distributor_id, which), start=start, end=end)


def _booking_id(ref: str) -> int | None:
    parts = ref.split(":")
    return int(parts[1]) if len(parts) >= 2 and parts[0] == "booking" and parts[1].isdigit() else None


def reconcile(*, distributor_id: int, start, end) -> dict:
    """Bookings confirmed in [start, end) vs their deposit postings and their merchant orders."""

    bookings = list(Booking.objects.filter(distributor_id=distributor_id, confirmed_at__gte=start,
                                           confirmed_at__lt=end).select_related("merchant").order_by("id"))
    posted: dict[int, int] = defaultdict(int)
    for ref, amount in Posting.objects.filter(account__code=deposit_code(distributor_id),
                                              entry__kind__in=["dst_booking", "dst_refund"]).values_list(
            "entry__ref", "amount_fen"):
        booking_id = _booking_id(ref)
        if booking_id is not None:
            posted[booking_id] += amount
    index = {(i.merchant_id, i.order_id): i for i in OrderIndex.objects.filter(
        order_id__in=[b.order_id for b in bookings], merchant_id__in={b.merchant_id for b in bookings})}
    rows, mismatched = [], 0
    for b in bookings:
        expected, actual = b.net_fen - b.refunded_fen, posted.get(b.pk, 0)
        order = index.get((b.merchant_id, b.order_id))
        problems = []
        if actual != expected:
            problems.append("ledger_amount")
        if order is None:
            problems.append("order_missing")
        else:
            if order.total_fen != b.net_fen:
                problems.append("order_amount")
            if order.refunded_fen != b.refunded_fen:
                problems.append("refund_amount")
            if order.status in ("pending_payment", "cancelled"):
                problems.append("order_status")
        mismatched += bool(problems)
        rows.append({"booking": str(b.uuid), "merchant": b.merchant.schema_name, "order_no": b.order_no,
                     "status": b.status, "expected_fen": expected, "ledger_fen": actual,
                     "order_status": order.status if order else None, "order_total_fen": order.total_fen if order
                     else None, "order_refunded_fen": order.refunded_fen if order else None, "problems": problems})
    known = set(Booking.objects.filter(distributor_id=distributor_id, pk__in=list(posted)).values_list("pk", flat=True))
    orphans = sorted(k for k in posted if k not in known)
    return {"bookings": len(bookings), "matched": len(bookings) - mismatched, "mismatched": mismatched,
            "net_fen": sum(b.net_fen for b in bookings), "refunded_fen": sum(b.refunded_fen for b in bookings),
            "ledger_fen": sum(posted.get(b.pk, 0) for b in bookings), "orphan_postings": orphans, "rows": rows}
