"""Member CRM for member-distributors (DST-MEM-01/03): tags on referred tourists (the
ReferralBinding is the member record) and follow-up notes with an optional next date."""

from django.conf import settings
from django.db import models


class MemberTag(models.Model):
    """A distributor's own tag; attached to its referral bindings."""

    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.CASCADE, related_name="member_tags")
    name = models.CharField(max_length=20)
    color = models.CharField(max_length=7, blank=True)
    bindings = models.ManyToManyField("distribution.ReferralBinding", blank=True, related_name="tags")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["distributor", "name"], name="uniq_member_tag")]


class FollowUpNote(models.Model):
    """A note / follow-up on one member: who, when, text, and when to follow up next."""

    distributor = models.ForeignKey("accounts.Distributor", on_delete=models.CASCADE, related_name="member_notes")
    binding = models.ForeignKey("distribution.ReferralBinding", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=150)
    text = models.CharField(max_length=1000)
    next_follow_up_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["distributor", "next_follow_up_on"])]
