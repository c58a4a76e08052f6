"""Transition tables and the one way a route or route booking changes status (with an event row)."""

from shared_apps.core import transitions

from ..models import RouteBookingStatus, RouteEvent, RouteStatus

R, B = RouteStatus, RouteBookingStatus
ROUTE_TRANSITIONS = {
    R.DRAFT: {R.PUBLISHED},
    R.PUBLISHED: {R.WITHDRAWN},
    R.WITHDRAWN: {R.PUBLISHED, R.DRAFT},
}
BOOKING_TRANSITIONS = {
    B.ON_HOLD: {B.CONFIRMED, B.CANCELLED, B.EXPIRED},
    B.CONFIRMED: {B.CANCELLED},
}


def event(subject: str, obj, frm: str, to: str, actor: str = "", note: str = "") -> None:
    RouteEvent.objects.create(subject=subject, subject_id=obj.pk, from_status=frm, to_status=to,
                              actor=(actor or "")[:150], note=(note or "")[:300])


def move(subject: str, obj, to: str, table: dict, *, actor: str = "", note: str = "", fields=()) -> None:
    transitions.move(obj, to, table, fields=fields, what=subject,
                     record=lambda frm, to: event(subject, obj, frm, to, actor, note))


def events_of(subject: str, obj_id: int) -> list[dict]:
    return [{"from": e.from_status, "to": e.to_status, "actor": e.actor, "note": e.note, "at": e.at}
            for e in RouteEvent.objects.filter(subject=subject, subject_id=obj_id)]
