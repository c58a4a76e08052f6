"""Signals of accounts, for the apps above it (accounts is ground: it never calls them)."""

from django.dispatch import Signal

# A login lock started on an account: sender=User, user, seconds, ip. fulfilment alerts the user.
login_locked = Signal()
