from django.db import models

from .idempotency import IdempotencyRecord

__all__ = ["IdempotencyRecord", "StatusEvent"]


class StatusEvent(models.Model):
    """The one shape of a status-change row: who, when, from, to, why. Every app's event model
    inherits it (and may narrow a field's max_length or add its own subject and extras); saving
    cuts every text value to its field's max_length, so no caller truncates by hand. Written by
    `shared_apps.core.transitions.Machine`."""

    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.CharField(max_length=150, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def save(self, *args, **kwargs):
        self.fit()
        super().save(*args, **kwargs)

    def fit(self) -> None:
        """Cut text to each CharField's max_length; None in a non-null text field becomes ""."""
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField) or field.choices:
                continue
            value = getattr(self, field.attname)
            if value is None and not field.null:
                setattr(self, field.attname, "")
            elif isinstance(value, str) and field.max_length and len(value) > field.max_length:
                setattr(self, field.attname, value[:field.max_length])
