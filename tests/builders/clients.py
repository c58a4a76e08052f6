"""HTTP clients and calls for the JSON APIs."""

from django.test import Client


def call(client, method: str, path: str, data=None, **extra):
    """client.<method>(path) with a JSON body (empty object by default)."""
    return getattr(client, method)(path, data=data or {}, content_type="application/json", **extra)


def post(client, path: str, data=None, key: str | None = None, **extra):
    """A JSON POST, with an Idempotency-Key header when `key` is given."""
    if key:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(path, data or {}, content_type="application/json", **extra)


def octo(raw_key: str) -> Client:
    """A client of the distributor (OCTO) API authenticated by an API key."""
    return Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
