"""Small request-parameter helpers shared by the merchant APIs and console pages."""

from datetime import date, timedelta

from django.utils import timezone

from . import failures
from .failures import DomainError, Failure
from .parsers import BIGINT_MAX, BIGINT_MIN


def parse_day(value, name: str = "day", default: date | None = None) -> date | None:
    if value in (None, ""):
        return default
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(failures.DATE_INVALID, name=name) from None


def today() -> date:
    return timezone.localdate()


def int_param(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(failures.INVALID_INTEGER, name=name) from None
    if not BIGINT_MIN <= number <= BIGINT_MAX:  # past every integer column: the query would fail
        raise DomainError(failures.NUMBER_OUT_OF_RANGE_PARAM, name=name)
    return number


def actor(request) -> str:
    return request.user.username


def date_range(request, days: int = 30) -> tuple:
    """?start=&end= (YYYY-MM-DD, default the last `days` days to today) as an aware half-open range
    [start 00:00, end + 1 day 00:00)."""
    try:
        start = date.fromisoformat(request.query_params.get("start") or str(timezone.localdate() - timedelta(days)))
        end = date.fromisoformat(request.query_params.get("end") or str(timezone.localdate()))
    except ValueError as exc:
        raise DomainError(failures.DATE_INVALID_RANGE) from exc
    aware = [timezone.make_aware(timezone.datetime.combine(d, timezone.datetime.min.time())) for d in (start, end)]
    return aware[0], aware[1] + timedelta(days=1)


def validated(serializer_class, request, *, partial: bool = False) -> dict:
    """The request body checked by `serializer_class` (its ValidationError on bad input), as
    validated_data: the one place the merchant and tourist APIs read a body."""
    ser = serializer_class(data=request.data, partial=partial)
    ser.is_valid(raise_exception=True)
    return ser.validated_data


def get_or_fail(model, pk: int, missing: Failure):
    """The row of `model` with this pk in the current schema, else DomainError(missing)."""
    obj = model.objects.filter(pk=pk).first()
    if obj is None:
        raise DomainError(missing)
    return obj
