"""Daily reconciliation: our succeeded tenders/refunds vs the gateway's bill file."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from shared_apps.payments.gateways import get_gateway
from shared_apps.payments.models import Refund, RefundStatus, Tender, TenderStatus

from .models import Mismatch, ReconciliationItem, ReconciliationRun

GATEWAY_OK = {"succeeded", "refunded"}  # a bill row of a paid trade, or of a done refund


def _day_bounds(day: date):
    start = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()))
    return start, start + timedelta(days=1)


def _ours(gateway: str, day: date) -> dict[tuple[str, str], tuple[int, str]]:
    start, end = _day_bounds(day)
    ours = {}
    for t in Tender.objects.filter(method=gateway, paid_at__gte=start, paid_at__lt=end,
                                   gateway_txn_id__isnull=False):
        ours[("payment", t.out_trade_no)] = (t.amount_fen, t.status)
    for r in Refund.objects.filter(tender__method=gateway, updated_at__gte=start, updated_at__lt=end).exclude(
            status=RefundStatus.PENDING):
        ours[("refund", r.out_refund_no)] = (r.amount_fen, r.status)
    return ours


def reconcile(*, gateway: str, day: date) -> ReconciliationRun:
    rows = get_gateway(gateway).download_bill(day)
    ours = _ours(gateway, day)
    theirs = {(row.kind, row.out_refund_no if row.kind == "refund" else row.out_trade_no): row for row in rows}
    items = []
    for key, row in theirs.items():
        mine = ours.get(key)
        if mine is None:
            # Maybe ours is dated another day or never confirmed: look it up by reference.
            found = (Tender.objects.filter(out_trade_no=key[1]).first() if key[0] == "payment"
                     else Refund.objects.filter(out_refund_no=key[1]).first())
            if found is None:
                items.append((Mismatch.LONG, key, None, row.amount_fen, "账单有此笔，平台无记录"))
            else:
                items.append((Mismatch.STATUS, key, found.amount_fen, row.amount_fen,
                              f"平台状态 {found.status}，通道已成功"))
            continue
        amount, status = mine
        if row.status not in GATEWAY_OK:
            items.append((Mismatch.STATUS, key, amount, row.amount_fen, f"通道状态 {row.status}"))
        elif amount != row.amount_fen:
            items.append((Mismatch.AMOUNT, key, amount, row.amount_fen, "金额不符"))
        elif status not in (TenderStatus.SUCCEEDED, TenderStatus.VOIDED, RefundStatus.SUCCEEDED):
            items.append((Mismatch.STATUS, key, amount, row.amount_fen, f"平台状态 {status}"))
    for key, (amount, _) in ours.items():
        if key not in theirs:
            items.append((Mismatch.SHORT, key, amount, None, "平台有此笔，账单无"))
    with transaction.atomic():
        run = ReconciliationRun.objects.create(gateway=gateway, day=day, bill_rows=len(theirs), our_rows=len(ours),
                                               matched=len(theirs) - sum(1 for i in items if i[0] != "short"),
                                               mismatches=len(items))
        ReconciliationItem.objects.bulk_create([
            ReconciliationItem(run=run, kind=kind, record=key[0], reference=key[1], ours_fen=ours_fen,
                               theirs_fen=theirs_fen, detail=detail)
            for kind, key, ours_fen, theirs_fen, detail in items])
    return run
