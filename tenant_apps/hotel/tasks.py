"""Beat tasks of the hotel app (every merchant schema in turn). Idempotent."""

from celery import shared_task

from tenant_apps.orders.pay_later import cancel_no_shows
from tenants.utils import for_each_tenant


@shared_task
def cancel_pay_at_hotel_no_shows() -> int:
    """Every 10 minutes: confirmed pay-at-hotel orders past their arrival-day cut-off with nobody
    checked in are cancelled as no-shows (未到店); their room-nights go back on sale."""
    return sum(cancel_no_shows() for _ in for_each_tenant())
