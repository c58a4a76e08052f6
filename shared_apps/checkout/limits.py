"""Anti-hoarding at checkout (docs/security.md, "Stock hoarding"): lines per checkout and open
unpaid checkouts per tourist. Units per product and day are counted in each merchant schema by
tenant_apps.orders.limits, under the same row lock on the tourist taken here first, so two
parallel checkouts of one tourist run one after the other and cannot both pass a cap."""

from django.conf import settings
from django.utils import timezone

from shared_apps.checkout import errors
from shared_apps.core import ratelimit
from shared_apps.core.failures import DomainError
from tenant_apps.orders.limits import lock_tourist

from .models import Checkout, CheckoutStatus


def check_tourist(*, user, line_count: int) -> None:
    """Refuse too_many_lines / rate_limited / too_many_open_checkouts; leaves the tourist
    row-locked (caller's transaction)."""
    if line_count > settings.CHECKOUT_MAX_LINES:
        raise DomainError(errors.TOO_MANY_LINES, details={"lines": line_count, "limit": settings.CHECKOUT_MAX_LINES},
                          max_lines=settings.CHECKOUT_MAX_LINES)
    ratelimit.hit_money("checkout", f"user:{user.pk}")  # fails closed without Redis
    lock_tourist(user)
    open_count = Checkout.objects.filter(user=user, status=CheckoutStatus.PENDING_PAYMENT,
                                         expires_at__gt=timezone.now()).count()
    if open_count >= settings.TOURIST_MAX_OPEN_CHECKOUTS:
        raise DomainError(errors.TOO_MANY_OPEN_CHECKOUTS,
                          details={"open": open_count, "limit": settings.TOURIST_MAX_OPEN_CHECKOUTS},
                          open_count=open_count, max_open=settings.TOURIST_MAX_OPEN_CHECKOUTS)
