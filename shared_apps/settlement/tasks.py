from celery import shared_task

from . import services


@shared_task
def release_due_settlements() -> int:
    return services.release_due()


@shared_task
def reconcile_yesterday() -> int:
    from datetime import timedelta

    from django.utils import timezone

    from .reconcile import reconcile

    day = timezone.localdate() - timedelta(days=1)
    return sum(reconcile(gateway=g, day=day).mismatches for g in ("wechat", "alipay"))
