"""Ticket reads in the current merchant schema (shared code calls them inside in_tenant()).
They return plain data, so shared code never holds tenant rows."""

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Q, Sum
from django.db.models.functions import TruncDate

from shared_apps.core.failures import DomainError
from tenant_apps.tickets import errors

from . import services
from .models import EventKind, Redemption, Route, Ticket, TicketEvent, TicketStatus

MAX_STATS_DAYS = 92


def ticket_dict(ticket: Ticket, *, events: bool = False) -> dict:
    data = {"id": ticket.pk, "code": ticket.code, "order_no": ticket.order_no, "product_id": ticket.product_id,
            "product_name": ticket.product_name, "day": ticket.day, "valid_until": ticket.valid_until,
            "session": ticket.session, "persons": ticket.persons, "used_persons": ticket.used_persons,
            "refunded_persons": ticket.refunded_persons, "remaining_persons": ticket.remaining_persons,
            "status": ticket.status, "status_display": ticket.get_status_display(), "holders": ticket.holders,
            "joint_id": ticket.joint_id, "joint_venues": sorted(ticket.joint_venues or {}),
            "amount_fen": ticket.amount_fen, "created_at": ticket.created_at}
    if events:
        data["events"] = [{"kind": e.kind, "from": e.from_status, "to": e.to_status, "persons": e.persons,
                           "venue": e.venue, "actor": e.actor, "reason": e.reason, "at": e.at}
                          for e in ticket.events.all()]
    return data


def tickets(*, status: str = "", day: date | None = None, q: str = ""):
    qs = Ticket.objects.all()
    if status:
        qs = qs.filter(status=status)
    if day:
        qs = qs.filter(day__lte=day, valid_until__gte=day)
    q = q.strip()
    if q:
        qs = qs.filter(Q(code__iexact=q) | Q(order_no__contains=q) | Q(product_name__contains=q)
                       | Q(holders__icontains=q))
    return qs


def get_ticket(pk: int) -> Ticket:
    ticket = Ticket.objects.filter(pk=pk).prefetch_related("events").first()
    if ticket is None:
        raise DomainError(errors.NOT_FOUND_TICKET)
    return ticket


def tickets_for_user(user_id: int, *, with_qr: bool = True) -> list[dict]:
    """The tourist's tickets here, newest first, with the signed QR string for usable ones."""
    result = []
    for ticket in Ticket.objects.filter(user_id=user_id).order_by("-day", "-id"):
        data = ticket_dict(ticket)
        usable = ticket.status in (TicketStatus.VALID, TicketStatus.PARTIALLY_USED)
        data["qr"] = services.qr_for(ticket) if with_qr and usable else None
        result.append(data)
    return result


def tickets_starting(day: date) -> list[dict]:
    """Open tickets of registered tourists whose first valid day is `day` (reminders)."""
    qs = Ticket.objects.filter(day=day, status__in=[TicketStatus.VALID, TicketStatus.PARTIALLY_USED],
                               user_id__isnull=False).order_by("id")
    return [{"code": t.code, "user_id": t.user_id, "product_name": t.product_name, "persons": t.remaining_persons,
             "session": t.session} for t in qs]


def redemption_dict(r: Redemption) -> dict:
    return {"id": r.pk, "scan_id": str(r.scan_id), "ticket_code": r.ticket_code, "issuer": r.issuer,
            "product_name": r.product_name, "persons": r.persons, "joint": r.joint, "device": r.device,
            "actor": r.actor, "at": r.at, "share_fen": (r.result or {}).get("share_fen", 0)}


# ---- statistics (EC-TKT-09) ---------------------------------------------------------------------


def stats(*, start: date, end: date) -> dict:
    """Per day and product: sold persons and revenue (by payment day), redeemed persons (by
    scan day; joint tickets count where issued) and refunded persons (by approval day)."""
    if end < start:
        raise DomainError(errors.RANGE_INVALID)
    if (end - start).days + 1 > MAX_STATS_DAYS:
        raise DomainError(errors.RANGE_TOO_LONG_LONGER_THAN_DAYS, max_stats_days=MAX_STATS_DAYS)
    rows: dict[tuple, dict] = defaultdict(lambda: {"sold_persons": 0, "revenue_fen": 0, "redeemed_persons": 0,
                                                   "refund_persons": 0})
    names: dict[int, str] = {}
    sold = (Ticket.objects.annotate(d=TruncDate("created_at")).filter(d__gte=start, d__lte=end)
            .values("d", "product_id", "product_name").annotate(p=Sum("persons"), fen=Sum("amount_fen")))
    for r in sold:
        row = rows[(r["d"], r["product_id"])]
        row["sold_persons"] += r["p"] or 0
        row["revenue_fen"] += r["fen"] or 0
        names[r["product_id"]] = r["product_name"]
    events = (TicketEvent.objects.annotate(d=TruncDate("at"))
              .filter(d__gte=start, d__lte=end, kind__in=[EventKind.REDEEM, EventKind.REFUND])
              .values("d", "kind", "ticket__product_id", "ticket__product_name").annotate(p=Sum("persons")))
    for r in events:
        key = "redeemed_persons" if r["kind"] == EventKind.REDEEM else "refund_persons"
        rows[(r["d"], r["ticket__product_id"])][key] += r["p"] or 0
        names[r["ticket__product_id"]] = r["ticket__product_name"]
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    out = [{"day": d, "product_id": pid, "product_name": names[pid], **rows[(d, pid)]}
           for d in days for pid in sorted(names) if (d, pid) in rows]
    fields = ("sold_persons", "revenue_fen", "redeemed_persons", "refund_persons")
    daily = [{"day": d, **{f: sum(rows[(d, pid)][f] for pid in names if (d, pid) in rows) for f in fields}}
             for d in days]
    totals = {f: sum(day[f] for day in daily) for f in fields}
    return {"start": start, "end": end, "products": [{"product_id": pid, "name": names[pid]} for pid in sorted(names)],
            "rows": out, "daily": daily, "totals": totals}


# ---- routes ------------------------------------------------------------------------------------


def routes(*, published_only: bool = False):
    qs = Route.objects.prefetch_related("stops")
    return qs.filter(published=True) if published_only else qs


def route_dict(route: Route, media_url=None) -> dict:
    """`media_url(stop, kind)` builds the URL of a stop's image/audio (host-specific)."""
    def url(stop, kind):
        if not getattr(stop, kind):
            return None
        return media_url(stop, kind) if media_url else None

    return {"id": route.pk, "name": route.name, "intro": route.intro, "duration_minutes": route.duration_minutes,
            "published": route.published, "updated_at": route.updated_at,
            "stops": [{"id": s.pk, "position": s.position, "title": s.title, "text": s.text,
                       "image_url": url(s, "image"), "audio_url": url(s, "audio")} for s in route.stops.all()]}
