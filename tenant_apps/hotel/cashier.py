"""Taking a payment against an open account: a hotel folio or a restaurant bill.

Both keep `paid_fen` on the account, one payment row per payment with an optional unique
`reference` (the idempotency key for platform payments), and settle when the balance is 0 —
the settling transition stays with each caller.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from shared_apps.core.failures import DomainError
from tenant_apps.hotel import errors


def check_method(method: str, methods) -> None:
    if method not in methods:
        raise DomainError(errors.METHOD_INVALID_UNKNOWN)


def take_payment(*, account, payment_model, account_field: str, method: str, actor: str,
                 amount_fen: int | None = None, reference: str | None = None):
    """Record a payment (method already checked) on a row-locked `account`. Returns
    (payment, replayed): a known `reference` for the same account and amount replays the first."""
    if reference:
        done = payment_model.objects.filter(reference=reference).first()
        if done is not None:
            same = getattr(done, f"{account_field}_id") == account.pk
            if not same or done.amount_fen != (amount_fen or done.amount_fen):
                raise DomainError(errors.REFERENCE_REUSED)
            return done, True
    balance = account.balance_fen
    amount = balance if amount_fen is None else amount_fen
    if balance <= 0:
        raise DomainError(errors.NOTHING_TO_PAY_FOLIO)
    if not isinstance(amount, int) or not 0 < amount <= balance:
        raise DomainError(errors.AMOUNT_INVALID_POSITIVE_MOST_BALANCE, details={"balance_fen": balance},
                          balance_yuan=balance / 100)
    try:
        with transaction.atomic():
            payment = payment_model.objects.create(**{account_field: account}, method=method, amount_fen=amount,
                                                   reference=reference or None, created_by=actor[:150])
    except IntegrityError as exc:
        raise DomainError(errors.REFERENCE_REUSED) from exc
    type(account).objects.filter(pk=account.pk).update(paid_fen=F("paid_fen") + amount)
    account.refresh_from_db()
    return payment, False
