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

from shared_apps.core.errors import ApiError
from shared_apps.ledger.money import yuan

from .models import Coupon, CouponStatus

MAX_COUPONS_PER_BATCH = 500
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def issue_coupons(*, amount_fen: int, count: int = 1, threshold_fen: int = 0, valid_from: date | None = None,
                  valid_until: date | None = None) -> list[Coupon]:
    if not isinstance(amount_fen, int) or amount_fen <= 0 or threshold_fen < 0:
        raise ApiError("coupon_invalid", "券面额需大于 0，使用门槛不能为负", "Amount > 0, threshold >= 0")
    if not 1 <= count <= MAX_COUPONS_PER_BATCH:
        raise ApiError("coupon_invalid", f"每次最多发放 {MAX_COUPONS_PER_BATCH} 张", "Too many coupons")
    if valid_from and valid_until and valid_until < valid_from:
        raise ApiError("range_invalid", "结束日期不能早于开始日期", "End before start")
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
        raise ApiError("coupon_not_found", "券码不存在", "Unknown coupon code", 404)
    if coupon.status != CouponStatus.ACTIVE:
        raise ApiError("coupon_used", "该券已核销或作废", "Coupon already redeemed or void", 409)
    today = timezone.localdate()
    if (coupon.valid_from and today < coupon.valid_from) or (coupon.valid_until and today > coupon.valid_until):
        raise ApiError("coupon_expired", "该券不在有效期内", "Coupon not valid today", 409)
    if base_fen < coupon.threshold_fen:
        raise ApiError("coupon_threshold", f"消费满 {yuan(coupon.threshold_fen)} 元才能使用该券",
                       "Amount below the coupon threshold", 409)
    discount = min(coupon.amount_fen, due_fen)
    if discount <= 0:
        raise ApiError("nothing_to_pay", "没有待付金额", "Nothing to pay", 409)
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
        raise ApiError("coupon_used", "该券已核销或作废", "Coupon already redeemed or void", 409)
    coupon.refresh_from_db()
    return coupon


def release_for_order(*, order_id: int) -> int:
    """An unpaid order was cancelled or expired: its coupon can be used again."""
    return Coupon.objects.filter(order_id=order_id, status=CouponStatus.REDEEMED).update(
        status=CouponStatus.ACTIVE, order_id=None, discount_fen=0, redeemed_at=None, redeemed_by="")


def void_coupon(*, coupon_id: int) -> Coupon:
    if Coupon.objects.filter(pk=coupon_id, status=CouponStatus.ACTIVE).update(status=CouponStatus.VOID) != 1:
        raise ApiError("coupon_used", "该券已核销或作废", "Coupon already redeemed or void", 409)
    return Coupon.objects.get(pk=coupon_id)
