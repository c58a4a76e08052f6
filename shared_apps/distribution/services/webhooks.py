"""Signed webhooks to distributors (redemption callbacks, refunds, ping).

Each event is one WebhookDelivery row, created once per (event_type, ref) in the transaction
that caused it and sent after commit by a Celery task with exponential backoff. The body is
JSON `{"id", "type", "created_at", "data"}`; headers:

    X-Tourism-Event-Id: <uuid>          (the receiver de-duplicates retries by it)
    X-Tourism-Timestamp: <unix seconds>
    X-Tourism-Signature: t=<ts>,v1=<hex HMAC-SHA256(secret, "<ts>." + raw body)>

The URL goes through the outbound guard (shared_apps/core/outbound.py) when it is saved and again
on every attempt; a delivery records the HTTP status only (`last_error` is `HTTP <code>`,
`unreachable` or `url_refused`, never a response body or a connection error's detail).
"""

import hashlib
import hmac
import json
import time
import uuid
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shared_apps.core import outbound
from shared_apps.core.failures import DomainError
from shared_apps.core.transitions import Machine
from shared_apps.distribution import errors

from ..models import AlertKind, DeliveryStatus, DistributionEvent, DistributorProfile, WebhookDelivery
from .common import alert, setting

D = DeliveryStatus
DELIVERY_MACHINE = Machine({D.PENDING: {D.DELIVERED, D.FAILED}}, DistributionEvent, subject="webhook",
                           what="webhook delivery")


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def verify(secret: str, header: str, body: bytes, *, tolerance_seconds: int = 300, now: int | None = None) -> bool:
    """What a receiver does (used by the tests and documented for distributors)."""
    parts = dict(p.split("=", 1) for p in (header or "").split(",") if "=" in p)
    try:
        ts = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs((now or int(time.time())) - ts) > tolerance_seconds:
        return False
    return hmac.compare_digest(parts.get("v1", ""), sign(secret, ts, body))


def backoff_seconds(attempts: int) -> int:
    return setting("WEBHOOK_BACKOFF_SECONDS") * 2 ** max(0, attempts - 1)


def enqueue(*, distributor_id: int, event_type: str, ref: str, payload: dict) -> WebhookDelivery | None:
    """Record the event (once) and send it after the current transaction commits."""
    url = DistributorProfile.objects.filter(distributor_id=distributor_id).values_list("webhook_url", flat=True).first()
    if not url:
        return None
    delivery, created = WebhookDelivery.objects.get_or_create(
        event_type=event_type, ref=ref,
        defaults={"distributor_id": distributor_id, "payload": payload, "next_attempt_at": timezone.now()})
    if created:
        transaction.on_commit(lambda: _send_later(delivery.pk))
    return delivery


def check_url(url: str) -> None:
    """Refuse a webhook URL the platform may not call (see shared_apps/core/outbound.py)."""
    try:
        outbound.check(url)
    except outbound.OutboundRefused as exc:
        raise DomainError(errors.WEBHOOK_URL_REFUSED, details={"reason": exc.reason}) from None


def send_ping(*, distributor) -> WebhookDelivery | None:
    """Queue a test event; the stored URL is checked again first (its name may resolve elsewhere now)."""
    url = DistributorProfile.objects.filter(distributor_id=distributor.pk).values_list("webhook_url", flat=True).first()
    if url:
        check_url(url)
    return enqueue(distributor_id=distributor.pk, event_type="ping", ref=f"ping:{uuid.uuid4().hex}",
                   payload={"message": "webhook test", "distributor_id": distributor.pk})


def _send_later(delivery_id: int) -> None:
    from ..tasks import deliver_webhook_task  # tasks imports this module: a top-level import would cycle

    deliver_webhook_task.delay(delivery_id)


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps({"id": str(delivery.event_id), "type": delivery.event_type,
                       "created_at": delivery.created_at.isoformat(), "data": delivery.payload},
                      ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def attempt(delivery_id: int) -> WebhookDelivery:
    """POST the event once (outside any transaction); record the outcome and the next attempt."""
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    if delivery.status != D.PENDING:
        return delivery
    profile = DistributorProfile.objects.get(distributor_id=delivery.distributor_id)
    body, ts = body_of(delivery), int(time.time())
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "tourism-platform-webhooks/1",
               "X-Tourism-Event-Id": str(delivery.event_id), "X-Tourism-Event-Type": delivery.event_type,
               "X-Tourism-Timestamp": str(ts),
               "X-Tourism-Signature": f"t={ts},v1={sign(profile.webhook_secret, ts, body)}"}
    try:
        code = outbound.post(profile.webhook_url, body=body, headers=headers)
    except outbound.OutboundRefused:
        code, error = None, "url_refused"
    else:
        error = "" if code is not None and 200 <= code < 300 else (f"HTTP {code}" if code else "unreachable")
    now = timezone.now()
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.status != D.PENDING:
            return delivery
        delivery.attempts = F("attempts") + 1
        delivery.last_status_code, delivery.last_error = code, error[:200]
        delivery.save(update_fields=["attempts", "last_status_code", "last_error"])
        delivery.refresh_from_db(fields=["attempts"])
        if not error:
            delivery.delivered_at, delivery.next_attempt_at = now, None
            DELIVERY_MACHINE.move(delivery, D.DELIVERED, actor="system", reason=f"HTTP {code}",
                                  fields=["delivered_at", "next_attempt_at"])
        elif delivery.attempts >= setting("WEBHOOK_MAX_ATTEMPTS"):
            delivery.next_attempt_at = None
            DELIVERY_MACHINE.move(delivery, D.FAILED, actor="system", reason=error, fields=["next_attempt_at"])
            alert(delivery.distributor_id, AlertKind.WEBHOOK_FAILED,
                  f"回调 {delivery.event_type} 推送 {delivery.attempts} 次均失败", detail={"event_id":
                                                                                  str(delivery.event_id)})
        else:
            delivery.next_attempt_at = now + timedelta(seconds=backoff_seconds(delivery.attempts))
            delivery.save(update_fields=["next_attempt_at"])
    return delivery


def retry_due(*, now=None, limit: int = 200) -> int:
    """Beat safety net: pending deliveries whose next attempt is due (e.g. a worker was lost)."""
    now = now or timezone.now()
    due = list(WebhookDelivery.objects.filter(status=D.PENDING, next_attempt_at__lte=now - timedelta(seconds=60))
               .values_list("id", flat=True)[:limit])
    for delivery_id in due:
        _send_later(delivery_id)
    return len(due)
