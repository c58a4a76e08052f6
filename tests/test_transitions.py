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
