"""Concurrent scans on real PostgreSQL: copies of one scan count once; many scans of one
ticket never redeem more persons than it has."""

import uuid

from shared_apps.core.failures import DomainError
from tenant_apps.tickets import redemption
from tenant_apps.tickets.models import Redemption
from tenants.utils import in_tenant
from tests.builders import catalog
from tests.builders.accounts import make_user
from tests.builders.checkout import buy, order_of
from tests.builders.threads import run_all
from tests.builders.tickets import qr_of, tickets_of

THREADS = 8


def _scan(merchant, payload, scan_id, persons=None):
    with in_tenant(merchant):
        try:
            return redemption.redeem(payload=payload, persons=persons, scan_id=scan_id, actor="gate")
        except DomainError as exc:
            return {"error": exc.code}


def test_concurrent_copies_of_one_scan_redeem_once(merchants, transactional_db):
    alpha = merchants["alpha"]
    co = buy(make_user("tk_con1"), alpha, catalog.ticket(alpha, days=(0,), capacity=20, price=10000), 4, offset=0)
    payload = qr_of(alpha, tickets_of(alpha, co)[0])
    scan_id = uuid.uuid4()
    results = run_all(lambda i: _scan(alpha, payload, scan_id, persons=3), THREADS)
    assert all("error" not in r for r in results), results
    assert sorted(r["duplicate"] for r in results) == [False] + [True] * (THREADS - 1)
    assert len({r["redemption_id"] for r in results}) == 1
    (ticket,) = tickets_of(alpha, co)
    assert ticket.used_persons == 3 and ticket.status == "partially_used"
    with in_tenant(alpha):
        assert Redemption.objects.count() == 1


def test_concurrent_scans_never_exceed_persons(merchants, transactional_db):
    alpha = merchants["alpha"]
    co = buy(make_user("tk_con2"), alpha, catalog.ticket(alpha, days=(0,), capacity=20, price=10000), 5, offset=0)
    payload = qr_of(alpha, tickets_of(alpha, co)[0])
    results = run_all(lambda i: _scan(alpha, payload, uuid.uuid4(), persons=1), THREADS)
    ok = [r for r in results if "error" not in r]
    assert len(ok) == 5 and {r["error"] for r in results if "error" in r} == {"ticket_used"}
    (ticket,) = tickets_of(alpha, co)
    assert ticket.used_persons == 5 and ticket.status == "used"
    assert order_of(alpha, co).status == "used"
