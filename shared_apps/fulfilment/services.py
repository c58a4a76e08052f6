"""Joint tickets (联票: configuration, per-venue redemption, revenue shares through the ledger)
and tourist notifications (order notifications, visit reminders)."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.fulfilment import errors
from shared_apps.ledger import services as ledger
from shared_apps.ledger.money import split_largest_remainder
from shared_apps.settlement.models import SettlementItem
from shared_apps.settlement.services import commission_of
from tenant_apps.catalog import selectors as catalog
from tenant_apps.tickets import selectors as ticket_reads
from tenant_apps.tickets import services as ticket_services
from tenants.models import Merchant, MerchantKind, MerchantStatus
from tenants.utils import for_each_tenant, in_tenant

from .models import JointRedemption, JointTicket, JointVenue, Notification

MAX_VENUES = 20


# ---- joint tickets: configuration (issuer's merchant host) ---------------------------------------


def _venues(venues: list[dict]) -> list[tuple[Merchant, int]]:
    if not venues:
        raise DomainError(errors.VENUES_REQUIRED)
    if len(venues) > MAX_VENUES:
        raise DomainError(errors.TOO_MANY_VENUES, max_venues=MAX_VENUES)
    result, seen = [], set()
    for item in venues:
        schema, weight = str(item.get("merchant", "")), item.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 10_000:
            raise DomainError(errors.WEIGHT_INVALID, details={"merchant": schema})
        if schema in seen:
            raise DomainError(errors.VENUE_DUPLICATE, details={"merchant": schema})
        seen.add(schema)
        venue = Merchant.objects.exclude(schema_name="public").filter(
            schema_name=schema, status=MerchantStatus.ACTIVE, kind=MerchantKind.SCENIC).first()
        if venue is None:
            raise DomainError(errors.VENUE_INVALID, details={"merchant": schema})
        result.append((venue, weight))
    return result


def _ticket_product(issuer: Merchant, product_id: int):
    with in_tenant(issuer):
        product = catalog.get_product(product_id)
        if product.kind != "ticket":
            raise DomainError(errors.NOT_A_TICKET)
        return product.name


@transaction.atomic
def configure_joint(*, issuer: Merchant, product_id: int, venues: list[dict], active: bool = True) -> JointTicket:
    """Create the joint ticket of a product, or replace its venues and weights. Tickets sold
    before keep the venues and weights they were issued with."""
    name = _ticket_product(issuer, product_id)
    checked = _venues(venues)
    joint, _ = JointTicket.objects.select_for_update().get_or_create(
        issuer=issuer, product_id=product_id, defaults={"name": name, "active": active})
    joint.name, joint.active = name, active
    joint.save()
    joint.venues.all().delete()
    JointVenue.objects.bulk_create([JointVenue(joint=joint, venue=v, weight=w) for v, w in checked])
    return joint


def joint_for(*, issuer: Merchant, product_id: int) -> tuple[int, dict] | None:
    """(joint ticket id, {venue schema: weight}) for an active joint product, else None."""
    joint = JointTicket.objects.filter(issuer=issuer, product_id=product_id, active=True).first()
    return (joint.pk, joint.snapshot()) if joint else None


# ---- joint tickets: redemption and revenue share --------------------------------------------------


def share_of(*, issuer: Merchant, venue_schema: str, amount_fen: int, weights: dict, persons: int,
             ticket_persons: int) -> int:
    """The venue's part of the ticket's paid amount net of platform commission: split by the
    venues' weights (largest remainder, venues in schema order), then pro rata of persons."""

    if amount_fen <= 0 or venue_schema not in weights:
        return 0
    net = amount_fen - commission_of(issuer, amount_fen)
    names = sorted(weights)
    full = split_largest_remainder(net, [int(weights[n]) for n in names])[names.index(venue_schema)]
    if persons >= ticket_persons:
        return full
    return split_largest_remainder(full, [persons, ticket_persons - persons])[0]


def record_joint_redemption(*, joint_id: int, ticket_code: str, order_no: str, issuer: Merchant, venue: Merchant,
                            persons: int, ticket_persons: int, amount_fen: int, weights: dict) -> int:
    """Record the venue's redemption and move its share from the issuer to the venue (same
    transaction as the scan). Returns the share in fen. Shares of orders not paid through the
    platform (no settlement item) are 0."""

    now = timezone.now()
    share, item = 0, None
    if venue.pk != issuer.pk:
        item = SettlementItem.objects.filter(merchant=issuer, order_no=order_no).first()
        if item is not None:
            share = share_of(issuer=issuer, venue_schema=venue.schema_name, amount_fen=amount_fen, weights=weights,
                             persons=persons, ticket_persons=ticket_persons)
    released = item is not None and item.released_at is not None
    try:
        with transaction.atomic():
            redemption = JointRedemption.objects.create(
                joint_id=joint_id, ticket_code=ticket_code, order_no=order_no, venue=venue, persons=persons,
                share_fen=share, released_at=now if released or not share else None)
    except IntegrityError as exc:
        raise DomainError(errors.ALREADY_USED_HERE) from exc
    if share:
        account = "merchant_available" if released else "merchant_payable"
        ledger.post(kind="joint_share", ref=f"joint:{redemption.pk}",
                    memo=f"联票分账 {order_no} {ticket_code} → {venue.schema_name}",
                    lines=[(f"{account}:{issuer.schema_name}", share), (f"{account}:{venue.schema_name}", -share)])
    return share


def release_joint_shares(*, limit: int = 500) -> int:
    """Beat (after settlement.release_due): once the issuer's settlement item is released, the
    shares moved to venues' payable follow it into available (venue payable → venue available,
    and the issuer's release, which took the whole net amount, gives the share back)."""

    done = 0
    pending = JointRedemption.objects.filter(released_at__isnull=True, share_fen__gt=0).order_by("id")
    for pk in pending.values_list("id", flat=True)[:limit]:
        with transaction.atomic():
            jr = (JointRedemption.objects.select_for_update(of=("self",))
                  .select_related("joint__issuer", "venue").get(pk=pk))
            issuer = jr.joint.issuer
            item = SettlementItem.objects.filter(merchant=issuer, order_no=jr.order_no).first()
            if jr.released_at or item is None or item.released_at is None:
                continue
            i, v, s = issuer.schema_name, jr.venue.schema_name, jr.share_fen
            ledger.post(kind="joint_release", ref=f"joint:{jr.pk}", memo=f"联票分账结算 {jr.order_no}",
                        lines=[(f"merchant_payable:{v}", s), (f"merchant_available:{v}", -s),
                               (f"merchant_available:{i}", s), (f"merchant_payable:{i}", -s)])
            jr.released_at = timezone.now()
            jr.save(update_fields=["released_at"])
            done += 1
    return done


# ---- notifications --------------------------------------------------------------------------------


def notify(*, user_id: int | None, kind: str, title: str, body: str = "", link: str = "",
           dedupe_key: str = "") -> Notification | None:
    """Create a notification once per (user, dedupe_key); None when there is no user."""
    if not user_id:
        return None
    if dedupe_key:
        found = Notification.objects.filter(user_id=user_id, dedupe_key=dedupe_key).first()
        if found is not None:
            return found
    try:
        with transaction.atomic():
            return Notification.objects.create(user_id=user_id, kind=kind, title=title[:100], body=body[:500],
                                               link=link[:200], dedupe_key=dedupe_key[:120])
    except IntegrityError:
        return Notification.objects.filter(user_id=user_id, dedupe_key=dedupe_key).first()


def notify_order_paid(*, merchant: Merchant, order, tickets: list) -> Notification | None:
    """EC-ORD-02: one message per paid merchant order; it says so when e-tickets were issued."""
    if tickets:
        persons = sum(t.persons for t in tickets)
        names = "、".join(dict.fromkeys(t.product_name for t in tickets))
        title = "订单已支付，电子票已出票"
        body = (f"{merchant.name} 订单 {order.order_no} 已支付。{names} 共 {persons} 人，"
                f"入园时请出示「我的电子票」中的二维码。")
        link = "/me/tickets/"
    else:
        title = "订单已支付"
        body = f"{merchant.name} 订单 {order.order_no} 已支付，商家将尽快为您处理。"
        link = f"/orders/{merchant.schema_name}/{order.order_no}/"  # the H5 order page
    return notify(user_id=order.user_id, kind="order_paid", title=title, body=body, link=link,
                  dedupe_key=f"paid:{merchant.schema_name}:{order.order_no}")


@transaction.atomic
def notify_login_locked(*, user, seconds: int, ip: str) -> Notification | None:
    """The account's login was locked after repeated failures (one message per lock)."""
    minutes = max(1, round(seconds / 60))
    body = (f"您的账号连续多次登录失败（来自 {ip or '未知地址'}），已被锁定 {minutes} 分钟。"
            "如非本人操作，请尽快修改密码并启用两步验证。")
    return notify(user_id=user.pk, kind="login_locked", title="账号登录已被临时锁定", body=body,
                  link="/accounts/security/", dedupe_key=f"login_locked:{timezone.now():%Y%m%d%H%M%S}:{seconds}")


@transaction.atomic  # select_for_update needs one (a request runs in autocommit)
def mark_read(*, user, notification_id: int) -> Notification:
    note = Notification.objects.select_for_update().filter(user=user, pk=notification_id).first()
    if note is None:
        raise DomainError(errors.NOT_FOUND_NOTIFICATION)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def visit_reminders(*, today: date | None = None) -> int:
    """EC-ORD-08 (beat, idempotent): remind tourists of tickets valid from tomorrow."""

    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    created = 0
    for merchant in for_each_tenant():
        for t in ticket_reads.tickets_starting(tomorrow):
            key = f"remind:{merchant.schema_name}:{t['code']}"
            if Notification.objects.filter(user_id=t["user_id"], dedupe_key=key).exists():
                continue
            session = f" {t['session']}" if t["session"] else ""
            notify(user_id=t["user_id"], kind="visit_reminder", title="明天出行提醒",
                   body=f"您预订的 {merchant.name}「{t['product_name']}」{t['persons']} 人将于明天"
                        f"（{tomorrow.isoformat()}{session}）使用，请携带证件并提前出示电子票二维码。",
                   link="/me/tickets/", dedupe_key=key)
            created += 1
    return created


def expire_tickets(*, today: date | None = None) -> int:
    """Beat (daily): open tickets past their last valid day become expired, in every merchant."""

    return sum(ticket_services.expire_due(today=today) for _ in for_each_tenant())
