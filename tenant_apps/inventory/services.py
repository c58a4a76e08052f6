"""Inventory writes. Reserving is ONE conditional UPDATE per slot (no read-modify-write);
several slots are always touched in ascending id order, so concurrent checkouts never deadlock."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from tenant_apps.inventory import errors

from .models import CapacitySlot, Hold, HoldStatus

SLOT_TABLE = CapacitySlot._meta.db_table


@dataclass(frozen=True)
class Need:
    """`quantity` units of `slot_id` (resolved by slot_for)."""

    slot_id: int
    quantity: int


def slot_for(*, product, day: date | None, session: str = "") -> CapacitySlot:
    slot = CapacitySlot.objects.filter(product=product, day=day, session=session or "").first()
    if slot is None:
        when = f"{day} {session}".strip() if day else "库存"
        raise DomainError(errors.NOT_ON_SALE,
                          details={"product_id": product.pk, "day": str(day) if day else None, "session": session},
                          product_name=product.name, when=when)
    return slot


def lock_slots(*, slot_ids) -> None:
    """Row-lock slots in ascending id order, as reserve() does. A caller that reserves one
    merchant's slots in several steps (route legs) locks them all first, so it can never wait in
    another order than a checkout touching the same slots (caller's transaction)."""
    list(CapacitySlot.objects.select_for_update().filter(pk__in=set(slot_ids)).order_by("pk").values_list("pk",
                                                                                                    flat=True))


def reserve(*, needs: list[Need], ref: str, expires_at: datetime) -> list[Hold]:
    """Hold every need or none (caller's transaction). Raises DomainError sold_out."""
    merged: dict[int, int] = {}
    for need in needs:
        merged[need.slot_id] = merged.get(need.slot_id, 0) + need.quantity
    holds = []
    with transaction.atomic(), connection.cursor() as cur:
        for slot_id in sorted(merged):
            qty = merged[slot_id]
            cur.execute(
                f"UPDATE {SLOT_TABLE} SET held = held + %s, updated_at = %s "
                f"WHERE id = %s AND capacity - sold - held >= %s",
                [qty, timezone.now(), slot_id, qty],
            )
            if cur.rowcount != 1:
                slot = CapacitySlot.objects.select_related("product").get(pk=slot_id)
                raise DomainError(errors.SOLD_OUT,
                                  details={"product_id": slot.product_id, "day": str(slot.day) if slot.day else None,
                                        "session": slot.session, "requested": qty, "left": slot.left},
                                  product_name=slot.product.name, day=slot.day or '', session=slot.session)
            holds.append(Hold(slot_id=slot_id, quantity=qty, ref=ref, expires_at=expires_at))
        return Hold.objects.bulk_create(holds)


def _settle(*, ref: str, to_status: str, sql: str) -> int:
    """Move every active hold of `ref` to `to_status`, applying `sql` to its slot. Idempotent."""
    moved = 0
    with transaction.atomic(), connection.cursor() as cur:
        # Claim the holds first (row locks), then touch slots in id order.
        cur.execute(
            f"UPDATE {Hold._meta.db_table} SET status = %s WHERE ref = %s AND status = %s "
            f"RETURNING slot_id, quantity",
            [to_status, ref, HoldStatus.ACTIVE],
        )
        for slot_id, qty in sorted(cur.fetchall()):
            cur.execute(sql, {"q": qty, "id": slot_id, "at": timezone.now()})
            moved += qty
    return moved


def convert(*, ref: str) -> int:
    """Payment arrived: held -> sold."""
    return _settle(ref=ref, to_status=HoldStatus.CONVERTED,
                   sql=f"UPDATE {SLOT_TABLE} SET held = held - %(q)s, sold = sold + %(q)s, updated_at = %(at)s "
                       "WHERE id = %(id)s")


def release(*, ref: str) -> int:
    """Order dropped before payment: give the held units back."""
    return _settle(ref=ref, to_status=HoldStatus.RELEASED,
                   sql=f"UPDATE {SLOT_TABLE} SET held = held - %(q)s, updated_at = %(at)s WHERE id = %(id)s")


def return_sold(*, slot_id: int, quantity: int) -> None:
    """A paid, unused unit was refunded: it goes back on sale."""
    with connection.cursor() as cur:
        cur.execute(f"UPDATE {SLOT_TABLE} SET sold = sold - %s, updated_at = %s WHERE id = %s AND sold >= %s",
                    [quantity, timezone.now(), slot_id, quantity])
        if cur.rowcount != 1:
            raise DomainError(errors.INVENTORY_MISMATCH)


def set_capacity(*, product, days: list[date | None], sessions: list[str], capacity: int) -> int:
    """Create or resize slots. Shrinking below sold + held is refused by the database CHECK."""
    if capacity < 0 or capacity > 1_000_000:
        raise DomainError(errors.CAPACITY_INVALID)
    count = 0
    try:
        with transaction.atomic():
            for day in days:
                for session in sessions or [""]:
                    slot, created = CapacitySlot.objects.get_or_create(
                        product=product, day=day, session=session, defaults={"capacity": capacity})
                    if not created:
                        CapacitySlot.objects.filter(pk=slot.pk).update(capacity=capacity, updated_at=timezone.now())
                    count += 1
    except IntegrityError as exc:
        raise DomainError(errors.CAPACITY_BELOW_SOLD) from exc
    return count
