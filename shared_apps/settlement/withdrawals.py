"""Withdrawals, the one mechanism behind merchant withdrawals (settlement) and distributor
commission withdrawals (distribution): one status set, one transition table, one abstract model
and one `Payouts` service per kind of owner for request, approve (paid) and reject.

  request   Dr available      Cr withdrawing   (the amount is frozen)
  paid      Dr withdrawing    Cr platform_bank (paid out from the platform's bank)
  rejected  Dr withdrawing    Cr available     (unfrozen)

Each kind names its ledger accounts, ledger kinds and memos, so the postings stay exactly as
they were, and writes its own event rows. The status set, the transition table and the abstract
model are in settlement.models (model modules import no services)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from shared_apps.core import ratelimit
from shared_apps.core.failures import DomainError, Failure
from shared_apps.core.transitions import Machine
from shared_apps.ledger import services as ledger
from shared_apps.settlement import errors

from .models import WithdrawalBase, WithdrawalStatus

W = WithdrawalStatus


def check_amount(amount_fen: int) -> None:
    """A withdrawal is of a positive amount."""
    if amount_fen <= 0:
        raise DomainError(errors.AMOUNT_INVALID_POSITIVE)


@dataclass(frozen=True)
class Payouts:
    """The withdrawals of one kind of owner. `available(w)` and `withdrawing(w)` name the
    withdrawal's ledger accounts; `kind` prefixes the ledger kinds (`<kind>_request`,
    `<kind>_paid`, `<kind>_rejected`); `machine` (a core.transitions.Machine on the one
    withdrawal table) writes the kind's event rows; `reviewer_value(user)` is what the model
    keeps in `reviewed_by`."""

    machine: Machine
    model: type[WithdrawalBase]
    available: Callable[[WithdrawalBase], str]
    withdrawing: Callable[[WithdrawalBase], str]
    kind: str
    request_memo: str
    paid_memo: str
    rejected_memo: str
    txn_prefix: str
    low_balance: Failure  # insufficient_balance, naming the balance of this kind of withdrawal
    reviewer_value: Callable[[object], object]

    def request(self, *, withdrawal: WithdrawalBase, actor: str) -> WithdrawalBase:
        """Freeze `withdrawal.amount_fen` of the available balance and save the (unsaved)
        withdrawal; one request or decision at a time per owner (the available account is locked)."""
        available = self.available(withdrawal)
        ratelimit.hit_money("withdrawal", available)  # per owner; fails closed without Redis
        with transaction.atomic():
            ledger.lock(available)
            if ledger.owed(available) < withdrawal.amount_fen:
                raise DomainError(self.low_balance)
            withdrawal.save()
            ledger.post(kind=f"{self.kind}_request", ref=f"withdrawal:{withdrawal.pk}", memo=self.request_memo,
                        lines=[(available, withdrawal.amount_fen),
                               (self.withdrawing(withdrawal), -withdrawal.amount_fen)])
            self.machine.record(withdrawal, "", W.REQUESTED, actor=actor)
        return withdrawal

    def review(self, *, withdrawal_id: int, approve: bool, reviewer, note: str = "",
               bank_txn_no: str = "") -> WithdrawalBase:
        """Operator decision: approve = paid out from the platform bank (a bank transaction number
        is made up when none is given); reject = unfrozen, a reason is required."""
        with transaction.atomic():
            w = self.model.objects.select_for_update().filter(pk=withdrawal_id).first()
            if w is None:
                raise DomainError(errors.NOT_FOUND_WITHDRAWAL)
            to = W.PAID if approve else W.REJECTED
            self.machine.guard(w, to)  # before any money moves
            if not approve and not note.strip():
                raise DomainError(errors.NOTE_REQUIRED_REJECT)
            w.reviewed_by, w.reviewed_at, w.note = self.reviewer_value(reviewer), timezone.now(), note
            w.bank_txn_no = bank_txn_no or (f"{self.txn_prefix}{w.pk:08d}" if approve else "")
            self.machine.move(w, to, actor=reviewer.username, reason=note,
                              fields=["reviewed_by", "reviewed_at", "note", "bank_txn_no"])
            back = "platform_bank" if approve else self.available(w)
            ledger.post(kind=f"{self.kind}_{to}", ref=f"withdrawal:{w.pk}",
                        memo=self.paid_memo if approve else self.rejected_memo,
                        lines=[(self.withdrawing(w), w.amount_fen), (back, -w.amount_fen)])
        return w
