from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import services
from .reconcile import reconcile


@shared_task
def release_due_settlements() -> int:
    return services.release_due()


@shared_task
def reconcile_yesterday() -> int:
    day = timezone.localdate() - timedelta(days=1)
    return sum(reconcile(gateway=g, day=day).mismatches for g in ("wechat", "alipay"))
