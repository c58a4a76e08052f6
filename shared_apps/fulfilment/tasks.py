"""Beat tasks (thin: they call services). All idempotent."""

from celery import shared_task

from . import services


@shared_task
def visit_reminders() -> int:
    """Daily (e.g. 18:00): "明天出行提醒" for tickets valid from tomorrow."""
    return services.visit_reminders()


@shared_task
def expire_tickets() -> int:
    """Daily (e.g. 00:10): open tickets past their last valid day become expired."""
    return services.expire_tickets()


@shared_task
def release_joint_shares() -> int:
    """Hourly, after settlement's release_due_settlements: joint-ticket shares follow the issuer's release."""
    return services.release_joint_shares()
