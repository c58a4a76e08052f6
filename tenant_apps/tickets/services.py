"""E-ticket use cases inside one merchant schema: issue on payment, refund, expire, QR keys.

The ticket state machine is TRANSITIONS (moved by MACHINE); every move (and every redemption or
refund, even without a status change: a self-loop) writes a TicketEvent. Redemption lives in redemption.py.
"""

import secrets
from datetime import date, timedelta

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from shared_apps.core.transitions import Machine
from shared_apps.ledger.money import split_largest_remainder
from tenant_apps.catalog import selectors as catalog
from tenants.models import Merchant

from . import joint as joints
from . import keywrap, qr
from .models import EventKind, MerchantKey, Ticket, TicketEvent, TicketStatus

T = TicketStatus
TRANSITIONS = {
    T.VALID: {T.PARTIALLY_USED, T.USED, T.REFUNDED, T.EXPIRED},
    T.PARTIALLY_USED: {T.USED, T.EXPIRED},
    T.EXPIRED: {T.REFUNDED, T.USED},  # the unused rest of an expired ticket refunded
    T.USED: set(),
    T.REFUNDED: set(),
}
# A move to the current status is a redemption or refund of some persons: saved, with its event.
MACHINE = Machine(TRANSITIONS, TicketEvent, subject_field="ticket", what="Ticket", label="电子票", self_loops=True,
                  save_all=True)
OPEN = (T.VALID, T.PARTIALLY_USED)
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
CODE_LENGTH = 16
UNDATED_VALID_DAYS = 30  # a ticket sold without a visit date is valid this long from payment


def current_merchant():
    """The Merchant whose schema the connection is in (in_tenant may have set a stand-in)."""
    tenant = getattr(connection, "tenant", None)
    if tenant is not None and getattr(tenant, "pk", None) and tenant.schema_name == connection.schema_name:
        return tenant
    return Merchant.objects.get(schema_name=connection.schema_name)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def status_after_change(ticket: Ticket, *, venues_used: int = 0) -> str:
    """Where the persons counts put the ticket (expired stays expired while persons remain)."""
    if ticket.is_joint:
        done = ticket.usable_persons == 0 or venues_used >= len(ticket.joint_venues or {})
    else:
        done = ticket.remaining_persons == 0
    if done:
        return T.USED if ticket.used_persons else T.REFUNDED
    if ticket.status == T.EXPIRED:
        return T.EXPIRED
    return T.PARTIALLY_USED if ticket.used_persons else T.VALID


# ---- issuing ----------------------------------------------------------------------------------


def _validity(line, product, component, paid_day: date) -> tuple[date, date]:
    """(first day, last day): the visit date for valid_days days (a package's own valid_days
    wins over its component's); undated tickets run from the payment day."""
    valid_days = int((product.attributes or {}).get("valid_days") or (component.attributes or {}).get(
        "valid_days") or 0)
    first = line.day or paid_day
    span = max(valid_days, 1) if line.day else (valid_days or UNDATED_VALID_DAYS)
    return first, first + timedelta(days=span - 1)


def _component_amounts(line, components) -> dict[int, int]:
    """A package line's amount split over its components by their base price × quantity."""
    if len(components) == 1:
        return {components[0][0].pk: line.amount_fen}
    weights = [component.base_price_fen * qty for component, qty in components]
    parts = split_largest_remainder(line.amount_fen, weights)
    return {component.pk: part for (component, _), part in zip(components, parts, strict=True)}


@transaction.atomic
def issue_for_order(*, order, actor: str = "payment") -> list[Ticket]:
    """Issue the tickets of a paid order (idempotent: one per line and ticket component)."""
    merchant = None
    paid_day = timezone.localdate(order.paid_at or timezone.now())
    holders = [t.get("name", "") for t in (order.travellers or []) if isinstance(t, dict) and t.get("name")]
    tickets = []
    for line in order.lines.select_related("product").order_by("id"):
        components = catalog.components_of(line.product)
        if not any(c.kind == "ticket" for c, _ in components):
            continue
        amounts = _component_amounts(line, components)
        for component, per_unit in components:
            if component.kind != "ticket":
                continue
            existing = Ticket.objects.filter(line=line, product_id=component.pk).first()
            if existing is not None:
                tickets.append(existing)
                continue
            merchant = merchant or current_merchant()
            joint = joints.registry().joint_for(issuer=merchant, product_id=component.pk)
            first, last = _validity(line, line.product, component, paid_day)
            ticket = Ticket(code=new_code(), order=order, line=line, order_no=order.order_no, user_id=order.user_id,
                            product_id=component.pk, product_name=component.name, day=first, valid_until=last,
                            session=line.session, per_unit=per_unit, persons=line.quantity * per_unit,
                            amount_fen=amounts[component.pk], holders=holders,
                            joint_id=joint[0] if joint else None, joint_venues=joint[1] if joint else {})
            ticket.save()
            MACHINE.record(ticket, "", T.VALID, kind=EventKind.ISSUE, persons=ticket.persons, actor=actor,
                           reason="出票", ref="issue")
            tickets.append(ticket)
    return tickets


# ---- refunds and expiry -----------------------------------------------------------------------


@transaction.atomic
def apply_refund(*, order, refund, actor: str = "") -> list[Ticket]:
    """An approved refund: its persons can no longer be used. Persons already used cannot be
    taken back (the refund still goes through; only unused persons become unusable)."""
    changed = []
    quantities = {int(item["line_id"]): int(item["quantity"]) for item in refund.lines or []}
    for ticket in Ticket.objects.select_for_update().filter(order=order, line_id__in=quantities).order_by("id"):
        ref = f"refund:{refund.pk}"
        if TicketEvent.objects.filter(ticket=ticket, ref=ref).exists():
            continue  # this approval was already applied
        persons = min(quantities[ticket.line_id] * ticket.per_unit, ticket.persons - ticket.used_persons
                      - ticket.refunded_persons)
        ticket.refunded_persons += persons
        venues_used = _joint_venues_used(ticket)
        MACHINE.move(ticket, status_after_change(ticket, venues_used=venues_used), kind=EventKind.REFUND,
                     actor=actor or refund.decided_by, reason=f"退款 {persons} 人", persons=persons, ref=ref)
        changed.append(ticket)
    return changed


def _joint_venues_used(ticket: Ticket) -> int:
    if not ticket.is_joint:
        return 0
    return joints.registry().venues_used(joint_id=ticket.joint_id, ticket_code=ticket.code)


def expire_due(*, today: date | None = None) -> int:
    """Open tickets past their last valid day become expired (beat, idempotent)."""
    today = today or timezone.localdate()
    done = 0
    for pk in Ticket.objects.filter(status__in=OPEN, valid_until__lt=today).values_list("id", flat=True):
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update().get(pk=pk)
            if ticket.status in OPEN and ticket.valid_until < today:
                MACHINE.move(ticket, T.EXPIRED, kind=EventKind.EXPIRE, actor="system", reason="超过有效期",
                             persons=ticket.remaining_persons)
                done += 1
    return done


# ---- QR signing keys --------------------------------------------------------------------------


def active_key() -> MerchantKey:
    """The signing key, created on first use."""
    key = MerchantKey.objects.filter(active=True).first()
    if key is not None:
        return key
    try:
        with transaction.atomic():
            return _new_key()
    except IntegrityError:  # created concurrently
        return MerchantKey.objects.get(active=True)


def _new_key() -> MerchantKey:
    private, public = qr.new_keypair()
    kid = secrets.token_hex(4)
    wrapped = keywrap.wrap(private, schema=connection.schema_name, kid=kid)
    return MerchantKey.objects.create(kid=kid, private_key=wrapped, public_key=public)


@transaction.atomic
def rotate_key() -> MerchantKey:
    """A new signing key; the old one stays published (QR codes already shown still verify)."""
    active_key()
    MerchantKey.objects.select_for_update().filter(active=True).update(active=False, retired_at=timezone.now())
    return _new_key()


def public_keys() -> list[dict]:
    """Every key of this merchant, public half only (what scanners need offline)."""
    if not MerchantKey.objects.exists():
        active_key()
    return [{"kid": k.kid, "alg": "Ed25519", "public_key": qr.b64e(bytes(k.public_key)), "active": k.active,
             "created_at": k.created_at, "retired_at": k.retired_at}
            for k in MerchantKey.objects.order_by("-id")]


def qr_for(ticket: Ticket) -> str:
    """The signed QR string for a ticket (deterministic for one key)."""
    key = active_key()
    claims = {"m": connection.schema_name, "t": ticket.code, "d": ticket.day.isoformat(),
              "p": ticket.usable_persons}
    if ticket.valid_until != ticket.day:
        claims["u"] = ticket.valid_until.isoformat()
    if ticket.is_joint:
        claims["j"] = ticket.joint_id
    private = keywrap.unwrap(key.private_key, schema=connection.schema_name, kid=key.kid)
    return qr.sign(claims, kid=key.kid, private_key=private)
