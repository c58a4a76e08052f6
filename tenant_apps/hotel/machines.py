"""The hotel's state machines: a stay (STAY_TRANSITIONS, written as StayEvent rows) and a room's
housekeeping status (RoomEvent rows). Their own module, below services, payatdesk and folio,
so each of them can move a stay without importing another."""

from shared_apps.core.transitions import Machine

from .models import RoomEvent, RoomStatus, StayEvent, StayStatus

S = StayStatus
STAY_TRANSITIONS = {
    S.BOOKED: {S.CHECKED_IN, S.NO_SHOW, S.CANCELLED},
    S.CHECKED_IN: {S.CHECKED_OUT},
    S.CHECKED_OUT: set(),
    S.NO_SHOW: set(),
    S.CANCELLED: set(),
}
STAY_MACHINE = Machine(STAY_TRANSITIONS, StayEvent, subject_field="stay", what="Stay", label="入住单",
                       fields=["room", "checked_in_at", "checked_out_at"])
# Housekeeping: staff may set any room status (also the current one again); each change is logged.
ROOM_MACHINE = Machine({s: set(RoomStatus.values) for s in RoomStatus.values}, RoomEvent, subject_field="room",
                       what="Room", label="房间")
