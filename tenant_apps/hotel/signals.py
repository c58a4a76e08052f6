"""What the hotel's lower modules announce to the ones built on them (sent inside the transaction)."""

from django.dispatch import Signal

# folio=: a payment was recorded on this folio (not a replay). payatdesk books the commission of a
# pay-at-hotel booking once its room charge is paid.
folio_paid = Signal()
