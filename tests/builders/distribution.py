"""Distributors with contracts, deposits, credit lines, members and API keys."""

import secrets

from shared_apps.accounts.models import Distributor, DistributorMember
from shared_apps.accounts.services import issue_api_key
from shared_apps.distribution.services import contracts, finance, org
from shared_apps.distribution.services.common import profile_of

from .accounts import finance_operator, make_user


def make_distributor(name: str = "畅游旅行社", merchants=(), *, deposit: int = 0, credit: int = 0,
                     admin: str | None = None) -> Distributor:
    """An active distributor authorised (through contracts, by their owners) by `merchants`;
    optionally funded with a `deposit`, given a `credit` line and an `admin` member."""
    dist, _ = Distributor.objects.get_or_create(name=name, defaults={"status": Distributor.Status.ACTIVE})
    profile_of(dist)
    for merchant in merchants:
        owner = make_user(f"{merchant.schema_name}_owner")
        contracts.authorise(merchant=merchant, distributor_id=dist.pk, user=owner)
    if deposit:
        fund(dist, deposit)
    if credit:
        finance.set_credit_limit(distributor=dist, operator=finance_operator(), credit_limit_fen=credit)
    if admin:
        add_member(dist, admin, "admin")
    return dist


def add_member(dist: Distributor, username: str, role: str) -> DistributorMember:
    """A member of the distributor (user `username`) placed in its organisation."""
    member = DistributorMember.objects.create(user=make_user(username), distributor=dist, role=role)
    org.placement_of(member)
    return member


def fund(dist: Distributor, fen: int):
    """A deposit top-up submitted and approved by finance."""
    topup = finance.submit_topup(distributor=dist, actor="test", amount_fen=fen,
                                 bank_txn_no=f"TXN{secrets.token_hex(6)}")
    return finance.review_topup(topup_id=topup.pk, approve=True, operator=finance_operator())


def key_for(dist: Distributor, merchants, rate: int = 600):
    """Issue a key listing `merchants` (bypassing the scope check, to test the runtime check);
    returns (ApiKey, plaintext)."""
    return issue_api_key(distributor=dist, name=f"k{secrets.token_hex(2)}", merchants=merchants,
                         rate_limit_per_minute=rate)

