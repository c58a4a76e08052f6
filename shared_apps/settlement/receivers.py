"""Receivers of tenant_apps.orders signals (inside the order's transaction, in the merchant's schema)."""

from django.db import connection

from . import desk


def on_paid_at_merchant(sender, order, ref: str, gross_fen: int, memo: str = "", **kwargs):
    """到付 (EC-HTL-06): money paid at the merchant's desk owes the platform its commission."""
    desk.post_desk_commission(merchant=connection.tenant, ref=ref, gross_fen=gross_fen, memo=memo)
