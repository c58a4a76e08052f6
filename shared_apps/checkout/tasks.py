from celery import shared_task

from . import services


@shared_task
def cancel_expired_checkouts() -> int:
    return services.cancel_expired_checkouts()
