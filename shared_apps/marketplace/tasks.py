from celery import shared_task

from . import services


@shared_task
def refresh_listings_task() -> int:
    """Daily (after midnight): listing prices are today's prices. Idempotent."""
    return services.refresh_all_listings()
