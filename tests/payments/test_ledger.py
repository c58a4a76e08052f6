"""The ledger enforces double entry and append-only in the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from shared_apps.core.failures import DomainError
from shared_apps.ledger import services as ledger
from shared_apps.ledger.models import JournalEntry, Posting

pytestmark = pytest.mark.django_db


def test_balanced_entry_posts_and_balances_derive(db):
    ledger.post(kind="topup", ref="t1", lines=[("gateway_clearing:wechat", 5000), ("wallet:1", -5000)])
    ledger.post(kind="payment", ref="p1", lines=[("wallet:1", 3000), ("merchant_payable:alpha", -2850),
                                                 ("platform_commission", -150)])
    assert ledger.owed("wallet:1") == 2000
    assert ledger.owed("merchant_payable:alpha") == 2850
    assert ledger.balance("gateway_clearing:wechat") == 5000
    assert ledger.trial_balance() == 0


def test_same_kind_and_ref_posts_once(db):
    first = ledger.post(kind="topup", ref="t2", lines=[("gateway_clearing:wechat", 100), ("wallet:2", -100)])
    again = ledger.post(kind="topup", ref="t2", lines=[("gateway_clearing:wechat", 100), ("wallet:2", -100)])
    assert first.pk == again.pk and ledger.owed("wallet:2") == 100


def test_unbalanced_entries_are_refused_by_python_and_by_the_database(db):
    with pytest.raises(DomainError):
        ledger.post(kind="bad", ref="b1", lines=[("wallet:3", 100), ("platform_commission", -99)])
    with pytest.raises(DatabaseError), transaction.atomic():
        entry = JournalEntry.objects.create(kind="bad", ref="b2")
        Posting.objects.create(entry=entry, account=ledger.account("wallet:3"), amount_fen=100)
        Posting.objects.create(entry=entry, account=ledger.account("platform_commission"), amount_fen=-99)
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT would do
    with pytest.raises(DatabaseError), transaction.atomic():
        JournalEntry.objects.create(kind="bad", ref="b3")  # no postings at all
        with connection.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_append_only_corrections_are_reversals(db):
    entry = ledger.post(kind="topup", ref="t4", lines=[("gateway_clearing:alipay", 700), ("wallet:4", -700)])
    for attempt in (lambda: Posting.objects.filter(entry=entry).update(amount_fen=1),
                    lambda: Posting.objects.filter(entry=entry).delete(),
                    lambda: JournalEntry.objects.filter(pk=entry.pk).update(memo="x")):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    ledger.reverse(entry=entry, memo="录错了")
    assert ledger.owed("wallet:4") == 0 and ledger.trial_balance() == 0
    assert entry.reversed_by.kind == "reversal"
