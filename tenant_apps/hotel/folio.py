"""Folios: on-site charges and payments of a stay or a walk-in guest (到付 EC-HTL-06) and the
merchant side of offline scan-to-pay (EC-HTL-10).

The room price of a prepaid platform booking is never on the folio; the folio carries what is
paid at the hotel (minibar, laundry, extra nights, a walk-in room, and the room price of a
pay-at-hotel booking: payatdesk.py).
FOLIO_TRANSITIONS: open -> settled when the balance reaches 0, settled -> open on a new charge.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from tenant_apps.hotel import errors

from . import cashier, qrpay, signals
from .models import ChargeKind, Folio, FolioCharge, FolioEvent, FolioPayment, FolioStatus, PayMethod, Stay

FS = FolioStatus
FOLIO_TRANSITIONS = {FS.OPEN: {FS.SETTLED}, FS.SETTLED: {FS.OPEN}}
FOLIO_MACHINE = Machine(FOLIO_TRANSITIONS, FolioEvent, subject_field="folio", what="Folio", label="账单",
                        fields=["settled_at"])
MAX_CHARGE_FEN = 10_000_000  # 100,000 yuan
STAFF_METHODS = (PayMethod.CASH, PayMethod.CARD, PayMethod.SCAN)
STAFF_METHOD_CHOICES = [(m.value, m.label) for m in STAFF_METHODS]


def _locked(folio_id: int) -> Folio:
    folio = Folio.objects.select_for_update().filter(pk=folio_id).first()
    if folio is None:
        raise DomainError(errors.FOLIO_NOT_FOUND)
    return folio


@transaction.atomic
def folio_for_stay(*, stay_id: int) -> Folio:
    stay = Stay.objects.filter(pk=stay_id).first()
    if stay is None:
        raise DomainError(errors.STAY_NOT_FOUND)
    folio, _ = Folio.objects.get_or_create(stay=stay, defaults={"guest_name": stay.guest_name})
    return folio


def open_walk_in(*, guest_name: str) -> Folio:
    """A folio without a platform booking (walk-in guest paying everything at the hotel)."""
    return Folio.objects.create(guest_name=(guest_name or "")[:50])


def open_balance(stay: Stay) -> int:
    folio = Folio.objects.filter(stay=stay).first()
    return folio.balance_fen if folio else 0


@transaction.atomic
def add_charge(*, folio_id: int, kind: str, amount_fen: int, actor: str, description: str = "") -> FolioCharge:
    if kind not in ChargeKind.values:
        raise DomainError(errors.CHARGE_KIND_INVALID)
    if not isinstance(amount_fen, int) or not 0 < amount_fen <= MAX_CHARGE_FEN:
        raise DomainError(errors.AMOUNT_INVALID_OUT_RANGE)
    folio = _locked(folio_id)
    charge = FolioCharge.objects.create(folio=folio, kind=kind, amount_fen=amount_fen,
                                        description=description[:100], created_by=actor[:150])
    Folio.objects.filter(pk=folio.pk).update(charges_fen=F("charges_fen") + amount_fen)
    if folio.status == FS.SETTLED:
        folio.settled_at = None
        FOLIO_MACHINE.move(folio, FS.OPEN, actor=actor, reason="新增消费")
    return charge


@transaction.atomic
def record_payment(*, folio_id: int, method: str, actor: str, amount_fen: int | None = None,
                   reference: str | None = None) -> FolioPayment:
    """A payment taken at the desk (or applied by the platform). Default amount: the balance."""
    cashier.check_method(method, PayMethod.values)
    folio = _locked(folio_id)
    payment, replayed = cashier.take_payment(account=folio, payment_model=FolioPayment, account_field="folio",
                                             method=method, actor=actor,
                                             amount_fen=amount_fen, reference=reference)
    if not replayed and folio.balance_fen == 0:
        folio.settled_at = timezone.now()
        FOLIO_MACHINE.move(folio, FS.SETTLED, actor=actor, reason=f"结清（{payment.get_method_display()}）")
    if not replayed:
        # 到付 booking: payatdesk (which builds on folios) books the platform's commission once paid.
        signals.folio_paid.send(sender=Folio, folio=folio)
    return payment


def settle(*, folio_id: int, method: str, actor: str, reference: str | None = None) -> FolioPayment:
    if method not in STAFF_METHODS:
        raise DomainError(errors.METHOD_INVALID_DESK_METHODS_CASH)
    return record_payment(folio_id=folio_id, method=method, actor=actor, reference=reference)


def payment_qr(*, folio_id: int, amount_fen: int | None = None) -> dict:
    """A signed offline-pay QR for the balance (or part of it) of an open folio."""
    folio = Folio.objects.filter(pk=folio_id).first()
    if folio is None:
        raise DomainError(errors.FOLIO_NOT_FOUND)
    return {"folio_id": folio.pk, **qrpay.payment_qr(subject="folio", subject_id=folio.pk,
                                                     balance_fen=folio.balance_fen, amount_fen=amount_fen)}


def offline_payment_succeeded(*, folio_id: int, amount_fen: int, payment_ref: str, actor: str = "platform"
                              ) -> FolioPayment:
    """THE payment hook for EC-HTL-10: the platform calls this (inside in_tenant(merchant), in
    the transaction that marks its offline payment intent succeeded) once the tourist has paid
    a folio QR. Idempotent on `payment_ref` (the intent / tender reference)."""
    return record_payment(folio_id=folio_id, method=PayMethod.PLATFORM, actor=actor, amount_fen=amount_fen,
                          reference=payment_ref)


def due_fen(*, folio_id: int) -> int:
    """What the folio still owes (0 when missing): checked before a QR payment is opened."""
    folio = Folio.objects.filter(pk=folio_id).first()
    return folio.balance_fen if folio else 0
