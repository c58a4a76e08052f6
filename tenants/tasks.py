from celery import shared_task

from . import provisioning


@shared_task(ignore_result=True)
def refill_spare_schemas() -> int:
    """Keep SPARE_SCHEMAS merchant schemas cloned ahead of need (tenants/provisioning.py)."""
    return provisioning.refill_spares()
