"""Bills of sittings (pay per meal), payments, coupon redemption (EC-FNB-11), offline scan-to-pay
(EC-FNB-08), order ledger (EC-FNB-09) and funds reconciliation (EC-FNB-10).

BILL_TRANSITIONS: open -> settled when nothing is left to pay; settled -> open when more is ordered.
"""

import csv
import io
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from shared_apps.ledger.money import yuan
from tenant_apps.dining import errors
from tenant_apps.hotel import cashier, qrpay
from tenant_apps.orders.models import Order, OrderLine, OrderStatus
from tenant_apps.promotions import coupons
from tenant_apps.promotions.coupons import (  # noqa: F401 (the bill API uses them)
    MAX_COUPONS_PER_BATCH,
    issue_coupons,
    void_coupon,
)
from tenant_apps.promotions.models import Coupon

from .models import Bill, BillPayment, BillStatus, CashDeclaration, DiningEvent, PayMethod, Sitting

BS = BillStatus
BILL_TRANSITIONS = {BS.OPEN: {BS.SETTLED}, BS.SETTLED: {BS.OPEN}}
BILL_MACHINE = Machine(BILL_TRANSITIONS, DiningEvent, subject="bill", what="bill", fields=["settled_at"])
STAFF_METHODS = (PayMethod.CASH, PayMethod.CARD, PayMethod.SCAN)


def _locked(bill_id: int) -> Bill:
    bill = Bill.objects.select_for_update().select_related("sitting__table").filter(pk=bill_id).first()
    if bill is None:
        raise DomainError(errors.BILL_NOT_FOUND)
    return bill


def mark_settled(bill: Bill, *, actor: str, reason: str = "结账") -> None:
    bill.settled_at = timezone.now()
    BILL_MACHINE.move(bill, BS.SETTLED, actor=actor, reason=reason)


def add_to_bill(*, sitting: Sitting, amount_fen: int, actor: str, reason: str = "加菜") -> Bill:
    """Change the bill total (negative: a dish taken off). A settled bill reopens when more is ordered."""
    bill = Bill.objects.select_for_update().get(sitting=sitting)
    if bill.total_fen + amount_fen < bill.discount_fen + bill.paid_fen:
        raise DomainError(errors.BILL_ALREADY_PAID)
    Bill.objects.filter(pk=bill.pk).update(total_fen=F("total_fen") + amount_fen)
    bill.refresh_from_db()
    if bill.status == BS.SETTLED and bill.balance_fen > 0:
        bill.settled_at = None
        BILL_MACHINE.move(bill, BS.OPEN, actor=actor, reason=reason)
    return bill


@transaction.atomic
def record_payment(*, bill_id: int, method: str, actor: str, amount_fen: int | None = None,
                   reference: str | None = None) -> BillPayment:
    cashier.check_method(method, PayMethod.values)
    bill = _locked(bill_id)
    payment, replayed = cashier.take_payment(account=bill, payment_model=BillPayment, account_field="bill",
                                             method=method, actor=actor,
                                             amount_fen=amount_fen, reference=reference)
    if not replayed and bill.balance_fen == 0:
        mark_settled(bill, actor=actor, reason=f"结账（{payment.get_method_display()}）")
    return payment


def settle(*, bill_id: int, method: str, actor: str, reference: str | None = None) -> BillPayment:
    if method not in STAFF_METHODS:
        raise DomainError(errors.METHOD_INVALID_DESK_METHODS_CASH)
    return record_payment(bill_id=bill_id, method=method, actor=actor, reference=reference)


def payment_qr(*, bill_id: int, amount_fen: int | None = None) -> dict:
    bill = Bill.objects.filter(pk=bill_id).first()
    if bill is None:
        raise DomainError(errors.BILL_NOT_FOUND)
    return {"bill_id": bill.pk, **qrpay.payment_qr(subject="bill", subject_id=bill.pk, balance_fen=bill.balance_fen,
                                                   amount_fen=amount_fen)}


def offline_payment_succeeded(*, bill_id: int, amount_fen: int, payment_ref: str, actor: str = "platform"
                              ) -> BillPayment:
    """THE payment hook for EC-FNB-08: called by the platform (inside in_tenant(merchant), in the
    transaction that marks its offline payment intent succeeded). Idempotent on payment_ref."""
    return record_payment(bill_id=bill_id, method=PayMethod.PLATFORM, actor=actor, amount_fen=amount_fen,
                          reference=payment_ref)


# ---- coupons (EC-FNB-11): validation and the single-use claim live in promotions.coupons -------

@transaction.atomic
def redeem_coupon(*, bill_id: int, code: str, actor: str) -> Coupon:
    """Take a coupon off an open bill (coupons.claim: ONE conditional UPDATE claims the code)."""
    bill = _locked(bill_id)
    coupon = coupons.claim(code, base_fen=bill.total_fen, due_fen=bill.balance_fen, actor=actor, bill_id=bill.pk)
    Bill.objects.filter(pk=bill.pk).update(discount_fen=F("discount_fen") + coupon.discount_fen)
    BILL_MACHINE.record(bill, bill.status, bill.status, actor=actor,
                        reason=f"核销券 {coupon.code} 减 {yuan(coupon.discount_fen)} 元")
    bill.refresh_from_db()
    if bill.balance_fen == 0:
        mark_settled(bill, actor=actor, reason="券抵扣后结清")
    return coupon


# ---- ledger and reconciliation (EC-FNB-09, EC-FNB-10) -------------------------------------------

def _day_range(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz))


def _online_orders(start: date, end: date):
    lo, hi = _day_range(start, end)
    dish_orders = OrderLine.objects.filter(kind="dish").values("order_id")
    return (Order.objects.filter(paid_at__gte=lo, paid_at__lt=hi, pk__in=dish_orders)
            .exclude(status__in=(OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED)))


def ledger(*, start: date, end: date) -> dict:
    """Bills opened and online dish orders paid between start and end (inclusive)."""
    lo, hi = _day_range(start, end)
    rows = []
    bills = (Bill.objects.filter(sitting__opened_at__gte=lo, sitting__opened_at__lt=hi)
             .select_related("sitting__table").prefetch_related("payments").order_by("id"))
    for bill in bills:
        methods = sorted({p.get_method_display() for p in bill.payments.all()})
        rows.append({"kind": "bill", "ref": bill.sitting.number, "bill_id": bill.pk, "table": bill.sitting.table.name,
                     "at": bill.sitting.opened_at, "total_fen": bill.total_fen, "discount_fen": bill.discount_fen,
                     "paid_fen": bill.paid_fen, "balance_fen": bill.balance_fen, "status": bill.status,
                     "status_display": bill.get_status_display(), "methods": "、".join(methods)})
    for order in _online_orders(start, end).order_by("id"):
        rows.append({"kind": "online", "ref": order.order_no, "bill_id": None, "table": "", "at": order.paid_at,
                     "total_fen": order.total_fen, "discount_fen": 0, "paid_fen": order.total_fen - order.refunded_fen,
                     "balance_fen": 0, "status": order.status, "status_display": order.get_status_display(),
                     "methods": "平台在线支付"})
    rows.sort(key=lambda r: r["at"])
    totals = {k: sum(r[k] for r in rows) for k in ("total_fen", "discount_fen", "paid_fen", "balance_fen")}
    return {"start": start, "end": end, "rows": rows, "totals": totals}


def ledger_csv(data: dict) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf)
    writer.writerow(["类型", "桌号/订单号", "桌台", "时间", "消费(元)", "优惠(元)", "已付(元)", "未付(元)", "状态",
                     "支付方式"])
    for r in data["rows"]:
        writer.writerow(["堂食账单" if r["kind"] == "bill" else "线上订单", r["ref"], r["table"],
                         timezone.localtime(r["at"]).strftime("%Y-%m-%d %H:%M"), yuan(r["total_fen"]),
                         yuan(r["discount_fen"]), yuan(r["paid_fen"]), yuan(r["balance_fen"]), r["status_display"],
                         r["methods"]])
    return buf.getvalue()


def declare(*, day: date, method: str, declared_fen: int, actor: str, note: str = "") -> CashDeclaration:
    """The counted / bank-statement amount for one day and method (upsert)."""
    if method not in PayMethod.values or method == PayMethod.PLATFORM:
        raise DomainError(errors.METHOD_INVALID_DECLARE_CASH_CARD)
    if not isinstance(declared_fen, int) or declared_fen < 0:
        raise DomainError(errors.AMOUNT_INVALID_NEGATIVE)
    row, _ = CashDeclaration.objects.update_or_create(day=day, method=method, defaults={
        "declared_fen": declared_fen, "note": note[:200], "declared_by": actor[:150]})
    return row


def reconcile(*, day: date) -> dict:
    """Daily totals by payment method (recorded in the POS) against what was declared, plus
    checks that every settled bill's payments add up, and the online orders of the day."""
    lo, hi = _day_range(day, day)
    recorded = dict(BillPayment.objects.filter(created_at__gte=lo, created_at__lt=hi).values_list("method")
                    .annotate(s=Sum("amount_fen")).values_list("method", "s"))
    declared = {d.method: d for d in CashDeclaration.objects.filter(day=day)}
    methods = []
    for method, label in PayMethod.choices:
        rec = int(recorded.get(method) or 0)
        dec = declared.get(method)
        if method == PayMethod.PLATFORM:
            dec_fen, diff, state = None, None, "platform"
        elif dec is None:
            dec_fen, diff, state = None, None, "undeclared" if rec else "ok"
        else:
            dec_fen, diff = dec.declared_fen, dec.declared_fen - rec
            state = "ok" if diff == 0 else "mismatch"
        methods.append({"method": method, "label": label, "recorded_fen": rec, "declared_fen": dec_fen,
                        "difference_fen": diff, "state": state})
    settled = Bill.objects.filter(settled_at__gte=lo, settled_at__lt=hi, status=BS.SETTLED)
    broken = [{"bill_id": b.pk, "number": b.sitting.number, "due_fen": b.total_fen - b.discount_fen,
               "paid_fen": b.paid_fen} for b in settled.select_related("sitting")
              if b.total_fen - b.discount_fen != sum(p.amount_fen for p in b.payments.all())]
    online = _online_orders(day, day)
    coupons = Coupon.objects.filter(redeemed_at__gte=lo, redeemed_at__lt=hi).aggregate(n=Sum("discount_fen"))["n"]
    open_bills = Bill.objects.filter(status=BS.OPEN).filter(~Q(total_fen=0)).count()
    return {
        "day": day, "methods": methods,
        "recorded_total_fen": sum(m["recorded_fen"] for m in methods),
        "settled_bills": settled.count(), "bill_mismatches": broken,
        "coupon_discount_fen": int(coupons or 0),
        "online_orders": online.count(),
        "online_total_fen": int(online.aggregate(s=Sum("total_fen"))["s"] or 0),
        "open_bills": open_bills,
        "balanced": not broken and all(m["state"] in ("ok", "platform") for m in methods),
    }


def due_fen(*, bill_id: int) -> int:
    """What the bill still owes (0 when missing): checked before a QR payment is opened."""
    bill = Bill.objects.filter(pk=bill_id).first()
    return bill.balance_fen if bill else 0
