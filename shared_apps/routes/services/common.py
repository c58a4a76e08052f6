"""Transition tables and machines of a route and a route booking (each move writes a RouteEvent)."""

from shared_apps.core.transitions import Machine

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


ROUTE_MACHINE = Machine(ROUTE_TRANSITIONS, RouteEvent, subject="route", what="route")
BOOKING_MACHINE = Machine(BOOKING_TRANSITIONS, RouteEvent, subject="booking", what="booking")


def event_rows(events) -> list[dict]:
    """A status history as the API and the ops page show it (the reason is shown as `note`)."""
    return [{"from": e.from_status, "to": e.to_status, "actor": e.actor, "note": e.reason, "at": e.at}
            for e in events]
