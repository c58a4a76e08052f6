"""Complaints about an order (EC-SHP-10): the tourist opens one, the merchant replies, the
tourist follows up, closes it (with a rating) or escalates it to the platform, which closes it.

COMPLAINT_TRANSITIONS is the one transition table.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from tenant_apps.orders.models import Order
from tenant_apps.shop import errors

from .events import history
from .models import Complaint, ComplaintMessage, ComplaintStatus, ShopEvent

C = ComplaintStatus
COMPLAINT_TRANSITIONS = {
    C.OPEN: {C.REPLIED, C.CLOSED, C.ESCALATED},
    C.REPLIED: {C.OPEN, C.CLOSED, C.ESCALATED},
    C.ESCALATED: {C.CLOSED},
    C.CLOSED: set(),
}
COMPLAINT_MACHINE = Machine(COMPLAINT_TRANSITIONS, ShopEvent, subject="complaint", what="complaint")


def _body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError(errors.BODY_REQUIRED)
    return body[:1000]


def _locked(complaint_id: int) -> Complaint:
    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None:
        raise DomainError(errors.COMPLAINT_NOT_FOUND)
    return complaint


def _say(complaint: Complaint, kind: str, author: str, body: str) -> ComplaintMessage:
    complaint.save(update_fields=["updated_at"])
    return ComplaintMessage.objects.create(complaint=complaint, author_kind=kind, author=author[:150], body=body)


@transaction.atomic
def open_complaint(*, order_id: int, subject: str, body: str, actor: str, user_id: int | None = None) -> Complaint:
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        raise DomainError(errors.ORDER_NOT_FOUND)
    subject = (subject or "").strip()[:100]
    if not subject:
        raise DomainError(errors.SUBJECT_REQUIRED)
    body = _body(body)
    try:
        with transaction.atomic():
            complaint = Complaint.objects.create(order=order, user_id=user_id, subject=subject)
    except IntegrityError as exc:
        raise DomainError(errors.COMPLAINT_EXISTS) from exc
    COMPLAINT_MACHINE.record(complaint, "", C.OPEN, actor=actor, reason=subject)
    _say(complaint, "tourist", actor, body)
    return complaint


@transaction.atomic
def merchant_reply(*, complaint_id: int, body: str, actor: str) -> Complaint:
    complaint = _locked(complaint_id)
    body = _body(body)
    if complaint.status == C.CLOSED:
        raise DomainError(errors.COMPLAINT_CLOSED)
    if complaint.status == C.OPEN:
        COMPLAINT_MACHINE.move(complaint, C.REPLIED, actor=actor, reason="商家回复")
    _say(complaint, "merchant", actor, body)
    return complaint


@transaction.atomic
def tourist_follow_up(*, complaint_id: int, body: str, actor: str) -> Complaint:
    complaint = _locked(complaint_id)
    body = _body(body)
    if complaint.status == C.CLOSED:
        raise DomainError(errors.COMPLAINT_CLOSED)
    if complaint.status == C.REPLIED:
        COMPLAINT_MACHINE.move(complaint, C.OPEN, actor=actor, reason="用户追问")
    _say(complaint, "tourist", actor, body)
    return complaint


@transaction.atomic
def escalate(*, complaint_id: int, actor: str, reason: str = "") -> Complaint:
    """The tourist is not satisfied: the platform takes over (PUB-04 picks escalated complaints up)."""
    complaint = _locked(complaint_id)
    complaint.escalated_at = timezone.now()
    COMPLAINT_MACHINE.move(complaint, C.ESCALATED, actor=actor, reason=reason or "提交平台处理",
         fields=["escalated_at", "updated_at"])
    if reason:
        _say(complaint, "tourist", actor, reason[:1000])
    return complaint


@transaction.atomic
def close(*, complaint_id: int, actor: str, rating: int | None = None) -> Complaint:
    complaint = _locked(complaint_id)
    if complaint.status == C.ESCALATED:
        raise DomainError(errors.COMPLAINT_ESCALATED)
    if rating is not None and not 1 <= rating <= 5:
        raise DomainError(errors.RATING_INVALID)
    complaint.rating, complaint.closed_at = rating, timezone.now()
    COMPLAINT_MACHINE.move(complaint, C.CLOSED, actor=actor, reason="用户关闭",
         fields=["rating", "closed_at", "updated_at"])
    return complaint


@transaction.atomic
def resolve_escalated(*, complaint_id: int, actor: str, note: str) -> Complaint:
    """The platform operator's decision on an escalated complaint (called from the platform side)."""
    complaint = _locked(complaint_id)
    if complaint.status != C.ESCALATED:
        raise DomainError(errors.INVALID_TRANSITION_COMPLAINT_ESCALATED, status_label=complaint.get_status_display())
    _say(complaint, "platform", actor, _body(note))
    complaint.closed_at = timezone.now()
    COMPLAINT_MACHINE.move(complaint, C.CLOSED, actor=actor, reason="平台处理完毕",
         fields=["closed_at", "updated_at"])
    return complaint


def complaint_row(c: Complaint, *, with_messages: bool = True) -> dict:
    row = {"id": c.pk, "order_id": c.order_id, "order_no": c.order.order_no, "subject": c.subject,
           "status": c.status, "status_display": c.get_status_display(), "rating": c.rating,
           "created_at": c.created_at, "updated_at": c.updated_at, "escalated_at": c.escalated_at,
           "closed_at": c.closed_at}
    if with_messages:
        row["messages"] = [{"author_kind": m.author_kind, "author": m.author, "body": m.body, "at": m.at}
                           for m in c.messages.all()]
        row["events"] = history(COMPLAINT_MACHINE.events(c))
    return row
