"""The client's address comes from our own proxies' entries of X-Forwarded-For, never from the
leftmost entry (which the client writes), so a per-IP limit cannot be dodged by sending the header."""

from datetime import datetime

import pytest
import time_machine
from django.test import Client, RequestFactory

from shared_apps.core.clientip import client_ip
from tests.builders.accounts import bearer, make_user


def request(xff: str | None, remote: str = "10.0.0.9"):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize("count, xff, expected", [
    (0, "6.6.6.6", "10.0.0.9"),                        # no proxy: the header is ignored
    (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),        # nginx appended the real address
    (1, "203.0.113.7", "203.0.113.7"),
    (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),  # load balancer, then nginx
    (2, "203.0.113.7", "10.0.0.9"),                    # fewer entries than proxies: not believed
    (1, "6.6.6.6, not-an-ip", "10.0.0.9"),
    (1, "", "10.0.0.9"),
    (1, None, "10.0.0.9"),
    (1, "2001:db8::1", "2001:db8::1"),
])
def test_the_client_is_the_nth_entry_from_the_right(settings, count, xff, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request(xff)) == expected


@pytest.mark.django_db
def test_a_forged_forwarded_for_does_not_reset_the_per_ip_payment_limit(settings, merchants):
    """Before: each request with a fresh leftmost X-Forwarded-For counted against a new IP bucket."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PAYMENT_VELOCITY_LIMITS = {"user": (1000, 1000), "device": (1000, 1000), "ip": (3, 1000)}
    codes = []
    with time_machine.travel(datetime.fromisoformat("2026-06-01T10:00:05+08:00"), tick=True):  # one limiter window
        for n in range(4):
            codes.append(_pay(make_user(f"xff_buyer{n}"), f"198.51.100.{n}, 203.0.113.7"))
    assert codes == ["not_found", "not_found", "not_found", "too_many_payments"]


def _pay(user, xff: str) -> str:
    response = Client(HTTP_HOST="localhost").post("/api/v1/payments/", {"checkout_id": 999999, "method": "wallet"},
                                                  content_type="application/json", HTTP_X_FORWARDED_FOR=xff,
                                                  **bearer(user))
    return response.json()["code"]
