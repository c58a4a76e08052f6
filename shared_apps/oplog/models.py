"""Operation log (OPS-ACC-09): every write by merchant staff, operators and distributors.

Append-only: a database trigger rejects UPDATE and DELETE.
"""

from django.conf import settings
from django.db import models


class OperationLog(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    actor = models.CharField(max_length=150)  # username or apikey:<prefix>, kept if the user goes
    actor_kind = models.CharField(max_length=16)  # operator / staff / distributor / tourist / system
    schema_name = models.CharField(max_length=63, db_index=True)
    action = models.CharField(max_length=100)  # e.g. "POST /ops/applications/3/approve/" or a service verb
    target = models.CharField(max_length=200, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["schema_name", "-at"]), models.Index(fields=["actor", "-at"])]
