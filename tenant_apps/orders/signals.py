"""Fulfilment hooks. Sent INSIDE the order's transaction, in the merchant's schema, so a
receiver's writes (e-tickets, room holds, kitchen tickets, shipments) commit or roll back
with the order. Receivers must be idempotent."""

from django.dispatch import Signal

order_saved = Signal()  # kwargs: order; after it is placed and after every status change (read models)
order_paid = Signal()  # kwargs: order
order_confirmed = Signal()  # kwargs: order (到付: booked without a platform payment, pay_at_merchant=True)
order_cancelled = Signal()  # kwargs: order
order_refunded = Signal()  # kwargs: order, refund (an approved RefundRequest)
# 到付: part of a pay-at-merchant order was paid at the merchant's own desk, outside the platform.
# kwargs: order, ref (posts once per ref), gross_fen, memo. Settlement books the platform's commission.
paid_at_merchant = Signal()
