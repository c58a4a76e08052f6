"""Hotel use cases (merchant schema): rooms, stays, allocation, holds, check-in / check-out.

The stay machine (STAY_TRANSITIONS, STAY_MACHINE) is in machines.py; services move stays through it. The
order is fulfilled (used) and completed when its last stay leaves (checked out or no show).
"""

import secrets
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from tenant_apps.catalog.models import Product, ProductKind
from tenant_apps.hotel import errors
from tenant_apps.orders import services as orders
from tenant_apps.orders.models import Order, OrderStatus

from . import payatdesk
from .folio import open_balance
from .machines import ROOM_MACHINE, STAY_MACHINE
from .models import Folio, NightKind, Room, RoomNight, RoomStatus, Stay, StayStatus

S = StayStatus
LEFT = (S.CHECKED_OUT, S.NO_SHOW)
MAX_HOLD_NIGHTS = 60


def _locked_stay(stay_id: int) -> Stay:
    stay = Stay.objects.select_for_update().filter(pk=stay_id).first()
    if stay is None:
        raise DomainError(errors.STAY_NOT_FOUND)
    return stay


def _room(room_id: int, *, lock: bool = False) -> Room:
    qs = Room.objects.select_for_update() if lock else Room.objects.all()
    room = qs.filter(pk=room_id).select_related("room_type").first()
    if room is None:
        raise DomainError(errors.ROOM_NOT_FOUND)
    return room


def nights_of(start: date, count: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(count)]


# ---- rooms --------------------------------------------------------------------------------------

def _room_type(product_id: int) -> Product:
    product = Product.objects.filter(pk=product_id, kind=ProductKind.ROOM).first()
    if product is None:
        raise DomainError(errors.ROOM_TYPE_INVALID)
    return product


def create_room(*, number: str, room_type_id: int, floor: int = 1, note: str = "") -> Room:
    number = (number or "").strip()
    if not number:
        raise DomainError(errors.ROOM_NUMBER_REQUIRED)
    if Room.objects.filter(number=number).exists():
        raise DomainError(errors.ROOM_EXISTS, number=number)
    return Room.objects.create(number=number, floor=floor, room_type=_room_type(room_type_id), note=note[:200])


@transaction.atomic
def update_room(*, room_id: int, **fields) -> Room:
    room = _room(room_id, lock=True)
    if "room_type_id" in fields:
        room.room_type = _room_type(fields.pop("room_type_id"))
    for key in ("floor", "note", "is_active"):
        if key in fields:
            setattr(room, key, fields[key])
    room.save()
    return room


@transaction.atomic
def set_room_status(*, room_id: int, status: str, actor: str = "") -> Room:
    """Housekeeping sets a room clean, dirty or out of order."""
    if status not in RoomStatus.values:
        raise DomainError(errors.ROOM_STATUS_INVALID)
    room = _room(room_id, lock=True)
    ROOM_MACHINE.move(room, status, actor=actor, reason="房态")
    return room


def _room_used(room_id: int, *, actor: str, reason: str) -> None:
    """A guest left the room: a clean room needs cleaning (out of order stays so)."""
    room = Room.objects.select_for_update().get(pk=room_id)
    if room.status == RoomStatus.CLEAN:
        ROOM_MACHINE.move(room, RoomStatus.DIRTY, actor=actor, reason=reason)


# ---- stays from orders (signal receivers call these; idempotent) ----------------------------------

def create_stays_for_order(order: Order) -> list[Stay]:
    """One stay per room unit of a paid order. Running it twice creates nothing new."""
    made = []
    guests = order.travellers or []
    guest_name = (guests[0].get("name") if guests and isinstance(guests[0], dict) else "") or order.contact_name
    for line in order.lines.filter(kind=ProductKind.ROOM, day__isnull=False):
        for unit in range(1, line.quantity + 1):
            stay, created = Stay.objects.get_or_create(order_line=line, unit=unit, defaults={
                "order": order, "order_no": order.order_no, "room_type_id": line.product_id,
                "room_type_name": line.product_name, "arrival": line.day, "nights": line.nights,
                "departure": line.day + timedelta(days=line.nights), "guests": guests,
                "guest_name": (guest_name or "")[:50], "contact_phone": order.contact_phone,
                "amount_fen": line.unit_price_fen})
            if created:
                STAY_MACHINE.record(stay, "", S.BOOKED, actor="system",
                                    reason="到店付款，预订已确认" if order.pay_at_merchant else "订单已支付")
                made.append(stay)
    return made


def cancel_refunded_stays(order: Order) -> int:
    """After an approved refund: as many booked stays of each line as units refunded are cancelled."""
    cancelled = 0
    for line in order.lines.filter(kind=ProductKind.ROOM):
        stays = list(Stay.objects.select_for_update().filter(order_line=line).order_by("-unit"))
        done = sum(1 for s in stays if s.status == S.CANCELLED)
        for stay in stays:
            if done >= line.refunded_qty:
                break
            if stay.status == S.BOOKED:
                RoomNight.objects.filter(stay=stay).delete()
                stay.room = None
                STAY_MACHINE.move(stay, S.CANCELLED, actor="system", reason="订单退款")
                done += 1
                cancelled += 1
    return cancelled


# ---- allocation and holds (EC-HTL-08) -------------------------------------------------------------

def _take(room: Room, nights: list[date], **fields) -> None:
    """Insert the room-nights or fail on the unique (room, night) constraint."""
    try:
        with transaction.atomic():  # savepoint: the caller's transaction survives the conflict
            RoomNight.objects.bulk_create([RoomNight(room=room, night=n, **fields) for n in nights])
    except IntegrityError as exc:
        taken = sorted(str(n) for n in RoomNight.objects.filter(room=room, night__in=nights)
                       .values_list("night", flat=True))
        raise DomainError(errors.ROOM_TAKEN, details={"room": room.number, "nights": taken},
                          room_number=room.number) from exc


@transaction.atomic
def assign_room(*, stay_id: int, room_id: int, actor: str, allow_other_type: bool = False) -> Stay:
    """Give `room` to the stay for all its remaining nights (re-assigning frees the old room)."""
    stay = _locked_stay(stay_id)
    if stay.status not in (S.BOOKED, S.CHECKED_IN):
        raise DomainError(errors.INVALID_TRANSITION_STAY_OPEN, status_label=stay.get_status_display())
    room = _room(room_id)
    if not room.is_active or room.status == RoomStatus.OUT_OF_ORDER:
        raise DomainError(errors.ROOM_UNAVAILABLE, room_number=room.number)
    if room.room_type_id != stay.room_type_id and not allow_other_type:
        raise DomainError(errors.ROOM_TYPE_MISMATCH)
    if stay.room_id == room.pk:
        return stay
    today = timezone.localdate()
    start = max(stay.arrival, today) if stay.status == S.CHECKED_IN else stay.arrival
    nights = [n for n in nights_of(stay.arrival, stay.nights) if n >= start]
    RoomNight.objects.filter(stay=stay, night__gte=start).delete()
    _take(room, nights, kind=NightKind.STAY, stay=stay, created_by=actor[:150])
    if stay.status == S.CHECKED_IN and stay.room_id:  # room change during the stay: the old room needs cleaning
        _room_used(stay.room_id, actor=actor, reason="换房")
    stay.room = room
    stay.save(update_fields=["room"])
    STAY_MACHINE.record(stay, stay.status, stay.status, actor=actor, reason=f"分配房间 {room.number}")
    return stay


@transaction.atomic
def unassign_room(*, stay_id: int, actor: str) -> Stay:
    stay = _locked_stay(stay_id)
    if stay.status != S.BOOKED:
        raise DomainError(errors.INVALID_TRANSITION_ONLY_BOOKED_STAYS, status_label=stay.get_status_display())
    RoomNight.objects.filter(stay=stay).delete()
    number = stay.room.number if stay.room_id else ""
    stay.room = None
    stay.save(update_fields=["room"])
    STAY_MACHINE.record(stay, stay.status, stay.status, actor=actor, reason=f"取消分房 {number}".strip())
    return stay


def free_rooms(*, room_type_id: int | None, start: date, nights: int) -> list[Room]:
    """Active rooms (of the type) not taken on any of the nights, clean ones first."""
    qs = Room.objects.filter(is_active=True).exclude(status=RoomStatus.OUT_OF_ORDER)
    if room_type_id:
        qs = qs.filter(room_type_id=room_type_id)
    busy = RoomNight.objects.filter(night__in=nights_of(start, nights)).values("room_id")
    rooms = list(qs.exclude(pk__in=busy))
    return sorted(rooms, key=lambda r: (r.status != RoomStatus.CLEAN, r.floor, r.number))


@transaction.atomic
def auto_assign(*, stay_id: int, actor: str) -> Stay:
    """Try the free rooms of the stay's type in order; a concurrent taker just moves us on."""
    stay = _locked_stay(stay_id)
    if stay.room_id:
        return stay
    for room in free_rooms(room_type_id=stay.room_type_id, start=stay.arrival, nights=stay.nights):
        try:
            return assign_room(stay_id=stay.pk, room_id=room.pk, actor=actor)
        except DomainError as exc:
            if exc.code != "room_taken":
                raise
    raise DomainError(errors.NO_ROOM_FREE)


@transaction.atomic
def hold_room(*, room_id: int, start: date, nights: int, actor: str, note: str = "") -> str:
    """Block a room for some nights without a booking (预留: VIPs, groups, repairs). Returns the hold ref."""
    if not 1 <= nights <= MAX_HOLD_NIGHTS:
        raise DomainError(errors.NIGHTS_INVALID_OUT_RANGE, max_hold_nights=MAX_HOLD_NIGHTS)
    if start < timezone.localdate():
        raise DomainError(errors.DAY_IN_PAST_DATE)
    room = _room(room_id)
    ref = secrets.token_hex(6)
    _take(room, nights_of(start, nights), kind=NightKind.HOLD, hold_ref=ref, note=note[:200], created_by=actor[:150])
    return ref


def release_hold(*, hold_ref: str) -> int:
    deleted, _ = RoomNight.objects.filter(kind=NightKind.HOLD, hold_ref=hold_ref).delete()
    if not deleted:
        raise DomainError(errors.HOLD_NOT_FOUND)
    return deleted


# ---- check-in / check-out / no-show ---------------------------------------------------------------

@transaction.atomic
def check_in(*, stay_id: int, actor: str, room_id: int | None = None, guests: list | None = None) -> Stay:
    stay = _locked_stay(stay_id)
    if stay.status != S.BOOKED:
        STAY_MACHINE.guard(stay, S.CHECKED_IN)  # not allowed: raises invalid_transition
    today = timezone.localdate()
    if not stay.arrival <= today < stay.departure:
        raise DomainError(errors.NOT_ARRIVAL_DAY_CHECK_IN, arrival=stay.arrival, departure=stay.departure)
    if room_id:
        assign_room(stay_id=stay.pk, room_id=room_id, actor=actor)
    elif not stay.room_id:
        auto_assign(stay_id=stay.pk, actor=actor)
    stay.refresh_from_db()
    if stay.room.status == RoomStatus.OUT_OF_ORDER:
        raise DomainError(errors.ROOM_UNAVAILABLE_OUT_ORDER)
    if guests is not None:
        stay.guests = guests
        stay.save(update_fields=["guests"])
    stay.checked_in_at = timezone.now()
    STAY_MACHINE.move(stay, S.CHECKED_IN, actor=actor, reason=f"入住 {stay.room.number}")
    payatdesk.on_checked_in(stay, actor)  # 到付: the order is in use from now on
    return stay


@transaction.atomic
def check_out(*, stay_id: int, actor: str) -> Stay:
    """Leave: the folio must be settled; the room becomes dirty; unused later nights are freed."""
    stay = _locked_stay(stay_id)
    if stay.status != S.CHECKED_IN:
        STAY_MACHINE.guard(stay, S.CHECKED_OUT)  # not allowed: raises invalid_transition
    balance = open_balance(stay)
    if balance:
        raise DomainError(errors.FOLIO_UNSETTLED, details={"balance_fen": balance}, balance_yuan=balance / 100)
    folio = Folio.objects.filter(stay=stay).first()
    if folio is not None:
        payatdesk.post_commission_if_paid(folio)  # 到付: commission receivable (once per stay)
    today = timezone.localdate()
    RoomNight.objects.filter(stay=stay, night__gte=today).delete()  # early departure frees the rest
    if stay.room_id:
        _room_used(stay.room_id, actor=actor, reason="离店")
    stay.checked_out_at = timezone.now()
    STAY_MACHINE.move(stay, S.CHECKED_OUT, actor=actor, reason="离店")
    _finish_order(stay.order_id, actor)
    return stay


@transaction.atomic
def mark_no_show(*, stay_id: int, actor: str, reason: str = "") -> Stay:
    stay = _locked_stay(stay_id)
    if stay.status == S.BOOKED and stay.arrival > timezone.localdate():
        raise DomainError(errors.NOT_ARRIVAL_DAY_REACHED)
    RoomNight.objects.filter(stay=stay).delete()
    STAY_MACHINE.move(stay, S.NO_SHOW, actor=actor, reason=reason or "未到店")
    _finish_order(stay.order_id, actor)
    return stay


def _finish_order(order_id: int, actor: str) -> None:
    """When no stay of the order is open any more: the order is used, then completed."""
    if Stay.objects.filter(order_id=order_id, status__in=(S.BOOKED, S.CHECKED_IN)).exists():
        return
    if not Stay.objects.filter(order_id=order_id, status__in=LEFT).exists():
        return  # everything was cancelled (refunded): nothing to fulfil
    order = Order.objects.get(pk=order_id)
    if order.status == OrderStatus.CONFIRMED:  # 到付 and nobody checked in: every stay was a no-show
        payatdesk.on_all_no_show(order, actor)
        return
    if order.status in (OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED):
        order = orders.fulfil(order_id=order_id, actor=actor, how="used")
    if order.status == OrderStatus.USED:
        orders.complete(order_id=order_id, actor=actor)
    # refund_requested: the merchant decides the refund first; the order stays as it is.
