"""Scanning a ticket QR at a venue (EC-TKT-07, EC-TKT-08).

The connection is in the VENUE's schema (the merchant host that scans). The QR names the
issuer; for the venue's own tickets issuer == venue. A joint ticket (联票) of another issuer is
verified with the issuer's public keys and its ticket row is updated in the issuer's schema,
all in one database transaction with the venue's Redemption row and the public
JointRedemption + ledger share.

Locks: the ticket's order, then the ticket (the same order as a refund approval, which locks
the order and then its tickets), so a scan and a refund of one order never deadlock.
Duplicates: `scan_id` is unique; it is checked again after the locks, so concurrent copies
of one scan wait for the first and replay its result with `duplicate: true`.
"""

import uuid
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from tenant_apps.orders import services as orders
from tenant_apps.orders.models import Order, OrderStatus
from tenant_apps.tickets import errors
from tenants.models import Merchant, MerchantStatus
from tenants.utils import in_tenant

from . import joint as joints
from . import qr
from . import services as tickets
from .models import EventKind, MerchantKey, Redemption, Ticket, TicketStatus

T = TicketStatus


def _issuer_merchant(schema: str, venue):
    if schema == venue.schema_name:
        return venue
    issuer = Merchant.objects.exclude(schema_name="public").filter(schema_name=schema,
                                                                   status=MerchantStatus.ACTIVE).first()
    if issuer is None:
        raise DomainError(errors.QR_INVALID_NAMES_NO_ACTIVE)
    return issuer


def _keys_of(issuer) -> dict[str, bytes]:
    with in_tenant(issuer):
        return {k.kid: bytes(k.public_key) for k in MerchantKey.objects.all()}


def _ticket_dict(ticket: Ticket, venues_used: int = 0) -> dict:
    data = {"code": ticket.code, "order_no": ticket.order_no, "product_name": ticket.product_name,
            "day": ticket.day.isoformat(), "valid_until": ticket.valid_until.isoformat(), "session": ticket.session,
            "persons": ticket.persons, "used_persons": ticket.used_persons,
            "refunded_persons": ticket.refunded_persons, "remaining_persons": ticket.remaining_persons,
            "status": ticket.status, "status_display": ticket.get_status_display(), "holders": ticket.holders}
    if ticket.is_joint:
        data["joint"] = {"id": ticket.joint_id, "venues": sorted(ticket.joint_venues), "venues_used": venues_used}
    return data


def _replay(found: Redemption, code: str) -> dict:
    if found.ticket_code != code:
        raise DomainError(errors.SCAN_ID_REUSED)
    return {**found.result, "duplicate": True}


def _check_day(ticket: Ticket, today: date) -> None:
    if not ticket.day <= today <= ticket.valid_until:
        when = ticket.day.isoformat() if ticket.day == ticket.valid_until else \
            f"{ticket.day.isoformat()} 至 {ticket.valid_until.isoformat()}"
        raise DomainError(errors.NOT_TODAY,
                          details={"day": ticket.day.isoformat(), "valid_until": ticket.valid_until.isoformat()},
                          when=when)


def _check_status(ticket: Ticket) -> None:
    if ticket.status == T.REFUNDED:
        raise DomainError(errors.TICKET_REFUNDED)
    if ticket.status == T.EXPIRED:
        raise DomainError(errors.TICKET_EXPIRED)
    if ticket.status == T.USED:
        raise DomainError(errors.TICKET_USED)


def _persons(asked: int | None, left: int) -> int:
    if left <= 0:
        raise DomainError(errors.TICKET_USED_NO_PERSONS_LEFT)
    persons = left if asked is None else asked
    if persons < 1:
        raise DomainError(errors.PERSONS_INVALID)
    if persons > left:
        raise DomainError(errors.PERSONS_EXCEED, details={"left": left}, left=left)
    return persons


def redeem(*, payload: str, persons: int | None = None, scan_id=None, device: str = "", actor: str = "") -> dict:
    """Verify and redeem a ticket QR at this merchant; returns the result (stored per scan_id)."""
    scan_id = uuid.UUID(str(scan_id)) if scan_id else uuid.uuid4()
    venue = tickets.current_merchant()
    try:
        claims, _, _ = qr.parse(payload)
    except qr.QrError as exc:
        raise DomainError(errors.QR_INVALID_TICKET) from exc
    if claims["m"] != venue.schema_name and not claims.get("j"):
        raise DomainError(errors.WRONG_VENUE, details={"issuer": claims["m"]})
    issuer = _issuer_merchant(claims["m"], venue)
    try:
        qr.verify_qr(payload, _keys_of(issuer), merchant=issuer.schema_name)
    except qr.QrError as exc:
        raise DomainError(errors.SIGNATURE_INVALID, details={"reason": exc.reason}) from exc
    try:
        with transaction.atomic():
            return _redeem(venue, issuer, claims["t"], persons, scan_id, device, actor)
    except IntegrityError:
        found = Redemption.objects.filter(scan_id=scan_id).first()
        if found is None:
            raise
        return _replay(found, claims["t"])


def _redeem(venue, issuer, code: str, persons: int | None, scan_id, device: str, actor: str) -> dict:
    found = Redemption.objects.filter(scan_id=scan_id).first()
    if found is not None:
        return _replay(found, code)
    with in_tenant(issuer):
        order_id = Ticket.objects.filter(code=code).values_list("order_id", flat=True).first()
        if order_id is None:
            raise DomainError(errors.TICKET_NOT_FOUND_E_TICKET)
        Order.objects.select_for_update().filter(pk=order_id).values_list("id", flat=True).first()
        ticket = Ticket.objects.select_for_update().get(code=code)
    found = Redemption.objects.filter(scan_id=scan_id).first()  # a concurrent copy of this scan won the lock
    if found is not None:
        return _replay(found, code)
    here = venue.schema_name
    if (ticket.is_joint and here not in (ticket.joint_venues or {})) or (not ticket.is_joint and issuer != venue):
        raise DomainError(errors.WRONG_VENUE, details={"issuer": issuer.schema_name})
    _check_status(ticket)
    _check_day(ticket, timezone.localdate())
    with in_tenant(issuer):
        if ticket.is_joint:
            result = _redeem_joint(ticket, issuer, venue, persons, actor)
        else:
            count = _persons(persons, ticket.remaining_persons)
            ticket.used_persons += count
            tickets.MACHINE.move(ticket, tickets.status_after_change(ticket), kind=EventKind.REDEEM, actor=actor,
                                 reason=f"核销 {count} 人", persons=count, venue=here, ref=f"scan:{scan_id}")
            result = {"persons": count, "ticket": _ticket_dict(ticket)}
        if ticket.status == T.USED:
            _maybe_fulfil(ticket.order_id, actor)
    result.update(duplicate=False, scan_id=str(scan_id), venue=here, issuer=issuer.schema_name,
                  joint=ticket.is_joint, at=timezone.now().isoformat(),
                  message=f"核销成功：{ticket.product_name} {result['persons']} 人")
    redemption = Redemption.objects.create(scan_id=scan_id, ticket=ticket if issuer == venue else None,
                                           ticket_code=code, issuer=issuer.schema_name,
                                           product_name=ticket.product_name, persons=result["persons"],
                                           joint=ticket.is_joint, device=device[:100], actor=actor[:150],
                                           result={})
    result["redemption_id"] = redemption.pk
    Redemption.objects.filter(pk=redemption.pk).update(result=result)
    return result


def _redeem_joint(ticket: Ticket, issuer, venue, persons: int | None, actor: str) -> dict:
    """Each venue once per ticket; up to the ticket's unrefunded persons at each."""
    registry = joints.registry()
    if registry.redeemed_at(joint_id=ticket.joint_id, ticket_code=ticket.code, venue=venue):
        raise DomainError(errors.ALREADY_USED_HERE)
    count = _persons(persons, ticket.usable_persons)
    share = registry.record_joint_redemption(joint_id=ticket.joint_id, ticket_code=ticket.code,
                                             order_no=ticket.order_no, issuer=issuer, venue=venue, persons=count,
                                             ticket_persons=ticket.persons, amount_fen=ticket.amount_fen,
                                             weights=ticket.joint_venues)
    used = registry.venues_used(joint_id=ticket.joint_id, ticket_code=ticket.code)
    ticket.used_persons = max(ticket.used_persons, count)
    tickets.MACHINE.move(ticket, tickets.status_after_change(ticket, venues_used=used), kind=EventKind.REDEEM,
                         actor=actor, reason=f"联票在 {venue.name} 核销 {count} 人", persons=count,
                         venue=venue.schema_name, ref=f"joint:{venue.schema_name}")
    return {"persons": count, "share_fen": share, "ticket": _ticket_dict(ticket, used)}


def _maybe_fulfil(order_id: int, actor: str) -> None:
    """All tickets of the order used (or refunded/expired, at least one used): the order is used."""
    order = Order.objects.filter(pk=order_id).only("status").first()
    if order is None or order.status not in (OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED):
        return
    statuses = set(Ticket.objects.filter(order_id=order_id).values_list("status", flat=True))
    if T.USED in statuses and not statuses & {T.VALID, T.PARTIALLY_USED}:
        orders.fulfil(order_id=order_id, actor=f"scanner:{actor}"[:150], how="used")


def redemptions(*, ticket_code: str | None = None):
    qs = Redemption.objects.all()
    if ticket_code:
        qs = qs.filter(ticket_code=ticket_code)
    return qs
