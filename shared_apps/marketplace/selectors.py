from django.db.models import Q

from tenants.models import MerchantStatus

from .models import Listing


def visible_listings(*, kind: str | None = None, merchant: str | None = None, q: str | None = None):
    """On-shelf listings of active merchants, newest first."""
    qs = Listing.objects.filter(on_shelf=True, merchant__status=MerchantStatus.ACTIVE).select_related("merchant")
    if kind:
        qs = qs.filter(kind=kind)
    if merchant:
        qs = qs.filter(merchant__schema_name=merchant)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(subtitle__icontains=q))
    return qs.order_by("-updated_at", "-id")
