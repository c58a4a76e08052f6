"""Member CRM for member-distributors (DST-MEM-01/03). A member is one ReferralBinding of the
distributor: the referred tourist, masked. Spend is read from the public OrderIndex (the
tourist's orders placed since binding, not pending/cancelled, net of refunds); commission from
CommissionAccrual. Every read and write is scoped to the acting distributor: another
distributor's member, tag or note is "not found".

Member level (会员等级) is derived from the referred spend: DISTRIBUTION_MEMBER_LEVELS,
ascending (min spend in fen, code, name)."""

import csv
import io
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from shared_apps.checkout.models import OrderIndex
from shared_apps.core.failures import DomainError
from shared_apps.distribution.services.common import setting
from shared_apps.oplog.services import log_operation
from shared_apps.referrals import errors

from ..models import AccrualStatus, CommissionAccrual, FollowUpNote, MemberTag, ReferralBinding

UNPAID = ("pending_payment", "cancelled")
MAX_TAGS = 50


def levels() -> list[tuple[int, str, str]]:
    return sorted(setting("MEMBER_LEVELS"))


def level_of(spent_fen: int) -> dict:
    code, name = "", ""
    for threshold, c, n in levels():
        if spent_fen >= threshold:
            code, name = c, n
    return {"code": code, "name": name}


def mask_phone(phone: str) -> str:
    phone = phone or ""
    if len(phone) >= 7:
        return phone[:3] + "****" + phone[-4:]
    return "*" * len(phone)


def mask_name(name: str) -> str:
    return (name[:1] + "*" * max(1, len(name) - 1)) if name else ""


def _sum(qs, expr, name):
    return Coalesce(Subquery(qs.values("user_id").annotate(**{name: expr}).values(name)[:1]), Value(0),
                    output_field=IntegerField())


def members_qs(distributor_id: int):
    """Bindings of the distributor, annotated with spend and commission figures."""
    orders = OrderIndex.objects.filter(user_id=OuterRef("user_id"), created_at__gte=OuterRef("created_at")).exclude(
        status__in=UNPAID)
    acc = CommissionAccrual.objects.filter(distributor_id=distributor_id, user_id=OuterRef("user_id"))
    frozen, released = acc.filter(status=AccrualStatus.FROZEN), acc.filter(status=AccrualStatus.RELEASED)
    return (ReferralBinding.objects.filter(distributor_id=distributor_id).select_related("user")
            .annotate(order_count=_sum(orders, Count("id"), "n"),
                      spent_fen=_sum(orders, Sum(F("total_fen") - F("refunded_fen")), "s"),
                      last_order_at=Subquery(orders.order_by("-created_at").values("created_at")[:1]),
                      frozen_fen=_sum(frozen, Sum(F("amount_fen") - F("clawed_back_fen")), "f"),
                      released_fen=_sum(released, Sum(F("amount_fen") - F("clawed_back_fen")), "r"),
                      clawed_back_fen=_sum(acc, Sum("clawed_back_fen"), "c"))
            .prefetch_related("tags").order_by("-created_at", "-id"))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def parse_filters(params) -> dict:
    """Query parameters -> filters: tag (id or name), spent_min / spent_max (yuan), inactive_since (date)."""
    out = {}
    try:
        for key in ("spent_min", "spent_max"):
            if params.get(key) not in (None, ""):
                fen = (Decimal(str(params[key]).strip()) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                if not fen.is_finite():
                    raise ValueError(key)
                out[key] = int(fen)
        if params.get("inactive_since"):
            out["inactive_since"] = date.fromisoformat(params["inactive_since"])
    except (ValueError, ArithmeticError):
        raise DomainError(errors.FILTER_INVALID) from None
    if params.get("tag"):
        out["tag"] = params["tag"].strip()
    if params.get("level"):
        out["level"] = params["level"].strip()
    return out


def filtered(distributor_id: int, filters: dict):
    qs = members_qs(distributor_id)
    tag = filters.get("tag")
    if tag:
        qs = qs.filter(tags__pk=int(tag)) if tag.isdigit() else qs.filter(tags__name=tag)
    if "spent_min" in filters:
        qs = qs.filter(spent_fen__gte=filters["spent_min"])
    if "spent_max" in filters:
        qs = qs.filter(spent_fen__lte=filters["spent_max"])
    if filters.get("inactive_since"):
        qs = qs.filter(Q(last_order_at__isnull=True) | Q(last_order_at__lt=_day_start(filters["inactive_since"])))
    if filters.get("level"):
        bands = levels()
        for i, (threshold, code, _) in enumerate(bands):
            if code == filters["level"]:
                qs = qs.filter(spent_fen__gte=threshold)
                if i + 1 < len(bands):
                    qs = qs.filter(spent_fen__lt=bands[i + 1][0])
    return qs


def next_follow_ups(binding_ids) -> dict:
    """binding id -> earliest open follow-up date."""
    result = {}
    for b, d in (FollowUpNote.objects.filter(binding_id__in=list(binding_ids), done_at__isnull=True,
                                             next_follow_up_on__isnull=False)
                 .order_by("next_follow_up_on").values_list("binding_id", "next_follow_up_on")):
        result.setdefault(b, d)
    return result


def member_row(b: ReferralBinding, follow_up: date | None = None) -> dict:
    user = b.user
    return {"id": b.pk, "name": mask_name(user.display_name or user.username), "phone": mask_phone(user.phone or ""),
            "source": b.source, "bound_at": b.created_at, "level": level_of(b.spent_fen),
            "orders": b.order_count, "spent_fen": b.spent_fen, "last_order_at": b.last_order_at,
            "commission": {"frozen_fen": b.frozen_fen, "released_fen": b.released_fen,
                           "clawed_back_fen": b.clawed_back_fen},
            "tags": [{"id": t.pk, "name": t.name, "color": t.color} for t in b.tags.all()],
            "next_follow_up_on": follow_up}


def rows(distributor_id: int, bindings) -> list[dict]:
    bindings = list(bindings)
    due = next_follow_ups([b.pk for b in bindings])
    return [member_row(b, due.get(b.pk)) for b in bindings]


def get_member(distributor_id: int, binding_id: int) -> ReferralBinding:
    b = members_qs(distributor_id).filter(pk=binding_id).first()
    if b is None:
        raise DomainError(errors.MEMBER_NOT_FOUND_REFERRED)
    return b


def note_payload(n: FollowUpNote) -> dict:
    return {"id": n.pk, "member_id": n.binding_id, "author": n.author_name, "text": n.text,
            "created_at": n.created_at, "next_follow_up_on": n.next_follow_up_on, "done_at": n.done_at,
            "done_by": n.done_by}


def member_detail(distributor_id: int, binding_id: int) -> dict:
    b = get_member(distributor_id, binding_id)
    row = rows(distributor_id, [b])[0]
    recent = (OrderIndex.objects.filter(user_id=b.user_id, created_at__gte=b.created_at).exclude(status__in=UNPAID)
              .select_related("merchant")[:20])
    row["orders_recent"] = [{"order_no": o.order_no, "merchant": o.merchant.name, "title": o.title,
                             "status": o.status, "total_fen": o.total_fen, "refunded_fen": o.refunded_fen,
                             "created_at": o.created_at} for o in recent]
    row["last_order"] = row["orders_recent"][0] if row["orders_recent"] else None
    row["accruals"] = [{"order_no": a.order_no, "order_fen": a.order_fen, "amount_fen": a.amount_fen,
                        "clawed_back_fen": a.clawed_back_fen, "status": a.status, "created_at": a.created_at}
                       for a in CommissionAccrual.objects.filter(distributor_id=distributor_id, user_id=b.user_id)[:50]]
    row["notes"] = [note_payload(n) for n in b.notes.all()[:100]]
    return row


# ---- tags ---------------------------------------------------------------------------------------

def tags_of(distributor_id: int) -> list[dict]:
    return [{"id": t.pk, "name": t.name, "color": t.color, "members": t.n}
            for t in MemberTag.objects.filter(distributor_id=distributor_id).annotate(n=Count("bindings"))]


def _tag_name(name: str) -> str:
    name = (name or "").strip()
    if not 1 <= len(name) <= 20:
        raise DomainError(errors.TAG_INVALID, details={"field": "name"})
    return name


def create_tag(*, distributor_id: int, name: str, color: str = "") -> MemberTag:
    name = _tag_name(name)
    if MemberTag.objects.filter(distributor_id=distributor_id).count() >= MAX_TAGS:
        raise DomainError(errors.TAG_LIMIT, max_tags=MAX_TAGS)
    try:
        with transaction.atomic():
            return MemberTag.objects.create(distributor_id=distributor_id, name=name, color=(color or "")[:7])
    except IntegrityError:
        raise DomainError(errors.TAG_EXISTS) from None


def delete_tag(*, distributor_id: int, tag_id: int) -> None:
    deleted, _ = MemberTag.objects.filter(distributor_id=distributor_id, pk=tag_id).delete()
    if not deleted:
        raise DomainError(errors.TAG_NOT_FOUND)


@transaction.atomic
def set_tags(*, distributor_id: int, binding_id: int, names: list[str], user) -> list[str]:
    """Replace the member's tags with `names` (missing tags of this distributor are created)."""
    binding = get_member(distributor_id, binding_id)
    clean = list(dict.fromkeys(_tag_name(n) for n in names or []))
    tags = []
    for name in clean:
        tag = MemberTag.objects.filter(distributor_id=distributor_id, name=name).first()
        tags.append(tag or create_tag(distributor_id=distributor_id, name=name))
    binding.tags.set(tags)
    log_operation(user=user, action="set_member_tags", target=f"distributor:{distributor_id}",
                  detail={"member": binding.pk, "tags": clean}, schema_name="public")
    return clean


# ---- notes / follow-ups ---------------------------------------------------------------------------

def add_note(*, distributor_id: int, binding_id: int, user, text: str,
             next_follow_up_on: date | None = None) -> FollowUpNote:
    binding = get_member(distributor_id, binding_id)
    text = (text or "").strip()
    if not 1 <= len(text) <= 1000:
        raise DomainError(errors.NOTE_INVALID, details={"field": "text"})
    if next_follow_up_on and next_follow_up_on < timezone.localdate():
        raise DomainError(errors.FOLLOW_UP_DATE_INVALID, details={"field": "next_follow_up_on"})
    return FollowUpNote.objects.create(distributor_id=distributor_id, binding=binding, author=user,
                                       author_name=(user.display_name or user.username)[:150], text=text,
                                       next_follow_up_on=next_follow_up_on)


def complete_follow_up(*, distributor_id: int, note_id: int, user) -> FollowUpNote:
    note = FollowUpNote.objects.filter(distributor_id=distributor_id, pk=note_id).first()
    if note is None:
        raise DomainError(errors.NOTE_NOT_FOUND)
    if note.done_at is None:
        note.done_at, note.done_by = timezone.now(), user.username[:150]
        note.save(update_fields=["done_at", "done_by"])
    return note


def reminders(distributor_id: int, day: date | None = None) -> list[dict]:
    """Open follow-ups due on `day` (default today) or overdue, oldest first."""
    day = day or timezone.localdate()
    notes = (FollowUpNote.objects.filter(distributor_id=distributor_id, done_at__isnull=True,
                                         next_follow_up_on__lte=day)
             .select_related("binding__user").order_by("next_follow_up_on", "id"))
    out = []
    for n in notes:
        user = n.binding.user
        out.append({**note_payload(n), "member": mask_name(user.display_name or user.username),
                    "phone": mask_phone(user.phone or ""), "overdue": n.next_follow_up_on < day})
    return out


# ---- export -------------------------------------------------------------------------------------

CSV_HEADER = ["会员ID", "会员", "手机号", "绑定时间", "来源", "等级", "订单数", "消费金额(元)", "最近下单",
              "冻结佣金(元)", "已结算佣金(元)", "已追回佣金(元)", "标签", "下次跟进"]


def export_csv(distributor_id: int, filters: dict) -> str:
    buf = io.StringIO()
    buf.write("\ufeff")  # Excel opens UTF-8 CSV with a BOM correctly
    w = csv.writer(buf)
    w.writerow(CSV_HEADER)
    for r in rows(distributor_id, filtered(distributor_id, filters)[:10_000]):
        c = r["commission"]
        w.writerow([r["id"], r["name"], r["phone"], timezone.localtime(r["bound_at"]).strftime("%Y-%m-%d %H:%M"),
                    r["source"], r["level"]["name"], r["orders"], f"{r['spent_fen'] / 100:.2f}",
                    timezone.localtime(r["last_order_at"]).strftime("%Y-%m-%d") if r["last_order_at"] else "",
                    f"{c['frozen_fen'] / 100:.2f}", f"{c['released_fen'] / 100:.2f}",
                    f"{c['clawed_back_fen'] / 100:.2f}", "、".join(t["name"] for t in r["tags"]),
                    r["next_follow_up_on"] or ""])
    return buf.getvalue()
