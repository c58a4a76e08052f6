"""Merchant coupons (EC-FNB-11 for restaurant bills, EC-SHP-07 for online orders of any merchant).

One validate-and-claim function for both paths: `claim()` checks the code (exists, active, valid
today, threshold) and takes it with ONE conditional `UPDATE ... WHERE status = 'active'`, so two
tills or two checkouts racing for one code get exactly one winner (the loser's UPDATE waits on
the row lock, then matches nothing). An online order's coupon goes back to `active` when the
unpaid order is cancelled or expires (`release_for_order`).
"""

import secrets
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.ledger.money import yuan
from tenant_apps.promotions import errors

from .models import Coupon, CouponStatus

MAX_COUPONS_PER_BATCH = 500
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def issue_coupons(*, amount_fen: int, count: int = 1, threshold_fen: int = 0, valid_from: date | None = None,
                  valid_until: date | None = None) -> list[Coupon]:
    if not isinstance(amount_fen, int) or amount_fen <= 0 or threshold_fen < 0:
        raise DomainError(errors.COUPON_INVALID)
    if not 1 <= count <= MAX_COUPONS_PER_BATCH:
        raise DomainError(errors.COUPON_INVALID_TOO_MANY_COUPONS, max_coupons_per_batch=MAX_COUPONS_PER_BATCH)
    if valid_from and valid_until and valid_until < valid_from:
        raise DomainError(errors.RANGE_INVALID_END_BEFORE_START)
    batch = secrets.token_hex(4)
    made = []
    while len(made) < count:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        try:
            with transaction.atomic():
                made.append(Coupon.objects.create(code=code, amount_fen=amount_fen, threshold_fen=threshold_fen,
                                                  valid_from=valid_from, valid_until=valid_until, batch=batch))
        except IntegrityError:
            continue  # code collision: draw again
    return made


def normalise(code: str) -> str:
    return (code or "").strip().upper()


def check(code: str, *, base_fen: int, due_fen: int) -> tuple[Coupon, int]:
    """Validate a code against an amount (`base_fen` for the threshold, `due_fen` caps the
    discount) without claiming it. Returns (coupon, discount). Raises the stable error codes."""
    coupon = Coupon.objects.filter(code=normalise(code)).first()
    if coupon is None:
        raise DomainError(errors.COUPON_NOT_FOUND)
    if coupon.status != CouponStatus.ACTIVE:
        raise DomainError(errors.COUPON_USED)
    today = timezone.localdate()
    if (coupon.valid_from and today < coupon.valid_from) or (coupon.valid_until and today > coupon.valid_until):
        raise DomainError(errors.COUPON_EXPIRED)
    if base_fen < coupon.threshold_fen:
        raise DomainError(errors.COUPON_THRESHOLD, threshold_yuan=yuan(coupon.threshold_fen))
    discount = min(coupon.amount_fen, due_fen)
    if discount <= 0:
        raise DomainError(errors.NOTHING_TO_PAY_DUE)
    return coupon, discount


def claim(code: str, *, base_fen: int, due_fen: int, actor: str, bill_id: int | None = None,
          order_id: int | None = None) -> Coupon:
    """Validate and take the coupon for a dining bill or an order, given by id (caller's transaction)."""
    if (bill_id is None) == (order_id is None):
        raise ValueError("a coupon is claimed for one bill or one order")
    coupon, discount = check(code, base_fen=base_fen, due_fen=due_fen)
    claimed = Coupon.objects.filter(pk=coupon.pk, status=CouponStatus.ACTIVE).update(
        status=CouponStatus.REDEEMED, bill_id=bill_id, order_id=order_id, discount_fen=discount,
        redeemed_at=timezone.now(), redeemed_by=actor[:150])
    if claimed != 1:
        raise DomainError(errors.COUPON_USED)
    coupon.refresh_from_db()
    return coupon


def release_for_order(*, order_id: int) -> int:
    """An unpaid order was cancelled or expired: its coupon can be used again."""
    return Coupon.objects.filter(order_id=order_id, status=CouponStatus.REDEEMED).update(
        status=CouponStatus.ACTIVE, order_id=None, discount_fen=0, redeemed_at=None, redeemed_by="")


def void_coupon(*, coupon_id: int) -> Coupon:
    if Coupon.objects.filter(pk=coupon_id, status=CouponStatus.ACTIVE).update(status=CouponStatus.VOID) != 1:
        raise DomainError(errors.COUPON_USED)
    return Coupon.objects.get(pk=coupon_id)
