"""The merchant's own, non-core profile (in its schema): edited freely by its staff."""

from django.db import models


class StoreProfile(models.Model):
    """Exactly one row per merchant schema (EC-TKT-01, EC-HTL-01, EC-FNB-01, EC-SHP-01)."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    display_name = models.CharField(max_length=100)
    intro = models.TextField(blank=True)
    phone = models.CharField(max_length=32, blank=True)
    address = models.CharField(max_length=200, blank=True)
    opening_hours = models.CharField(max_length=100, blank=True)
    cover_url = models.URLField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(singleton=True), name="storeprofile_singleton")]
