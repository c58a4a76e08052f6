"""Taking a payment against an open account: a hotel folio or a restaurant bill.

Both keep `paid_fen` on the account, one payment row per payment with an optional unique
`reference` (the idempotency key for platform payments), and settle when the balance is 0 —
the settling transition stays with each caller.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from shared_apps.core.errors import ApiError


def check_method(method: str, methods) -> None:
    if method not in methods:
        raise ApiError("method_invalid", "收款方式无效", "Unknown payment method")


def take_payment(*, account, payment_model, account_field: str, method: str, actor: str,
                 amount_fen: int | None = None, reference: str | None = None):
    """Record a payment (method already checked) on a row-locked `account`. Returns
    (payment, replayed): a known `reference` for the same account and amount replays the first."""
    if reference:
        done = payment_model.objects.filter(reference=reference).first()
        if done is not None:
            same = getattr(done, f"{account_field}_id") == account.pk
            if not same or done.amount_fen != (amount_fen or done.amount_fen):
                raise ApiError("reference_reused", "支付流水号已用于其他收款", "Payment reference reused", 409)
            return done, True
    balance = account.balance_fen
    amount = balance if amount_fen is None else amount_fen
    if balance <= 0:
        raise ApiError("nothing_to_pay", "账单没有待付金额", "Nothing to pay", 409)
    if not isinstance(amount, int) or not 0 < amount <= balance:
        raise ApiError("amount_invalid", f"收款金额需在 0.01 到 {balance / 100:.2f} 元之间",
                       "Amount must be positive and at most the balance", details={"balance_fen": balance})
    try:
        with transaction.atomic():
            payment = payment_model.objects.create(**{account_field: account}, method=method, amount_fen=amount,
                                                   reference=reference or None, created_by=actor[:150])
    except IntegrityError as exc:
        raise ApiError("reference_reused", "支付流水号已用于其他收款", "Payment reference reused", 409) from exc
    type(account).objects.filter(pk=account.pk).update(paid_fen=F("paid_fen") + amount)
    account.refresh_from_db()
    return payment, False
