"""Idempotency-Key (Stripe semantics) for order-creating and money-moving endpoints.

The key row is INSERTed in the same transaction as the work. A concurrent duplicate's
INSERT waits on the unique index until the first transaction ends: if it committed, the
duplicate replays the stored response (or gets 409 when the body differs); if it rolled
back, the duplicate simply does the work itself. Failed requests store nothing.
"""

import hashlib
import json

from django.db import IntegrityError, models, transaction
from rest_framework.response import Response

from . import failures
from .failures import DomainError


class IdempotencyRecord(models.Model):
    scope = models.CharField(max_length=80)  # user:<id> / apikey:<prefix>
    key = models.CharField(max_length=255)
    endpoint = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "core"
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="uniq_idempotency_key")]


def scope_of(user) -> str:
    api_key = getattr(user, "api_key", None)
    return f"apikey:{api_key.prefix}" if api_key is not None else f"user:{user.pk}"


def request_hash(endpoint: str, body) -> str:
    return hashlib.sha256(json.dumps([endpoint, body], sort_keys=True, default=str).encode()).hexdigest()


def run_idempotent(*, request, endpoint: str, body, work) -> Response:
    """Run `work()` (returns a DRF Response) at most once per Idempotency-Key."""
    key = request.headers.get("Idempotency-Key")
    if not key:
        with transaction.atomic():
            return work()
    if len(key) > 255:
        raise DomainError(failures.IDEMPOTENCY_KEY_INVALID)
    scope, digest = scope_of(request.user), request_hash(endpoint, body)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(scope=scope, key=key, endpoint=endpoint,
                                                          request_hash=digest)
        except IntegrityError:
            record = IdempotencyRecord.objects.get(scope=scope, key=key)
            if record.request_hash != digest:
                raise DomainError(failures.IDEMPOTENCY_KEY_REUSED) from None
            replay = Response(record.response, status=record.status_code)
            replay["Idempotent-Replayed"] = "true"
            return replay
        response = work()
        record.status_code, record.response = response.status_code, response.data
        record.save(update_fields=["status_code", "response"])
        return response
