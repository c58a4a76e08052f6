"""Signals of the tickets app, sent INSIDE the order's transaction in the merchant's schema."""

from django.dispatch import Signal

# After a paid order's e-tickets were issued (`tickets` may be empty: the order had no ticket).
# kwargs: merchant, order, tickets. shared_apps.fulfilment notifies the tourist.
tickets_issued = Signal()
