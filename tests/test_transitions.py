"""shared_apps.core.transitions: the one Machine every state machine moves with, and the abstract
status-event model that owns truncation."""

import re
from pathlib import Path

import pytest

from shared_apps.accounts.models import User
from shared_apps.core.errors import api_exception_handler
from shared_apps.core.failures import DomainError, ErrorCode
from shared_apps.core.transitions import Machine
from shared_apps.routes.models import RouteEvent
from tests.builders.accounts import make_user
from tests.builders.threads import run_all


class Thing:
    def __init__(self, status, pk=1):
        self.status, self.saved, self.pk = status, None, pk

    def get_status_display(self):
        return {"a": "甲", "b": "乙", "c": "丙"}[self.status]

    def save(self, update_fields=None):
        self.saved = list(update_fields) if update_fields is not None else "all"


class Events:
    """A stand-in event model: records what the machine writes."""

    rows: list = []

    class objects:  # noqa: N801 - the manager's name
        @staticmethod
        def create(**row):
            Events.rows.append(row)
            return row


TABLE = {"a": {"b"}, "b": {"c"}}


def test_move_saves_the_status_and_fields_then_records_the_event():
    Events.rows = []
    thing = Thing("a")
    machine = Machine(TABLE, Events, subject="thing", fields=["x"])
    assert machine.move(thing, "b", actor="ann", reason="why", fields=["y"], extra=1) == "a"
    assert thing.status == "b" and thing.saved == ["status", "x", "y"]
    assert Events.rows == [{"subject": "thing", "subject_id": 1, "from_status": "a", "to_status": "b",
                            "actor": "ann", "reason": "why", "extra": 1}]


def test_a_move_outside_the_table_is_a_409_and_changes_nothing():
    Events.rows = []
    thing = Thing("b")
    machine = Machine(TABLE, Events, subject_field="thing", what="Thing", label="物件")
    with pytest.raises(DomainError) as exc:
        machine.move(thing, "a", actor="ann")
    err = exc.value
    assert (err.code, err.status_code) == ("invalid_transition", 409)
    assert "物件当前状态（乙）" in err.message and "Thing cannot move from b to a" in err.message_en
    assert thing.status == "b" and thing.saved is None and Events.rows == []


def test_a_machine_takes_pairs_self_loops_and_a_fixed_message():
    fixed = ErrorCode("thing_refused", "不能这样做", "Cannot move from {frm} to {to}", 409)
    machine = Machine({("a", "b")}, Events, subject="thing", error=fixed, save_all=True, self_loops=True)
    assert machine.allows("a", "b") and machine.allows("c", "c") and not machine.allows("b", "a")
    thing = Thing("b")
    with pytest.raises(DomainError) as exc:
        machine.guard(thing, "a")
    assert exc.value.message == "不能这样做" and exc.value.message_en == "Cannot move from b to a"
    machine.move(thing, "b")
    assert thing.saved == "all"


@pytest.mark.django_db
def test_events_are_written_truncated_and_read_back_in_order():
    machine = Machine(TABLE, RouteEvent, subject="thing", what="thing")
    thing = Thing("a", pk=424242)
    machine.record(thing, "", "a", actor="x" * 400, reason="创建")
    machine.move(thing, "b", actor=None, reason="长" * 1000)
    machine.move(thing, "c", actor="bob")
    with pytest.raises(DomainError) as exc:
        machine.move(thing, "a", actor="bob")
    assert exc.value.code == "invalid_transition" and exc.value.status_code == 409
    events = list(machine.events(thing))
    assert [(e.from_status, e.to_status) for e in events] == [("", "a"), ("a", "b"), ("b", "c")]
    assert events[0].actor == "x" * 150 and events[1].actor == ""
    assert events[1].reason == "长" * 300  # RouteEvent.reason: max_length 300
    assert RouteEvent.objects.filter(subject="thing", subject_id=424242).count() == 3


ROOT = Path(__file__).resolve().parent.parent
# `obj.status = ...` (also in a tuple assignment), not `==`.
BARE = re.compile(r"^\s*(?:[\w.]+\s*,\s*)*\w+(?:\.\w+)*\.status\s*(?:,\s*[\w.]+\s*)*=(?!=)")
ALLOWED = {
    "shared_apps/core/transitions.py": "the Machine itself",
    "shared_apps/payments/sandbox/": "the fake gateway's in-memory orders and HTTP replies, not our models",
}


def test_no_status_is_assigned_outside_a_machine():
    found = []
    for top in ("shared_apps", "tenant_apps", "tenants", "config"):
        for path in (ROOT / top).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel or any(rel.startswith(a) for a in ALLOWED):
                continue
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if BARE.match(line):
                    found.append(f"{rel}:{n}: {line.strip()}")
    assert found == []


UPDATE = re.compile(r"\.update\(((?:[^()]|\([^()]*\))*)\)", re.S)  # one level of nested calls
UPDATE_ALLOWED = {
    # A coupon is single-use: ONE conditional UPDATE (status=active -> redeemed / void, and the
    # release of an unpaid order's coupon) is the race guard, tested in checkout/test_coupon_concurrency.
    "tenant_apps/promotions/coupons.py": 3,
}


def test_no_status_is_set_by_a_bulk_update_outside_the_allowed_claims():
    found = {}
    for top in ("shared_apps", "tenant_apps", "tenants"):
        for path in (ROOT / top).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if "/migrations/" in rel:
                continue
            hits = [m for m in UPDATE.finditer(path.read_text()) if re.search(r"\bstatus\s*=", m.group(1))]
            if hits:
                found[rel] = len(hits)
    assert found == UPDATE_ALLOWED


@pytest.mark.django_db(transaction=True)
def test_a_deadlock_becomes_a_409_conflict_retry_not_a_500():
    """Two transactions lock two rows in opposite order: PostgreSQL aborts one; the API handler
    turns that into a clean, retryable error."""
    import threading

    from django.db import connection, transaction


    a, b = make_user("lock_a").pk, make_user("lock_b").pk
    ready = threading.Barrier(2)

    def lock(i):
        first, second = (a, b) if i == 0 else (b, a)
        try:
            with transaction.atomic():
                User.objects.select_for_update().get(pk=first)
                ready.wait()
                User.objects.select_for_update().get(pk=second)
            return None
        except Exception as exc:  # noqa: BLE001 - the deadlock victim
            return exc
        finally:
            connection.close()

    errors = [e for e in run_all(lock, 2) if e is not None]
    assert len(errors) == 1
    response = api_exception_handler(errors[0], {})
    assert response.status_code == 409 and response.data["code"] == "conflict_retry"
