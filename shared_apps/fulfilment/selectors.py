"""Fulfilment reads (public schema)."""

from tenants.models import Merchant

from .models import JointRedemption, JointTicket, Notification


def redeemed_at(*, joint_id: int, ticket_code: str, venue: Merchant) -> bool:
    return JointRedemption.objects.filter(joint_id=joint_id, ticket_code=ticket_code, venue=venue).exists()


def venues_used(*, joint_id: int, ticket_code: str) -> int:
    return JointRedemption.objects.filter(joint_id=joint_id, ticket_code=ticket_code).count()


def joint_dict(joint: JointTicket) -> dict:
    return {"id": joint.pk, "issuer": joint.issuer.schema_name, "product_id": joint.product_id, "name": joint.name,
            "active": joint.active, "created_at": joint.created_at, "updated_at": joint.updated_at,
            "venues": [{"merchant": v.venue.schema_name, "name": v.venue.name, "weight": v.weight}
                       for v in joint.venues.select_related("venue").order_by("venue_id")]}


def joints_of(issuer: Merchant):
    return JointTicket.objects.filter(issuer=issuer).select_related("issuer")


def joint_redemptions(*, joint: JointTicket):
    return JointRedemption.objects.filter(joint=joint).select_related("venue")


def redemption_dict(r: JointRedemption) -> dict:
    return {"id": r.pk, "ticket_code": r.ticket_code, "order_no": r.order_no, "venue": r.venue.schema_name,
            "venue_name": r.venue.name, "persons": r.persons, "share_fen": r.share_fen, "at": r.at,
            "released_at": r.released_at}


def notification_dict(n: Notification) -> dict:
    return {"id": n.pk, "kind": n.kind, "title": n.title, "body": n.body, "link": n.link,
            "read": n.read_at is not None, "read_at": n.read_at, "created_at": n.created_at}


def notifications_of(user, *, unread_only: bool = False):
    qs = Notification.objects.filter(user=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs
