"""Dates as the code under test sees them: the local date (Asia/Shanghai) plus N days."""

from datetime import date, timedelta

from django.utils import timezone


def day(offset: int = 3) -> date:
    return timezone.localdate() + timedelta(days=offset)


def today() -> date:
    return timezone.localdate()
