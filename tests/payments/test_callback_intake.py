"""The callback endpoints are open to the internet: nothing is stored before the signature is
verified, bodies are capped, and each IP is rate-limited, so junk cannot fill the database."""

import os
from datetime import datetime

import pytest
import time_machine
from django.test import Client

from shared_apps.payments import services as payments
from shared_apps.payments.models import GatewayCallback

pytestmark = pytest.mark.django_db
ONE_WINDOW = datetime.fromisoformat("2026-06-01T10:00:05+08:00")  # the limiter counts per clock minute


def junk(size: int) -> bytes:
    return b'{"id":"' + os.urandom(size // 2).hex().encode()[:size] + b'"}'


def post(gateway: str, body: bytes, ip: str = "198.51.100.7", **headers):
    return Client(HTTP_HOST="localhost").post(f"/api/v1/payments/callbacks/{gateway}/", body,
                                              content_type="application/json", REMOTE_ADDR=ip, **headers)


@pytest.mark.parametrize("gateway", ["wechat", "alipay"])
def test_unsigned_junk_is_refused_and_nothing_is_stored(gateways, gateway):
    """Before: 50 unsigned 20 KB bodies made 50 GatewayCallback rows (1 MB of junk)."""
    with time_machine.travel(ONE_WINDOW, tick=True):
        for n in range(50):
            response = post(gateway, junk(20_000), ip=f"198.51.100.{n}",
                            HTTP_WECHATPAY_SIGNATURE="forged", HTTP_WECHATPAY_TIMESTAMP="1")
            assert response.status_code in (200, 500) and b"success" not in response.content.lower()
    assert GatewayCallback.objects.count() == 0
    assert payments.refused_callbacks(gateway) == 50  # counted, for monitoring, not stored


def test_an_oversized_body_is_413_before_verification(gateways, settings):
    settings.PAYMENT_CALLBACK_MAX_BYTES = 64 * 1024
    response = post("wechat", junk(70_000))
    assert response.status_code == 413 and response.json()["code"] == "callback_too_large"
    assert response.json()["message"] and response.json()["message_en"]
    assert GatewayCallback.objects.count() == 0 and payments.refused_callbacks("wechat") == 0


def test_callbacks_are_rate_limited_per_ip(gateways, settings):
    settings.PAYMENT_CALLBACK_RATE_PER_MINUTE = 5
    with time_machine.travel(ONE_WINDOW, tick=True):
        codes = [post("alipay", b"x=1", ip="198.51.100.9").status_code for _ in range(6)]
        other = post("alipay", b"x=1", ip="203.0.113.5")
        limited = post("alipay", b"x=1", ip="198.51.100.9")
    assert codes == [200] * 5 + [429] and other.status_code == 200
    assert limited.json()["code"] == "rate_limited" and limited.json()["details"]["retry_after"] > 0


def test_with_redis_cut_a_forged_callback_is_refused_not_a_server_error(gateways, redis_cut):
    response = post("wechat", junk(200), HTTP_WECHATPAY_SIGNATURE="forged", HTTP_WECHATPAY_TIMESTAMP="1")
    assert b"server_error" not in response.content and b"success" not in response.content.lower()
    assert GatewayCallback.objects.count() == 0 and payments.refused_callbacks("wechat") == 0  # only logged
