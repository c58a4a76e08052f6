"""Receivers of the signals of the apps below settlement, inside their transactions: the
tenant apps' desk payments (the platform's commission) and payments' questions (settlement
records each merchant's share and says how the money splits)."""

from django.db import connection

from shared_apps.payments.models import Purpose

from . import desk, services


def on_paid_at_merchant(sender, order, ref: str, gross_fen: int, memo: str = "", **kwargs):
    """到付 (EC-HTL-06): money paid at the merchant's desk owes the platform its commission."""
    desk.post_desk_commission(merchant=connection.tenant, ref=ref, gross_fen=gross_fen, memo=memo)


def on_split_requested(sender, intent, **kwargs) -> list[tuple[str, int]]:
    """The credit lines of a payment's ledger entry: merchants' payables and platform commission."""
    if intent.purpose == Purpose.OFFLINE:
        return services.split_offline(intent=intent)
    return services.split_payment(intent=intent)


def on_refund_split_requested(sender, intent, merchant, amount_fen, **kwargs) -> tuple[str, int, int]:
    """(account to debit, merchant share, commission share) of a refund of a merchant's order."""
    return services.refund_split(intent=intent, merchant=merchant, amount_fen=amount_fen)
