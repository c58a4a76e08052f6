"""Commission on money a merchant took at its own desk (到付, EC-HTL-06).

A pay-at-hotel room is paid to the hotel, not through the platform, so there is no payment split
to take the commission from. When the stay's room charge is paid at the desk, the platform collects
its commission from the merchant's withdrawable balance: Dr merchant_available:<schema>, Cr
platform_commission. Withdrawals need available >= the amount (settlement.request_withdrawal), so
the commission is netted before any payout; a negative available balance is what the merchant owes
the platform (shown on the finance page) and is covered by its next T+N releases. (Debiting the
payable instead would never be collected: releases move each settlement item's own net amount.)
One entry per stay ((kind, ref) posts once), so a retry or a second trigger posts nothing new.
"""

from shared_apps.ledger import services as ledger

from .services import commission_of

KIND = "desk_commission"


def post_desk_commission(*, merchant, ref: str, gross_fen: int, memo: str = ""):
    """Book the commission on `gross_fen` paid at `merchant`'s desk. Returns the entry (None when 0)."""
    commission = commission_of(merchant, gross_fen) if gross_fen > 0 else 0
    if commission <= 0:
        return None
    schema = merchant.schema_name
    return ledger.post(kind=KIND, ref=ref, memo=memo or f"到店付款佣金（应收商户）{gross_fen / 100:.2f} 元",
                       lines=[(f"merchant_available:{schema}", commission), ("platform_commission", -commission)])
