"""Hotel reads: the room board (房态), stay rows, the order ledger (订单流水, EC-HTL-09)."""

import csv
import io
from datetime import date, timedelta

from django.db.models import Q

from shared_apps.ledger.money import yuan

from .models import Folio, Room, RoomNight, Stay, StayStatus

BOARD_MAX_DAYS = 31


def stay_row(stay: Stay) -> dict:
    if hasattr(stay, "folio_cached"):
        folio = stay.folio_cached
    else:
        folio = Folio.objects.filter(stay=stay).first()
    return {
        "id": stay.pk, "order_id": stay.order_id, "order_no": stay.order_no, "unit": stay.unit,
        "room_type_id": stay.room_type_id, "room_type_name": stay.room_type_name, "arrival": stay.arrival,
        "departure": stay.departure, "nights": stay.nights, "guest_name": stay.guest_name,
        "contact_phone": stay.contact_phone, "guests": stay.guests, "amount_fen": stay.amount_fen,
        "room_id": stay.room_id, "room_number": stay.room.number if stay.room_id else "",
        "status": stay.status, "status_display": stay.get_status_display(),
        "pay_at_hotel": stay.order.pay_at_merchant,  # 到付: the room price is a folio charge, not prepaid
        "checked_in_at": stay.checked_in_at, "checked_out_at": stay.checked_out_at,
        "folio_id": folio.pk if folio else None, "folio_charges_fen": folio.charges_fen if folio else 0,
        "folio_paid_fen": folio.paid_fen if folio else 0, "folio_balance_fen": folio.balance_fen if folio else 0,
    }


def stays(*, status: str = "", day: date | None = None, q: str = "", start: date | None = None,
          end: date | None = None, room_type_id: int | None = None):
    """Stays filtered: `day` = in house that night (arrival <= day < departure); start/end on arrival."""
    qs = Stay.objects.select_related("room", "order")
    if status:
        qs = qs.filter(status__in=status.split(","))
    if day:
        qs = qs.filter(arrival__lte=day, departure__gt=day)
    if start:
        qs = qs.filter(arrival__gte=start)
    if end:
        qs = qs.filter(arrival__lte=end)
    if room_type_id:
        qs = qs.filter(room_type_id=room_type_id)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(order_no__contains=q) | Q(guest_name__contains=q) | Q(contact_phone__contains=q)
                       | Q(room__number=q))
    return qs.order_by("arrival", "id")


def with_folios(rows) -> list[Stay]:
    rows = list(rows)
    folios = {f.stay_id: f for f in Folio.objects.filter(stay__in=rows)}
    for stay in rows:
        stay.folio_cached = folios.get(stay.pk)
    return rows


def board(*, start: date, days: int = 7) -> dict:
    """Rooms x nights: each cell is free, a stay (guest, status) or a hold; plus unassigned arrivals."""
    days = max(1, min(days, BOARD_MAX_DAYS))
    nights = [start + timedelta(days=i) for i in range(days)]
    taken = {}
    for rn in RoomNight.objects.filter(night__in=nights).select_related("stay"):
        if rn.stay_id:
            cell = {"kind": "stay", "stay_id": rn.stay_id, "guest_name": rn.stay.guest_name,
                    "status": rn.stay.status, "order_no": rn.stay.order_no}
        else:
            cell = {"kind": "hold", "hold_ref": rn.hold_ref, "note": rn.note}
        taken[(rn.room_id, rn.night)] = cell
    rooms = []
    for room in Room.objects.filter(is_active=True).select_related("room_type"):
        rooms.append({"id": room.pk, "number": room.number, "floor": room.floor,
                      "room_type_id": room.room_type_id, "room_type_name": room.room_type.name,
                      "status": room.status, "status_display": room.get_status_display(),
                      "nights": [taken.get((room.pk, n)) or {"kind": "free"} for n in nights]})
    unassigned = [stay_row(s) for s in with_folios(
        Stay.objects.filter(room__isnull=True, status=StayStatus.BOOKED, arrival__lte=nights[-1],
                            departure__gt=start).select_related("order"))]
    return {"start": start, "days": nights, "rooms": rooms, "unassigned": unassigned}


LEDGER_HEADER = ["订单号", "订单状态", "房型", "房号", "入住日期", "离店日期", "晚数", "客人", "电话", "入住状态",
                 "预付房费(元)", "到店消费(元)", "到店已付(元)", "待付(元)"]


def ledger(*, start: date | None = None, end: date | None = None, status: str = "", q: str = "",
           room_type_id: int | None = None) -> dict:
    rows = with_folios(stays(status=status, q=q, start=start, end=end, room_type_id=room_type_id))
    out = []
    for stay in rows:
        row = stay_row(stay)
        row["order_status"] = stay.order.status
        row["order_status_display"] = stay.order.get_status_display()
        if row["pay_at_hotel"]:
            row["amount_fen"] = 0  # nothing prepaid: the room price is in the on-site charges
        out.append(row)
    totals = {k: sum(r[k] for r in out) for k in ("amount_fen", "folio_charges_fen", "folio_paid_fen",
                                                  "folio_balance_fen")}
    return {"rows": out, "count": len(out), "totals": totals}


def ledger_csv(data: dict) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")  # Excel opens UTF-8 CSV with a BOM correctly
    writer = csv.writer(buf)
    writer.writerow(LEDGER_HEADER)
    for r in data["rows"]:
        writer.writerow([r["order_no"], r["order_status_display"], r["room_type_name"], r["room_number"],
                         r["arrival"], r["departure"], r["nights"], r["guest_name"], r["contact_phone"],
                         r["status_display"], yuan(r["amount_fen"]), yuan(r["folio_charges_fen"]),
                         yuan(r["folio_paid_fen"]), yuan(r["folio_balance_fen"])])
    return buf.getvalue()
