"""Posting money. Every payment, refund, commission, release and withdrawal goes through post()."""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Sum

from shared_apps.core.failures import DomainError
from shared_apps.ledger import errors

from .models import Account, AccountKind, JournalEntry, Posting

# Well-known accounts: code prefix -> (kind, display name).
ACCOUNT_TYPES = {
    "gateway_clearing": (AccountKind.ASSET, "支付通道待清算"),
    "platform_bank": (AccountKind.ASSET, "平台银行存款"),
    "wallet": (AccountKind.LIABILITY, "用户钱包"),
    "merchant_payable": (AccountKind.LIABILITY, "商户待结算"),
    "merchant_available": (AccountKind.LIABILITY, "商户可提现"),
    "merchant_withdrawing": (AccountKind.LIABILITY, "商户提现中"),
    "distributor_commission": (AccountKind.LIABILITY, "分销佣金"),
    "distributor_commission_frozen": (AccountKind.LIABILITY, "分销佣金（冻结）"),
    "distributor_withdrawing": (AccountKind.LIABILITY, "分销佣金提现中"),
    "distributor_deposit": (AccountKind.LIABILITY, "分销商预存款"),  # debit balance = credit line in use
    "platform_commission": (AccountKind.REVENUE, "平台佣金收入"),
    "suspense": (AccountKind.LIABILITY, "待处理款项"),
}


def account(code: str) -> Account:
    """Get or create a well-known account by code, e.g. "wallet:42"."""
    prefix, _, owner = code.partition(":")
    if prefix not in ACCOUNT_TYPES:
        raise ValueError(f"unknown account type {prefix}")
    kind, name = ACCOUNT_TYPES[prefix]
    owner_type = {"wallet": "user", "gateway_clearing": "gateway"}.get(
        prefix, "merchant" if prefix.startswith("merchant") else
        "distributor" if prefix.startswith("distributor") else "platform")
    found = Account.objects.filter(code=code).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return Account.objects.create(code=code, kind=kind, name=f"{name} {owner}".strip(),
                                          owner_type=owner_type, owner_id=owner)
    except IntegrityError:
        return Account.objects.get(code=code)


def lock(code: str) -> Account:
    """Row-lock an account to serialise balance checks (wallet spend, withdrawals)."""
    acc = account(code)
    return Account.objects.select_for_update().get(pk=acc.pk)


@transaction.atomic
def post(*, kind: str, ref: str, lines: list[tuple[str, int]], memo: str = "", reverses=None) -> JournalEntry:
    """Post one balanced entry. `lines` are (account code, amount) with debit > 0, credit < 0.

    Posting the same (kind, ref) twice returns the first entry: callers may retry safely.
    """
    merged: dict[str, int] = defaultdict(int)
    for code, amount in lines:
        merged[code] += int(amount)
    merged = {code: amount for code, amount in merged.items() if amount}
    if sum(merged.values()) != 0 or len(merged) < 2:
        raise DomainError(errors.LEDGER_UNBALANCED, kind=kind, ref=ref)
    existing = JournalEntry.objects.filter(kind=kind, ref=ref).first()
    if existing:
        return existing
    entry = JournalEntry.objects.create(kind=kind, ref=ref, memo=memo[:200], reverses=reverses)
    Posting.objects.bulk_create([Posting(entry=entry, account=account(code), amount_fen=amount)
                                 for code, amount in sorted(merged.items())])
    return entry


@transaction.atomic
def reverse(*, entry: JournalEntry, memo: str = "") -> JournalEntry:
    lines = [(p.account.code, -p.amount_fen) for p in entry.postings.select_related("account")]
    return post(kind="reversal", ref=f"entry:{entry.pk}", lines=lines, memo=memo or f"冲正 #{entry.pk}",
                reverses=entry)


def balance(code: str) -> int:
    """Debit-positive balance. Liability/revenue accounts normally show negative numbers;
    use owed() for "how much we owe" on those."""
    return Posting.objects.filter(account__code=code).aggregate(s=Sum("amount_fen"))["s"] or 0


def owed(code: str) -> int:
    """Credit balance of a liability/revenue account as a positive number (e.g. wallet balance)."""
    return -balance(code)


def trial_balance() -> int:
    """Sum of every posting: always 0."""
    return Posting.objects.aggregate(s=Sum("amount_fen"))["s"] or 0
