"""Redemption callbacks: when a distributor's order is used, the distributor's webhook gets a
signed POST (HMAC-SHA256 over "<timestamp>.<body>"), retried with backoff after a failure,
with one event id across retries. A tiny local HTTP server plays the distributor (tests/builders/receivers.py)."""

import json
import time

import pytest
from django.test import Client

from shared_apps.distribution.models import WebhookDelivery
from shared_apps.distribution.services import bookings, webhooks
from shared_apps.distribution.tasks import deliver_webhook_task
from tests.builders.catalog import ticket
from tests.builders.checkout import fulfil
from tests.builders.dates import day
from tests.builders.distribution import key_for, make_distributor
from tests.builders.receivers import Receiver


@pytest.fixture(autouse=True)
def _local_receiver_allowed(settings):
    settings.OUTBOUND_URL_ALLOWED_HOSTS = ["127.0.0.1"]  # the receiver below listens on loopback


@pytest.fixture
def receiver():
    r = Receiver(fail_first=1)
    yield r
    r.close()


def _redeemed_booking(alpha, receiver, admin: str):
    dist = make_distributor(f"回调旅行社{admin}", [alpha], deposit=100_000, admin=admin)
    member = Client(HTTP_HOST="localhost")
    assert member.login(username=admin, password="Travel#2026")
    secret = member.put("/api/v1/distributor/webhook/", {"url": receiver.url},
                        content_type="application/json").json()["secret"]
    key, _ = key_for(dist, [alpha])
    p = ticket(alpha, capacity=5, price=10000, dprice=8000)
    booking = bookings.confirm(booking_id=bookings.reserve(api_key=key, merchant=alpha, product_id=p.pk, units=2,
                                                           day=day(3)).pk, actor="t")
    fulfil(alpha, booking.order_id)
    return dist, booking, secret


def _check_signed(receiver, secret, booking):
    ids = set()
    for headers, body in receiver.calls:
        assert webhooks.verify(secret, headers["X-Tourism-Signature"], body)
        assert headers["X-Tourism-Signature"].startswith(f"t={headers['X-Tourism-Timestamp']},")
        assert not webhooks.verify("whsec_wrong", headers["X-Tourism-Signature"], body)
        assert not webhooks.verify(secret, headers["X-Tourism-Signature"], body + b" ")
        event = json.loads(body)
        assert event["type"] == "booking.redeemed" and event["data"]["uuid"] == str(booking.uuid)
        assert event["data"]["status"] == "redeemed" and event["id"] == headers["X-Tourism-Event-Id"]
        ids.add(event["id"])
    assert len(ids) == 1  # retries carry the same event id


@pytest.mark.django_db
def test_signed_redemption_webhook_retried_after_failure(merchants, receiver, django_capture_on_commit_callbacks):
    alpha = merchants["alpha"]
    dist, booking, secret = _redeemed_booking(alpha, receiver, "hook_admin")
    with django_capture_on_commit_callbacks() as callbacks:
        assert bookings.sweep_redemptions() == 1
        assert bookings.sweep_redemptions() == 0  # an event is recorded once
    assert len(callbacks) == 1
    delivery = WebhookDelivery.objects.get(distributor=dist)
    first = webhooks.attempt(delivery.pk)
    assert first.status == "pending" and first.attempts == 1 and first.last_status_code == 500
    assert first.next_attempt_at is not None
    assert webhooks.backoff_seconds(1) == 30 and webhooks.backoff_seconds(3) == 120
    result = deliver_webhook_task.apply(args=[delivery.pk])  # the Celery task (eager), which retries on failure
    assert result.get() == "delivered"
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 2 and len(receiver.calls) == 2
    _check_signed(receiver, secret, booking)
    assert webhooks.attempt(delivery.pk).attempts == 2  # delivered: never sent again
    listed = Client(HTTP_HOST="localhost")
    listed.login(username="hook_admin", password="Travel#2026")
    assert listed.get("/api/v1/distributor/webhook/").json()["deliveries"][0]["status"] == "delivered"


@pytest.mark.django_db
def test_gives_up_after_max_attempts_and_alerts(merchants, settings):
    settings.DISTRIBUTION_WEBHOOK_MAX_ATTEMPTS = 2
    receiver = Receiver(fail_first=10)
    try:
        dist, booking, _ = _redeemed_booking(merchants["alpha"], receiver, "hook_admin2")
        bookings.sweep_redemptions()
        delivery = WebhookDelivery.objects.get(distributor=dist)
        webhooks.attempt(delivery.pk)
        assert webhooks.attempt(delivery.pk).status == "failed"
        assert dist.alerts.filter(kind="webhook_failed").exists()
    finally:
        receiver.close()


def test_live_worker_delivers_with_backoff(merchants, live_worker, settings):
    """End to end: the sweep commits, the real worker sends, fails, retries after the backoff."""
    settings.DISTRIBUTION_WEBHOOK_BACKOFF_SECONDS = 1
    receiver = Receiver(fail_first=1)
    try:
        _, booking, secret = _redeemed_booking(merchants["alpha"], receiver, "hook_admin3")
        assert bookings.sweep_redemptions() == 1
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and WebhookDelivery.objects.get().status != "delivered":
            time.sleep(0.2)
        assert WebhookDelivery.objects.get().status == "delivered" and len(receiver.calls) == 2
        _check_signed(receiver, secret, booking)
    finally:
        receiver.close()
