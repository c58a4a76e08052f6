"""Merchant management of distributor discount policies (DST-DIS-03). Every write validates the
whole policy (stable error codes below) before saving; the database CHECKs back the same rules.

Codes: discount_target_invalid, contract_not_found, level_not_found, discount_mode_invalid,
discount_percent_invalid, discount_price_invalid, discount_dates_invalid, discount_weekdays_invalid,
discount_tiers_invalid, discount_name_required, product_not_found, discount_not_found,
discount_in_use (delete of a policy that priced bookings: disable it instead)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from shared_apps.core.failures import DomainError
from shared_apps.distribution import errors
from shared_apps.oplog.services import log_operation

from ..models import DiscountMode, DiscountPolicy, DiscountTier, DistributorContract, DistributorLevel
from .contracts import _check_products

FIELDS = ("name", "contract_id", "level_id", "product_ids", "mode", "percent_off", "net_price_fen", "valid_from",
          "valid_until", "weekdays", "tiers", "is_active")
MAX_TIERS = 10


def weekdays_to_mask(days) -> int:
    """ISO weekdays (1 = Monday … 7 = Sunday) to the stored bit set; empty = every day (0)."""
    mask = 0
    for d in days or []:
        try:
            d = int(d)
        except (TypeError, ValueError):
            d = 0
        if not 1 <= d <= 7:
            raise DomainError(errors.DISCOUNT_WEEKDAYS_INVALID, details={"field": "weekdays"})
        mask |= 1 << (d - 1)
    return 0 if mask == 127 else mask


def mask_to_weekdays(mask: int) -> list[int]:
    return [d for d in range(1, 8) if mask & (1 << (d - 1))]


def _percent(value, field: str) -> Decimal:
    try:
        p = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        p = None
    if p is None or not p.is_finite() or not Decimal(0) <= p <= Decimal(100):
        raise DomainError(errors.DISCOUNT_PERCENT_INVALID, details={"field": field})
    return p


def _fen(value, field: str) -> int:
    try:
        fen = int(value)
    except (TypeError, ValueError):
        fen = -1
    if fen < 0 or str(value).strip() != str(fen):
        raise DomainError(errors.DISCOUNT_PRICE_INVALID, details={"field": field})
    return fen


def _date(value, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(errors.DISCOUNT_DATES_INVALID_YYYY_MM_DD, details={"field": field}, name=field) from None


def clean(merchant, data: dict) -> dict:
    """Validate a whole policy (create, or the existing values merged with a partial update)."""
    name = (data.get("name") or "").strip()
    if not name:
        raise DomainError(errors.DISCOUNT_NAME_REQUIRED, details={"field": "name"})
    contract_id, level_id = data.get("contract_id"), data.get("level_id")
    if bool(contract_id) == bool(level_id):
        raise DomainError(errors.DISCOUNT_TARGET_INVALID, details={"field": "contract_id"})
    if contract_id and not DistributorContract.objects.filter(pk=contract_id, merchant=merchant).exists():
        raise DomainError(errors.CONTRACT_NOT_FOUND, details={"field": "contract_id"})
    if level_id and not DistributorLevel.objects.filter(pk=level_id).exists():
        raise DomainError(errors.LEVEL_NOT_FOUND, details={"field": "level_id"})
    mode = data.get("mode")
    if mode not in DiscountMode.values:
        raise DomainError(errors.DISCOUNT_MODE_INVALID, details={"field": "mode"})
    percent = _percent(data.get("percent_off"), "percent_off") if mode == DiscountMode.PERCENT else None
    fixed = _fen(data.get("net_price_fen"), "net_price_fen") if mode == DiscountMode.FIXED else None
    valid_from, valid_until = _date(data.get("valid_from"), "valid_from"), _date(data.get("valid_until"), "valid_until")
    if valid_from and valid_until and valid_from > valid_until:
        raise DomainError(errors.DISCOUNT_DATES_INVALID, details={"field": "valid_until"})
    weekdays = data["weekdays"] if isinstance(data.get("weekdays"), int) else weekdays_to_mask(data.get("weekdays"))
    tiers, seen = [], set()
    raw_tiers = data.get("tiers") or []
    if not isinstance(raw_tiers, list) or len(raw_tiers) > MAX_TIERS:
        raise DomainError(errors.DISCOUNT_TIERS_INVALID_TOO_MANY, details={"field": "tiers"}, max_tiers=MAX_TIERS)
    for i, tier in enumerate(raw_tiers):
        try:
            units = int(tier.get("min_units"))
        except (TypeError, ValueError, AttributeError):
            units = 0
        if units < 2 or units in seen:
            raise DomainError(errors.DISCOUNT_TIERS_INVALID_TIER_MIN_UNITS, details={"field": "tiers"}, n=i + 1)
        seen.add(units)
        tiers.append({"min_units": units,
                      "percent_off": _percent(tier.get("percent_off"), "tiers") if percent is not None else None,
                      "net_price_fen": _fen(tier.get("net_price_fen"), "tiers") if fixed is not None else None})
    product_ids = _check_products(merchant, data.get("product_ids") or [])
    return {"name": name[:50], "contract_id": contract_id or None, "level_id": level_id or None,
            "product_ids": product_ids, "mode": mode, "percent_off": percent, "net_price_fen": fixed,
            "valid_from": valid_from, "valid_until": valid_until, "weekdays": weekdays,
            "tiers": sorted(tiers, key=lambda t: t["min_units"]), "is_active": bool(data.get("is_active", True))}


def as_input(policy: DiscountPolicy) -> dict:
    return {"name": policy.name, "contract_id": policy.contract_id, "level_id": policy.level_id,
            "product_ids": policy.product_ids, "mode": policy.mode, "percent_off": policy.percent_off,
            "net_price_fen": policy.net_price_fen, "valid_from": policy.valid_from, "valid_until": policy.valid_until,
            "weekdays": policy.weekdays, "is_active": policy.is_active,
            "tiers": [{"min_units": t.min_units, "percent_off": t.percent_off, "net_price_fen": t.net_price_fen}
                      for t in policy.tiers.all()]}


def get_policy(merchant, policy_id: int, *, lock: bool = False) -> DiscountPolicy:
    qs = DiscountPolicy.objects.filter(merchant=merchant, pk=policy_id)
    policy = (qs.select_for_update() if lock else qs).first()
    if policy is None:
        raise DomainError(errors.DISCOUNT_NOT_FOUND)
    return policy


def _log(user, merchant, action: str, policy: DiscountPolicy) -> None:
    log_operation(user=user, action=action, target=f"discount_policy:{policy.pk}",
                  detail={"name": policy.name, "contract_id": policy.contract_id, "level_id": policy.level_id,
                          "mode": policy.mode, "is_active": policy.is_active},
                  schema_name=merchant.schema_name)


@transaction.atomic
def save_policy(*, merchant, user, data: dict, policy_id: int | None = None) -> DiscountPolicy:
    """Create (policy_id None) or update; `data` may be partial on update."""
    policy = get_policy(merchant, policy_id, lock=True) if policy_id else None
    merged = {**(as_input(policy) if policy else {}), **{k: v for k, v in data.items() if k in FIELDS}}
    values = clean(merchant, merged)
    tiers = values.pop("tiers")
    if policy is None:
        policy = DiscountPolicy.objects.create(merchant=merchant, created_by=user if user.pk else None, **values)
    else:
        for key, value in values.items():
            setattr(policy, key, value)
        policy.save()
        policy.tiers.all().delete()
    DiscountTier.objects.bulk_create([DiscountTier(policy=policy, **t) for t in tiers])
    _log(user, merchant, "save_discount_policy", policy)
    return policy


@transaction.atomic
def delete_policy(*, merchant, user, policy_id: int) -> None:
    policy = get_policy(merchant, policy_id, lock=True)
    if policy.bookings.exists():
        raise DomainError(errors.DISCOUNT_IN_USE)
    _log(user, merchant, "delete_discount_policy", policy)
    policy.delete()


def policy_payload(policy: DiscountPolicy) -> dict:
    contract = policy.contract
    return {
        "id": policy.pk, "name": policy.name, "target": "contract" if policy.contract_id else "level",
        "contract_id": policy.contract_id, "distributor_id": contract.distributor_id if contract else None,
        "distributor_name": contract.distributor.name if contract else None,
        "level_id": policy.level_id, "level": policy.level.code if policy.level_id else None,
        "level_name": policy.level.name if policy.level_id else None,
        "product_ids": policy.product_ids, "mode": policy.mode,
        "percent_off": str(policy.percent_off) if policy.percent_off is not None else None,
        "net_price_fen": policy.net_price_fen, "valid_from": policy.valid_from, "valid_until": policy.valid_until,
        "weekdays": mask_to_weekdays(policy.weekdays), "is_active": policy.is_active,
        "tiers": [{"min_units": t.min_units,
                   "percent_off": str(t.percent_off) if t.percent_off is not None else None,
                   "net_price_fen": t.net_price_fen} for t in policy.tiers.all()],
        "created_at": policy.created_at, "updated_at": policy.updated_at,
    }


def policies_of(merchant):
    return DiscountPolicy.objects.filter(merchant=merchant).select_related(
        "contract__distributor", "level").prefetch_related("tiers")
