"""shared_apps.core.transitions: the table check and the event hand-off every state machine uses."""

import pytest

from shared_apps.core import transitions
from shared_apps.core.errors import ApiError


class Thing:
    def __init__(self, status):
        self.status, self.saved = status, None

    def get_status_display(self):
        return {"a": "甲", "b": "乙"}[self.status]

    def save(self, update_fields):
        self.saved = list(update_fields)


TABLE = {"a": {"b"}}


def test_move_saves_the_status_and_fields_then_records_the_event():
    thing, seen = Thing("a"), []
    assert transitions.move(thing, "b", TABLE, fields=["x"], record=lambda f, t: seen.append((f, t))) == "a"
    assert thing.status == "b" and thing.saved == ["status", "x"] and seen == [("a", "b")]


def test_a_move_outside_the_table_is_a_409_and_changes_nothing():
    thing, seen = Thing("b"), []
    with pytest.raises(ApiError) as exc:
        transitions.move(thing, "a", TABLE, what="Thing", label="物件", record=lambda f, t: seen.append(1))
    err = exc.value
    assert (err.code, err.status_code) == ("invalid_transition", 409)
    assert "物件当前状态（乙）" in err.message and "Thing cannot move from b to a" in err.message_en
    assert thing.status == "b" and thing.saved is None and seen == []


@pytest.mark.django_db(transaction=True)
def test_a_deadlock_becomes_a_409_conflict_retry_not_a_500():
    """Two transactions lock two rows in opposite order: PostgreSQL aborts one; the API handler
    turns that into a clean, retryable error."""
    import threading

    from django.db import connection, transaction

    from shared_apps.accounts.models import User
    from shared_apps.core.errors import api_exception_handler
    from tests.factories import make_user, run_all

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
