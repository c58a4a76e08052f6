"""What payments asks and announces. Sent INSIDE the payment's transaction, so a receiver's
writes commit or roll back with the payment. Payments imports none of the apps above it:
checkout and settlement connect their receivers in AppConfig.ready() (docs/layers.md)."""

from django.dispatch import Signal

# Questions: exactly one receiver answers (see ask).
checkout_payable = Signal()  # kwargs: user, checkout_id -> amount in fen; locks the checkout (checkout)
split_requested = Signal()  # kwargs: intent -> credit lines of the payment's ledger entry (settlement)
refund_split_requested = Signal()  # kwargs: intent, merchant, amount_fen -> (account, share, commission) (settlement)

# Announcements.
intent_succeeded = Signal()  # kwargs: intent, once it is SUCCEEDED and its ledger entry posted (checkout)


def ask(signal: Signal, **kwargs):
    """The answer of the one receiver of a question signal."""
    answers = [answer for _, answer in signal.send(sender=None, **kwargs)]
    if len(answers) != 1:
        raise RuntimeError(f"a payments question needs exactly one receiver, it has {len(answers)}")
    return answers[0]
