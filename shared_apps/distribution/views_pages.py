"""Distributor member area pages (platform host, signed-in distributor member): the effective
discount prices (DST-DIS-03) and `member_page`, the guard every member page uses (the member CRM
pages: shared_apps.referrals.views_pages). Same role permissions
(permissions.DISTRIBUTOR_PERMISSIONS) as the /api/v1/distributor/ API."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from shared_apps.core.failures import DomainError
from shared_apps.core.pages import forbidden

from .api.views_discounts import effective_prices
from .models import ContractStatus, DistributorContract
from .permissions import DISTRIBUTOR_PERMISSIONS, member_of


def member_page(permission: str):
    """Only signed-in members of an active distributor whose role allows `permission`."""

    def deco(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            try:
                member = member_of(request)
            except DomainError as exc:
                return forbidden(request, exc.message)
            if member.role not in DISTRIBUTOR_PERMISSIONS[permission]:
                return forbidden(request, "您的角色没有该操作权限。")
            request.dst_member = member
            request.dst_can = {p.replace(".", "_"): member.role in roles
                               for p, roles in DISTRIBUTOR_PERMISSIONS.items()}
            return view(request, member.distributor, *args, **kwargs)

        return wrapper

    return deco


@member_page("prices.view")
def prices(request, dist):
    contracts = DistributorContract.objects.filter(distributor=dist, status=ContractStatus.ACTIVE).select_related(
        "merchant").order_by("merchant__name")
    return render(request, "distribution/prices.html", {
        "dist": dist, "suppliers": [effective_prices(dist.pk, c.merchant, list(c.product_ids)) for c in contracts],
        "can": request.dst_can})
