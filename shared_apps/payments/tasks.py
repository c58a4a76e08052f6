from celery import shared_task

from . import refunds, services


@shared_task(bind=True, max_retries=5, default_retry_delay=30)
def submit_refund_task(self, refund_id: int) -> str:
    return refunds.submit_refund(refund_id=refund_id).status


@shared_task
def query_pending_payments() -> int:
    return services.query_pending()


@shared_task
def resubmit_stuck_refunds() -> int:
    return refunds.resubmit_stuck()
