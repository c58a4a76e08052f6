"""What settlement announces. Apps above it (fulfilment) listen; settlement imports none of them."""

from django.dispatch import Signal

shares_released = Signal()  # kwargs: released (count); after release_due moved due shares to available
