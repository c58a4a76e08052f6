"""The one way a state machine moves (ARCHITECTURE: "a transition is a service call that writes an
event row"). Each app declares `MACHINE = Machine(TABLE, SomeEvent, ...)` next to its transition
table and moves its objects with `MACHINE.move(obj, to, actor=..., reason=...)`: the table is
checked, the status saved and one event row (a `core.models.StatusEvent`) written."""

from collections.abc import Iterable

from django.db import models

from . import failures
from .failures import DomainError, Failure


def _as_dict(table) -> dict:
    """Transition tables come as {from: {to, ...}} or as a set of (from, to) pairs."""
    if isinstance(table, dict):
        return table
    out: dict = {}
    for frm, to in table:
        out.setdefault(frm, set()).add(to)
    return out


class Machine:
    """One state machine: its transition table and its event model.

    The event row names its subject either by a foreign key (`subject_field="checkout"`: the
    event gets checkout=obj) or, in an app-wide event table, by `subject="booking"` (the event
    gets subject="booking", subject_id=obj.pk). `what` / `label` name the object in the 409
    message (English / Chinese); `error` (invalid_transition with other values bound, or
    another catalogue entry) replaces the message; its templates may use {label}, {status_label},
    {what}, {frm} and {to}. `self_loops=True`: a
    move to the current status is allowed (it saves and writes an event, e.g. a partial
    redemption). A move saves the status, the machine's `fields` and the move's own `fields`;
    `save_all=True`: every field."""

    def __init__(self, table, event_model: type[models.Model], *, subject_field: str = "", subject: str = "",
                 what: str = "", label: str = "", error: Failure | None = None, fields: Iterable[str] = (),
                 self_loops: bool = False, save_all: bool = False):
        if bool(subject_field) == bool(subject):
            raise ValueError("Machine needs exactly one of subject_field and subject")
        self.table = _as_dict(table)
        self.event_model = event_model
        self.subject_field, self.subject = subject_field, subject
        self.what, self.label, self.error = what, label, error
        self.fields, self.self_loops, self.save_all = tuple(fields), self_loops, save_all

    def allows(self, frm: str, to: str) -> bool:
        return to in self.table.get(frm, ()) or (self.self_loops and frm == to)

    def guard(self, obj, to: str) -> str:
        """Raise 409 invalid_transition unless obj.status -> to is in the table; return the from-status."""
        frm = obj.status
        if not self.allows(frm, to):
            raise DomainError(self.error or failures.INVALID_TRANSITION_MOVE, label=self.label,
                              status_label=obj.get_status_display(), what=self.what or "The status", frm=frm, to=to)
        return frm

    def move(self, obj, to: str, *, actor=None, reason: str = "", fields: Iterable[str] = (), **extra) -> str:
        """Check the table, set and save the status (plus `fields`), write the event row (with
        `extra` event columns, e.g. amount_fen). Returns the from-status."""
        frm = self.guard(obj, to)
        obj.status = to
        if self.save_all:
            obj.save()
        else:
            obj.save(update_fields=["status", *self.fields, *fields])
        self.record(obj, frm, to, actor=actor, reason=reason, **extra)
        return frm

    def record(self, obj, frm: str, to: str, *, actor=None, reason: str = "", **extra):
        """Write an event row without moving: the creation event (frm="") or a note on the
        current status (frm == to). Returns the event."""
        return self.event_model.objects.create(**self._subject(obj), from_status=frm, to_status=to, actor=actor,
                                               reason=reason, **extra)

    def events(self, obj) -> models.QuerySet:
        """The object's events, oldest first."""
        return self.event_model.objects.filter(**self._subject(obj)).order_by("id")

    def _subject(self, obj) -> dict:
        if self.subject_field:
            return {self.subject_field: obj}
        return {"subject": self.subject, "subject_id": obj.pk}
