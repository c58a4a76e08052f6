"""A webhook URL is a request the platform makes on a distributor's behalf: it must not reach the
platform's own machine or network (SSRF), at save time or at send time, follow no redirect, and tell
the distributor the HTTP status only, never why a connection failed (no port scanner)."""

import socket

import pytest
from django.test import Client

from shared_apps.core import outbound
from shared_apps.distribution.models import WebhookDelivery
from shared_apps.distribution.services import webhooks
from tests.builders.distribution import make_distributor
from tests.builders.receivers import FakeDns, Receiver

PUBLIC = "93.184.216.34"


@pytest.fixture
def dist(db):
    return make_distributor("钩子旅行社", admin="ssrf_admin")


@pytest.fixture
def member(dist):
    client = Client(HTTP_HOST="localhost")
    assert client.login(username="ssrf_admin", password="Travel#2026")
    return client


def put_url(client, url):
    return client.put("/api/v1/distributor/webhook/", {"url": url}, content_type="application/json")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:6379/", "http://localhost:5432/", "http://[::1]:8000/", "http://[::ffff:127.0.0.1]/",
    "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/", "http://192.168.1.1/", "http://0.0.0.0:22/",
    "http://[fe80::1]/", "http://224.0.0.1/", "http://100.64.0.1/",
    "http://inside.example.test/", "http://user:pw@hooks.example.test/", "http://nowhere.invalid/",
])
def test_webhook_urls_to_the_platform_itself_or_its_network_are_refused(member, monkeypatch, url):
    monkeypatch.setattr(socket, "getaddrinfo", FakeDns({"inside.example.test": ["10.1.2.3"],
                                                        "hooks.example.test": [PUBLIC]}))
    response = put_url(member, url)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "webhook_url_refused" and body["message"] and body["message_en"]


def test_a_public_host_is_accepted_and_production_requires_https(member, monkeypatch, settings):
    monkeypatch.setattr(socket, "getaddrinfo", FakeDns({"hooks.example.test": [PUBLIC]}))
    assert put_url(member, "http://hooks.example.test/in").status_code == 200
    settings.OUTBOUND_URL_REQUIRE_HTTPS = True
    refused = put_url(member, "http://hooks.example.test/in").json()
    assert refused["code"] == "webhook_url_refused" and refused["details"] == {"reason": "https_required"}
    assert put_url(member, "https://hooks.example.test/in").status_code == 200


def test_a_name_that_resolves_inside_at_send_time_is_refused_then(dist, member, monkeypatch):
    """DNS rebinding: public when saved, loopback when sent. Nothing is sent; the ping is refused."""
    receiver = Receiver(status=200)
    try:
        monkeypatch.setattr(socket, "getaddrinfo", FakeDns({"rebind.example.test": [PUBLIC, "127.0.0.1"]}))
        assert put_url(member, f"http://rebind.example.test:{receiver.port}/hook").status_code == 200
        delivery = webhooks.enqueue(distributor_id=dist.pk, event_type="ping", ref="p1", payload={})
        sent = webhooks.attempt(delivery.pk)
        assert sent.last_error == "url_refused" and sent.last_status_code is None and receiver.calls == []
        ping = member.post("/api/v1/distributor/webhook/test/")
        assert ping.status_code == 400 and ping.json()["code"] == "webhook_url_refused"
    finally:
        receiver.close()


def test_the_connection_goes_to_the_address_that_was_checked(monkeypatch, settings):
    """The name is resolved once: a second answer (elsewhere) is never used to connect."""
    settings.OUTBOUND_URL_ALLOWED_HOSTS = ["pinned.example.test"]
    receiver = Receiver(status=204)
    try:
        dns = FakeDns({"pinned.example.test": ["127.0.0.1", "127.0.0.2"]})
        monkeypatch.setattr(socket, "getaddrinfo", dns)
        status = outbound.post(f"http://pinned.example.test:{receiver.port}/x?a=1", body=b"{}", headers={})
        assert status == 204 and dns.lookups == ["pinned.example.test"]
        assert receiver.calls[0][0]["Host"] == f"pinned.example.test:{receiver.port}"
    finally:
        receiver.close()


@pytest.mark.django_db
def test_redirects_are_not_followed_and_deliveries_record_the_status_only(settings):
    settings.OUTBOUND_URL_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.OUTBOUND_READ_TIMEOUT_SECONDS = 0.5
    target = Receiver(status=200)
    redirecting = Receiver(status=302, headers={"Location": target.url}, body=b"secret internal page")
    slow = Receiver(status=200, delay=2)
    closed = Receiver(status=200)
    closed.close()  # nothing listens on its port any more
    try:
        outcomes = {}
        for name, receiver in (("redirect", redirecting), ("slow", slow), ("closed", closed)):
            dist = make_distributor(f"状态旅行社{name}")
            dist.profile.webhook_url = receiver.url
            dist.profile.save(update_fields=["webhook_url"])
            delivery = webhooks.enqueue(distributor_id=dist.pk, event_type="ping", ref=name, payload={})
            sent = webhooks.attempt(delivery.pk)
            outcomes[name] = (sent.last_status_code, sent.last_error)
        assert target.calls == []  # the redirect was not followed
        assert outcomes == {"redirect": (302, "HTTP 302"), "slow": (None, "unreachable"),
                            "closed": (None, "unreachable")}  # a timeout and a closed port look the same
    finally:
        for receiver in (target, redirecting, slow):
            receiver.close()


@pytest.mark.parametrize("url", ["http://2130706433/", "http://0x7f.1/", "http://127.1:80/", "gopher://x/",
                                 "http://[::ffff:7f00:1]/", "http://[64:ff9b::a00:1]/", "http://[2002:a00:1::]/"])
def test_the_guard_refuses_other_spellings_of_inside_addresses(url):
    with pytest.raises(outbound.OutboundRefused):
        outbound.check(url)


def test_timeouts_are_short():
    pool = outbound._pool(outbound.Target(scheme="https", host="hooks.example.test", port=443, path="/",
                                          address=PUBLIC))
    assert (pool.timeout.connect_timeout, pool.timeout.read_timeout) == (3, 5)


def test_an_old_delivery_error_detail_reads_as_unreachable(dist, member):
    """Rows from before the guard held exception names; the log shows them as `unreachable`."""
    old = WebhookDelivery.objects.create(distributor=dist, event_type="ping", ref="old", payload={},
                                         last_error="ReadTimeout")
    shown = member.get("/api/v1/distributor/webhook/").json()["deliveries"]
    assert [d["last_error"] for d in shown if d["ref"] == old.ref] == ["unreachable"]
