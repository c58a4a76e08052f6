"""Merchant management of distributor discount policies (DST-DIS-03). Every write validates the
whole policy (stable error codes below) before saving; the database CHECKs back the same rules.

Codes: discount_target_invalid, contract_not_found, level_not_found, discount_mode_invalid,
discount_percent_invalid, discount_price_invalid, discount_dates_invalid, discount_weekdays_invalid,
discount_tiers_invalid, discount_name_required, product_not_found, discount_not_found,
discount_in_use (delete of a policy that priced bookings: disable it instead)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from shared_apps.core.errors import ApiError
from shared_apps.oplog.services import log_operation

from ..models import DiscountMode, DiscountPolicy, DiscountTier, DistributorContract, DistributorLevel
from .contracts import _check_products

FIELDS = ("name", "contract_id", "level_id", "product_ids", "mode", "percent_off", "net_price_fen", "valid_from",
          "valid_until", "weekdays", "tiers", "is_active")
MAX_TIERS = 10


def _bad(code: str, zh: str, en: str, field: str | None = None, status: int = 400):
    return ApiError(code, zh, en, status, details={"field": field} if field else None)


def weekdays_to_mask(days) -> int:
    """ISO weekdays (1 = Monday … 7 = Sunday) to the stored bit set; empty = every day (0)."""
    mask = 0
    for d in days or []:
        try:
            d = int(d)
        except (TypeError, ValueError):
            d = 0
        if not 1 <= d <= 7:
            raise _bad("discount_weekdays_invalid", "适用星期应为 1（周一）到 7（周日）", "Weekdays are 1..7",
                       "weekdays")
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
        raise _bad("discount_percent_invalid", "优惠比例应在 0 到 100 之间", "percent_off must be 0..100", field)
    return p


def _fen(value, field: str) -> int:
    try:
        fen = int(value)
    except (TypeError, ValueError):
        fen = -1
    if fen < 0 or str(value).strip() != str(fen):
        raise _bad("discount_price_invalid", "结算价应为不小于 0 的整数（分）", "net_price_fen must be an integer >= 0",
                   field)
    return fen


def _date(value, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _bad("discount_dates_invalid", "日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD", field) from None


def clean(merchant, data: dict) -> dict:
    """Validate a whole policy (create, or the existing values merged with a partial update)."""
    name = (data.get("name") or "").strip()
    if not name:
        raise _bad("discount_name_required", "请填写策略名称", "A name is required", "name")
    contract_id, level_id = data.get("contract_id"), data.get("level_id")
    if bool(contract_id) == bool(level_id):
        raise _bad("discount_target_invalid", "请选择一个适用对象：指定分销商（授权）或分销商等级，二选一",
                   "Give exactly one of contract_id or level_id", "contract_id")
    if contract_id and not DistributorContract.objects.filter(pk=contract_id, merchant=merchant).exists():
        raise _bad("contract_not_found", "授权记录不存在", "Contract not found", "contract_id", 404)
    if level_id and not DistributorLevel.objects.filter(pk=level_id).exists():
        raise _bad("level_not_found", "分销商等级不存在", "Level not found", "level_id", 404)
    mode = data.get("mode")
    if mode not in DiscountMode.values:
        raise _bad("discount_mode_invalid", "优惠方式应为 percent（折扣）或 fixed（固定结算价）",
                   "mode is percent or fixed", "mode")
    percent = _percent(data.get("percent_off"), "percent_off") if mode == DiscountMode.PERCENT else None
    fixed = _fen(data.get("net_price_fen"), "net_price_fen") if mode == DiscountMode.FIXED else None
    valid_from, valid_until = _date(data.get("valid_from"), "valid_from"), _date(data.get("valid_until"), "valid_until")
    if valid_from and valid_until and valid_from > valid_until:
        raise _bad("discount_dates_invalid", "开始日期不能晚于结束日期", "valid_from is after valid_until",
                   "valid_until")
    weekdays = data["weekdays"] if isinstance(data.get("weekdays"), int) else weekdays_to_mask(data.get("weekdays"))
    tiers, seen = [], set()
    raw_tiers = data.get("tiers") or []
    if not isinstance(raw_tiers, list) or len(raw_tiers) > MAX_TIERS:
        raise _bad("discount_tiers_invalid", f"团队阶梯最多 {MAX_TIERS} 档", "Too many tiers", "tiers")
    for i, tier in enumerate(raw_tiers):
        try:
            units = int(tier.get("min_units"))
        except (TypeError, ValueError, AttributeError):
            units = 0
        if units < 2 or units in seen:
            raise _bad("discount_tiers_invalid", f"第 {i + 1} 档：起订数量应为不小于 2 且不重复的整数",
                       "Tier min_units must be >= 2 and unique", "tiers")
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
        raise _bad("discount_not_found", "优惠策略不存在", "Discount policy not found", status=404)
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
        raise _bad("discount_in_use", "该策略已用于分销预订，不能删除，请停用", "Used by bookings: disable it instead",
                   status=409)
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
