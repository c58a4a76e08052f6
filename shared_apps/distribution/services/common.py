"""Small shared pieces: settings with defaults, ledger account codes, event rows, profiles, alerts."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.accounts.models import Distributor
from shared_apps.core.failures import DomainError
from shared_apps.distribution import errors

from ..models import DistributorAlert, DistributorProfile

DEFAULTS = {
    "HOLD_MINUTES": 30,  # how long a reserved booking holds inventory before it must be confirmed
    "MAX_HOLD_MINUTES": 120,
    "MAX_UNITS": 999,  # per booking (group purchases); orders split into lines of <= 99
    "GROUP_MIN_UNITS": 10,  # from this many units a traveller list is required (DST-PRC-06)
    "CANCEL_CUTOFF_HOURS": 0,  # confirmed bookings cancel until this many hours before the visit day
    "COMMISSION_REFUND_WINDOW_DAYS": 7,  # referral commission released this long after redemption
    "DEFAULT_COMMISSION_BPS": 200,  # when no level is defined
    "LARGE_REFUND_FEN": 100_000,
    "WEBHOOK_MAX_ATTEMPTS": 8,
    "WEBHOOK_BACKOFF_SECONDS": 30,  # 30s, 60s, 120s, ... between attempts
    "MAX_KEY_RATE_PER_MINUTE": 3000,
    "FINANCE_MAX_FAILURES": 5,
    "FINANCE_LOCK_MINUTES": 30,
    # CRM member level by referred spend (fen, code, name), ascending (DST-MEM-01)
    "MEMBER_LEVELS": [(0, "normal", "普通会员"), (100_000, "silver", "银卡会员"), (500_000, "gold", "金卡会员")],
}


def setting(name: str):
    return getattr(settings, f"DISTRIBUTION_{name}", DEFAULTS[name])


def deposit_code(distributor_id: int) -> str:
    return f"distributor_deposit:{distributor_id}"


def commission_code(distributor_id: int) -> str:
    return f"distributor_commission:{distributor_id}"


def frozen_code(distributor_id: int) -> str:
    return f"distributor_commission_frozen:{distributor_id}"


def withdrawing_code(distributor_id: int) -> str:
    return f"distributor_withdrawing:{distributor_id}"


ACCOUNTS = {"deposit": deposit_code, "commission": commission_code, "frozen": frozen_code,
            "withdrawing": withdrawing_code}


def event_rows(events) -> list[dict]:
    """A status history (a Machine's events) as the API shows it (the reason is shown as `note`)."""
    return [{"from": e.from_status, "to": e.to_status, "actor": e.actor, "note": e.reason, "at": e.at}
            for e in events]


def new_referral_code() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def profile_of(distributor: Distributor) -> DistributorProfile:
    """The distributor's profile (created on first use for distributors made outside the application flow)."""
    found = DistributorProfile.objects.filter(distributor=distributor).first()
    if found:
        return found
    for _ in range(5):
        try:
            with transaction.atomic():
                return DistributorProfile.objects.create(distributor=distributor, referral_code=new_referral_code())
        except IntegrityError:
            found = DistributorProfile.objects.filter(distributor=distributor).first()
            if found:
                return found
    raise DomainError(errors.PROFILE_UNAVAILABLE)


def alert(distributor_id: int, kind: str, message: str, *, level: str = "warning", detail: dict | None = None,
          dedupe_minutes: int = 60) -> DistributorAlert | None:
    """Raise an alert unless an unread one of the same kind was raised in the last `dedupe_minutes`."""
    since = timezone.now() - timedelta(minutes=dedupe_minutes)
    if dedupe_minutes and DistributorAlert.objects.filter(distributor_id=distributor_id, kind=kind,
                                                          read_at__isnull=True, created_at__gte=since).exists():
        return None
    return DistributorAlert.objects.create(distributor_id=distributor_id, kind=kind, level=level,
                                           message=message[:300], detail=detail or {})


def mask(value: str, keep: int = 4) -> str:
    if not value:
        return ""
    if len(value) <= keep:
        return "*" * len(value)
    return "*" * (len(value) - keep) + value[-keep:]
