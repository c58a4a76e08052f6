"""Restaurant floor use cases (merchant schema): tables and QR tokens, sittings with daily
numbers, ordering to the kitchen queue, kitchen ticket states.

Transition tables: SITTING_TRANSITIONS, TICKET_TRANSITIONS (bills: billing.BILL_TRANSITIONS).
"""

import secrets

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from tenant_apps.catalog import selectors as catalog
from tenant_apps.catalog.models import Product, ProductKind
from tenant_apps.dining import errors
from tenant_apps.orders.models import Order

from . import billing
from .models import (
    Bill,
    DailyCounter,
    DiningEvent,
    DiningOrder,
    DiningOrderLine,
    KitchenTicket,
    OrderSource,
    Sitting,
    SittingStatus,
    Table,
    TicketStatus,
)

SS, TS = SittingStatus, TicketStatus
SITTING_TRANSITIONS = {SS.OPEN: {SS.CLOSED}, SS.CLOSED: set()}
TICKET_TRANSITIONS = {
    TS.QUEUED: {TS.COOKING, TS.CANCELLED},
    TS.COOKING: {TS.SERVED, TS.CANCELLED},
    TS.SERVED: set(),
    TS.CANCELLED: set(),
}
MAX_LINES = 50
MAX_QUANTITY = 99


SITTING_MACHINE = Machine(SITTING_TRANSITIONS, DiningEvent, subject="sitting", what="sitting")
TICKET_MACHINE = Machine(TICKET_TRANSITIONS, DiningEvent, subject="ticket", what="ticket")


# ---- tables and QR (EC-FNB-03, EC-FNB-06) --------------------------------------------------------

def _new_token() -> str:
    return secrets.token_urlsafe(18)


def create_table(*, name: str, area: str = "", seats: int = 4, is_private_room: bool = False,
                 min_spend_fen: int = 0) -> Table:
    name = (name or "").strip()
    if not name:
        raise DomainError(errors.TABLE_NAME_REQUIRED)
    if Table.objects.filter(name=name).exists():
        raise DomainError(errors.TABLE_EXISTS, name=name)
    if seats < 1 or min_spend_fen < 0:
        raise DomainError(errors.TABLE_INVALID)
    return Table.objects.create(name=name, area=area[:32], seats=seats, is_private_room=is_private_room,
                                min_spend_fen=min_spend_fen, token=_new_token())


@transaction.atomic
def update_table(*, table_id: int, **fields) -> Table:
    table = _table(table_id, lock=True)
    for key in ("area", "seats", "is_private_room", "min_spend_fen", "is_active"):
        if key in fields:
            setattr(table, key, fields[key])
    table.save()
    return table


@transaction.atomic
def rotate_token(*, table_id: int) -> Table:
    """A new QR token: the printed code of the old one stops working at once."""
    table = _table(table_id, lock=True)
    table.token = _new_token()
    table.token_rotated_at = timezone.now()
    table.save(update_fields=["token", "token_rotated_at"])
    return table


def _table(table_id: int, *, lock: bool = False) -> Table:
    qs = Table.objects.select_for_update() if lock else Table.objects.all()
    table = qs.filter(pk=table_id).first()
    if table is None:
        raise DomainError(errors.TABLE_NOT_FOUND_BY_ID)
    return table


def table_url(table: Table, schema: str | None = None) -> str:
    """What the table's QR code encodes: the tourist page on the platform host."""
    return f"http://{settings.PLATFORM_HOST}/dine/{schema or connection.schema_name}/{table.token}"


def table_for_token(token: str) -> Table:
    """The active table behind a QR token (current schema), else DomainError table_not_found (404)."""
    table = Table.objects.filter(token=token or "", is_active=True).first() if token else None
    if table is None:
        raise DomainError(errors.TABLE_NOT_FOUND_UNKNOWN_ROTATED_CODE)
    return table


# ---- sittings (EC-FNB-07) ------------------------------------------------------------------------

def _next_number(day, prefix: str) -> str:
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {DailyCounter._meta.db_table} (day, prefix, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (day, prefix) DO UPDATE SET last = {DailyCounter._meta.db_table}.last + 1 RETURNING last",
            [day, prefix])
        (last,) = cur.fetchone()
    return f"{prefix}{last:03d}"


@transaction.atomic
def open_sitting(*, table_id: int, actor: str, guests: int = 1) -> Sitting:
    """Seat a party: a new daily number (A… hall, B… private room) and an empty bill.
    The table's open sitting is returned when there already is one."""
    table = _table(table_id, lock=True)
    if not table.is_active:
        raise DomainError(errors.TABLE_INACTIVE)
    current = Sitting.objects.filter(table=table, status=SS.OPEN).first()
    if current is not None:
        return current
    day = timezone.localdate()
    sitting = Sitting.objects.create(table=table, business_day=day, guests=max(1, min(guests, 99)),
                                     number=_next_number(day, "B" if table.is_private_room else "A"),
                                     opened_by=actor[:150])
    Bill.objects.create(sitting=sitting)
    SITTING_MACHINE.record(sitting, "", SS.OPEN, actor=actor, reason=f"开台 {table.name}")
    return sitting


def current_sitting(table: Table) -> Sitting | None:
    return Sitting.objects.filter(table=table, status=SS.OPEN).select_related("bill").first()


def _locked_sitting(sitting_id: int) -> Sitting:
    sitting = Sitting.objects.select_for_update().select_related("table").filter(pk=sitting_id).first()
    if sitting is None:
        raise DomainError(errors.SITTING_NOT_FOUND)
    return sitting


@transaction.atomic
def close_sitting(*, sitting_id: int, actor: str) -> Sitting:
    """Clear the table: the bill must be fully paid (or empty)."""
    sitting = _locked_sitting(sitting_id)
    bill = Bill.objects.select_for_update().get(sitting=sitting)
    if bill.balance_fen:
        raise DomainError(errors.BILL_UNSETTLED, details={"balance_fen": bill.balance_fen},
                          balance_yuan=bill.balance_fen / 100)
    if bill.status == "open":
        billing.mark_settled(bill, actor=actor, reason="结束就餐")
    sitting.closed_at = timezone.now()
    SITTING_MACHINE.move(sitting, SS.CLOSED, actor=actor, reason="清台", fields=["closed_at"])
    return sitting


# ---- ordering to the kitchen (EC-FNB-05) -------------------------------------------------------

def dishes_for(lines: list[dict]) -> dict[int, Product]:
    if not lines or len(lines) > MAX_LINES:
        raise DomainError(errors.LINES_INVALID, max_lines=MAX_LINES)
    ids = set()
    for line in lines:
        qty = line.get("quantity")
        if not isinstance(qty, int) or not 1 <= qty <= MAX_QUANTITY:
            raise DomainError(errors.QUANTITY_INVALID_OUT_RANGE, max_quantity=MAX_QUANTITY)
        ids.add(line.get("product_id"))
    dishes = {p.pk: p for p in Product.objects.filter(pk__in=ids, kind=ProductKind.DISH, on_shelf=True)}
    missing = ids - set(dishes)
    if missing:
        raise DomainError(errors.PRODUCT_UNAVAILABLE_DISH_OFF_SHELF,
                          details={"product_ids": sorted(i for i in missing if isinstance(i, int))})
    return dishes


def label_for(sitting: Sitting | None, order: Order | None = None) -> str:
    if sitting is not None:
        return f"{sitting.number} · {sitting.table.name}"[:40]
    return f"线上 {order.order_no}"[:40] if order else "线上"


@transaction.atomic
def place_tab_order(*, sitting_id: int, lines: list[dict], actor: str, note: str = "") -> DiningOrder:
    """Dishes on the sitting's bill (pay after the meal); each line goes to the kitchen queue."""
    dishes = dishes_for(lines)
    sitting = _locked_sitting(sitting_id)
    if sitting.status != SS.OPEN:
        raise DomainError(errors.SITTING_CLOSED)
    order = DiningOrder.objects.create(sitting=sitting, source=OrderSource.TAB, note=note[:200],
                                       created_by=actor[:150])
    total = 0
    for line in lines:
        dish = dishes[line["product_id"]]
        price = catalog.price_for(dish)
        row = DiningOrderLine.objects.create(dining_order=order, product=dish, dish_name=dish.name,
                                             quantity=line["quantity"], unit_price_fen=price,
                                             amount_fen=price * line["quantity"],
                                             note=str(line.get("note") or "")[:100])
        KitchenTicket.objects.create(sitting=sitting, label=label_for(sitting), product=dish, dish_name=dish.name,
                                     quantity=row.quantity, note=row.note, amount_fen=row.amount_fen,
                                     dining_line=row)
        total += row.amount_fen
    DiningOrder.objects.filter(pk=order.pk).update(total_fen=total)
    billing.add_to_bill(sitting=sitting, amount_fen=total, actor=actor)
    order.refresh_from_db()
    return order


@transaction.atomic
def link_online_order(*, sitting_id: int, order_id: int, actor: str) -> DiningOrder:
    """An order paid through the platform checkout, eaten at this sitting (pay per order)."""
    sitting = _locked_sitting(sitting_id)
    if sitting.status != SS.OPEN:
        raise DomainError(errors.SITTING_CLOSED)
    order = Order.objects.filter(pk=order_id).first()
    if order is None or not order.lines.filter(kind=ProductKind.DISH).exists():
        raise DomainError(errors.ORDER_NOT_FOUND_NO_DISH)
    dining, _ = DiningOrder.objects.get_or_create(order=order, defaults={
        "sitting": sitting, "source": OrderSource.ONLINE, "total_fen": order.total_fen, "created_by": actor[:150]})
    return dining


def tickets_for_paid_order(order: Order) -> list[KitchenTicket]:
    """order_paid receiver: one kitchen ticket per dish line. Idempotent (one ticket per line)."""
    link = DiningOrder.objects.filter(order=order).select_related("sitting__table").first()
    sitting = link.sitting if link else None
    made = []
    for line in order.lines.filter(kind=ProductKind.DISH).exclude(kitchen_ticket__isnull=False):
        made.append(KitchenTicket.objects.create(
            sitting=sitting, label=label_for(sitting, order), product_id=line.product_id,
            dish_name=line.product_name, quantity=line.quantity, note=order.note[:100], order_line=line))
    return made


def cancel_tickets_for_refund(order: Order) -> int:
    """order_refunded receiver: queued tickets of fully refunded dish lines are cancelled."""
    done = 0
    for ticket in KitchenTicket.objects.select_for_update().filter(
            order_line__order=order, status=TS.QUEUED, order_line__refunded_qty__gte=F("order_line__quantity")):
        TICKET_MACHINE.move(ticket, TS.CANCELLED, actor="system", reason="订单退款")
        done += 1
    return done


# ---- kitchen queue -------------------------------------------------------------------------------

@transaction.atomic
def advance_ticket(*, ticket_id: int, to: str, actor: str) -> KitchenTicket:
    """queued -> cooking -> served; cancelling a tab ticket takes it off the bill."""
    ticket = KitchenTicket.objects.select_for_update().filter(pk=ticket_id).first()
    if ticket is None:
        raise DomainError(errors.TICKET_NOT_FOUND_KITCHEN)
    now = timezone.now()
    if to == TS.COOKING:
        ticket.started_at = now
    if to == TS.SERVED:
        ticket.served_at = now
    TICKET_MACHINE.move(ticket, to, actor=actor, fields=["started_at", "served_at"])
    if to == TS.CANCELLED and ticket.amount_fen and ticket.sitting_id:
        billing.add_to_bill(sitting=ticket.sitting, amount_fen=-ticket.amount_fen, actor=actor,
                            reason=f"退菜 {ticket.dish_name}")
    return ticket


def kitchen_queue(*, limit: int = 200) -> list[KitchenTicket]:
    return list(KitchenTicket.objects.filter(status__in=(TS.QUEUED, TS.COOKING)).order_by("id")[:limit])
