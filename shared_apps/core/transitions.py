"""The one way a state machine moves (ARCHITECTURE: "a transition is a service call that writes an
event row"). Each app keeps its own transition table and event model; this module checks the
table, saves the status and hands (from, to) to the app's event writer."""

from collections.abc import Callable, Iterable

from .errors import ApiError


def guard(obj, to: str, table: dict, *, what: str = "", label: str = "") -> str:
    """Raise 409 invalid_transition unless obj.status -> to is in the table; return the from-status."""
    frm = obj.status
    if to not in table.get(frm, ()):
        raise ApiError("invalid_transition", f"{label}当前状态（{obj.get_status_display()}）不能执行此操作",
                       f"{what or type(obj).__name__} cannot move from {frm} to {to}", 409)
    return frm


def move(obj, to: str, table: dict, *, record: Callable[[str, str], object], fields: Iterable[str] = (),
         what: str = "", label: str = "") -> str:
    """Check, set and save the status (plus `fields`), then record(frm, to) the event. Returns frm."""
    frm = guard(obj, to, table, what=what, label=label)
    obj.status = to
    obj.save(update_fields=["status", *fields])
    record(frm, to)
    return frm
