"""Merchant host, mounted by config/urls_tenant.py under /api/v1/merchant/."""

from django.urls import path

from ..models import ContractStatus as C
from . import views_discounts as d
from . import views_merchant as v

urlpatterns = [
    path("distributors/", v.ContractsView.as_view(), name="api-merchant-distributors"),
    path("distributors/directory/", v.DirectoryView.as_view(), name="api-merchant-distributor-directory"),
    path("distributors/bookings/", v.MerchantBookingsView.as_view(), name="api-merchant-distributor-bookings"),
    path("distributors/discounts/", d.MerchantPoliciesView.as_view(), name="api-merchant-distributor-discounts"),
    path("distributors/discounts/<int:pk>/", d.MerchantPolicyView.as_view(),
         name="api-merchant-distributor-discount"),
    path("distributors/<int:pk>/", v.ContractDetailView.as_view(), name="api-merchant-distributor"),
    path("distributors/<int:pk>/authorise/", v.ContractActionView.as_view(to=C.ACTIVE),
         name="api-merchant-distributor-authorise"),
    path("distributors/<int:pk>/reject/", v.ContractActionView.as_view(to=C.REJECTED),
         name="api-merchant-distributor-reject"),
    path("distributors/<int:pk>/revoke/", v.ContractActionView.as_view(to=C.REVOKED),
         name="api-merchant-distributor-revoke"),
]
