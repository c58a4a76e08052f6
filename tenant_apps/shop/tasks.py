"""Beat tasks (every merchant schema in turn: any merchant may sell goods). Idempotent."""

from celery import shared_task

from tenants.utils import for_each_tenant

from . import shipping


@shared_task
def poll_shipments() -> int:
    """Every 10 minutes: fetch carrier tracking for parcels in transit."""
    return sum(shipping.poll_all() for _ in for_each_tenant())


@shared_task
def auto_confirm_receipts() -> int:
    """Hourly: deliveries older than shipping.AUTO_RECEIVE_DAYS are confirmed as received."""
    return sum(shipping.auto_receive() for _ in for_each_tenant())
