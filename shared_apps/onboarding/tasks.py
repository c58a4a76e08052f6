from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=3, default_retry_delay=10)
def provision_merchant_task(self, application_id: int) -> str:
    merchant = services.provision_merchant(application_id=application_id)
    return merchant.schema_name
