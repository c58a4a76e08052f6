"""Joint tickets (联票) as the tickets app needs them: one ticket valid at several merchants'
venues. The joint-product registry, the venues' redemptions and their revenue shares live in the
public schema (shared_apps.fulfilment, a higher layer). Tickets defines the few calls it needs
(JointRegistry) and fulfilment installs its implementation at start-up (FulfilmentConfig.ready),
so the dependency points down: tickets never imports fulfilment.
"""

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured


class JointRegistry(Protocol):
    def joint_for(self, *, issuer, product_id: int) -> tuple[int, dict] | None:
        """(joint ticket id, {venue schema: weight}) for an active joint product, else None."""

    def redeemed_at(self, *, joint_id: int, ticket_code: str, venue) -> bool:
        """Was this joint ticket already redeemed at `venue`?"""

    def venues_used(self, *, joint_id: int, ticket_code: str) -> int:
        """How many venues this joint ticket was redeemed at."""

    def record_joint_redemption(self, *, joint_id: int, ticket_code: str, order_no: str, issuer, venue,
                                persons: int, ticket_persons: int, amount_fen: int, weights: dict) -> int:
        """Record a venue's redemption and move its share (same transaction). Returns the share in fen."""


_installed: list[JointRegistry] = []


def install(registry: JointRegistry) -> None:
    """Called once by the app that keeps the registry (FulfilmentConfig.ready)."""
    _installed[:] = [registry]


def registry() -> JointRegistry:
    if not _installed:
        raise ImproperlyConfigured("No joint-ticket registry installed (shared_apps.fulfilment is missing)")
    return _installed[0]
