"""Platform host, mounted under /api/v1/: OCTO API (API key), distributor self-service (member
session/JWT), public application, operator endpoints. Referrals and the member CRM:
shared_apps.referrals.api.urls."""

from django.urls import path

from . import views_discounts as disc
from . import views_member as m
from . import views_octo as o
from . import views_ops as ops
from . import views_public as pub

octo = [
    path("octo/suppliers/", o.SuppliersView.as_view(), name="octo-suppliers"),
    path("octo/suppliers/<slug:supplier>/products/", o.ProductsView.as_view(), name="octo-products"),
    path("octo/suppliers/<slug:supplier>/products/<int:product_id>/", o.ProductView.as_view(), name="octo-product"),
    path("octo/suppliers/<slug:supplier>/availability/", o.AvailabilityView.as_view(), name="octo-availability"),
    path("octo/suppliers/<slug:supplier>/bookings/", o.BookingsView.as_view(), name="octo-bookings"),
    path("octo/suppliers/<slug:supplier>/bookings/<uuid:booking_uuid>/", o.BookingView.as_view(),
         name="octo-booking"),
    path("octo/suppliers/<slug:supplier>/bookings/<uuid:booking_uuid>/confirm/", o.ConfirmView.as_view(),
         name="octo-booking-confirm"),
    path("octo/suppliers/<slug:supplier>/bookings/<uuid:booking_uuid>/cancel/", o.CancelView.as_view(),
         name="octo-booking-cancel"),
    path("octo/bookings/", o.BookingListView.as_view(), name="octo-booking-list"),
]

member = [
    path("distributor/profile/", m.ProfileView.as_view(), name="dst-profile"),
    path("distributor/members/", m.MembersView.as_view(), name="dst-members"),
    path("distributor/members/<int:pk>/", m.MemberDetailView.as_view(), name="dst-member"),
    path("distributor/departments/", m.DepartmentsView.as_view(), name="dst-departments"),
    path("distributor/departments/<int:pk>/", m.DepartmentDetailView.as_view(), name="dst-department"),
    path("distributor/api-keys/", m.ApiKeysView.as_view(), name="dst-api-keys"),
    path("distributor/api-keys/<str:prefix>/", m.ApiKeyDetailView.as_view(), name="dst-api-key"),
    path("distributor/api-keys/<str:prefix>/revoke/", m.ApiKeyRevokeView.as_view(), name="dst-api-key-revoke"),
    path("distributor/webhook/", m.WebhookView.as_view(), name="dst-webhook"),
    path("distributor/webhook/test/", m.WebhookTestView.as_view(), name="dst-webhook-test"),
    path("distributor/alerts/", m.AlertsView.as_view(), name="dst-alerts"),
    path("distributor/alerts/<int:pk>/read/", m.AlertReadView.as_view(), name="dst-alert-read"),
    path("distributor/suppliers/", m.SuppliersView.as_view(), name="dst-suppliers"),
    path("distributor/contracts/", m.ContractsView.as_view(), name="dst-contracts"),
    path("distributor/bookings/", m.MemberBookingsView.as_view(), name="dst-bookings"),
    path("distributor/finance/", m.FinanceView.as_view(), name="dst-finance"),
    path("distributor/finance/topups/", m.TopUpsView.as_view(), name="dst-topups"),
    path("distributor/finance/withdrawals/", m.WithdrawalsView.as_view(), name="dst-withdrawals"),
    path("distributor/finance/password/", m.FinancePasswordView.as_view(), name="dst-finance-password"),
    path("distributor/finance/bank-account/", m.BankAccountView.as_view(), name="dst-bank-account"),
    path("distributor/finance/transactions/", m.TransactionsView.as_view(), name="dst-transactions"),
    path("distributor/finance/reconciliation/", m.ReconciliationView.as_view(), name="dst-reconciliation"),
    path("distributor/statements/", m.StatementView.as_view(), name="dst-statements"),
    path("distributor/oplog/", m.OplogView.as_view(), name="dst-oplog"),
    path("distributor/prices/", disc.DistributorPricesView.as_view(), name="dst-prices"),
]

public = [
    path("distributor-applications/", pub.ApplyView.as_view(), name="dst-apply"),
]


def _decisions(route: str, view, name: str, yes: str = "approve") -> list:
    """The `yes` (approve or confirm) and reject routes of one operator decision view."""
    return [path(f"{route}<int:pk>/{yes}/", view.as_view(approve=True), name=f"{name}-{yes}"),
            path(f"{route}<int:pk>/reject/", view.as_view(approve=False), name=f"{name}-reject")]


operators = [
    path("ops/distributor-applications/", ops.ApplicationsView.as_view(), name="ops-dst-applications"),
    path("ops/distributor-applications/<int:pk>/", ops.ApplicationDetailView.as_view(), name="ops-dst-application"),
    *_decisions("ops/distributor-applications/", ops.ApplicationDecisionView, "ops-dst-application"),
    path("ops/distributors/", ops.DistributorsView.as_view(), name="ops-distributors"),
    path("ops/distributors/<int:pk>/", ops.DistributorDetailView.as_view(), name="ops-distributor"),
    path("ops/distributors/<int:pk>/suspend/", ops.DistributorStatusView.as_view(active=False),
         name="ops-distributor-suspend"),
    path("ops/distributors/<int:pk>/activate/", ops.DistributorStatusView.as_view(active=True),
         name="ops-distributor-activate"),
    path("ops/distributors/<int:pk>/credit-limit/", ops.CreditLimitView.as_view(), name="ops-distributor-credit"),
    path("ops/distributors/<int:pk>/topups/", ops.RecordTopUpView.as_view(), name="ops-distributor-topup"),
    path("ops/distributors/<int:pk>/reconciliation/", ops.DistributorReconciliationView.as_view(),
         name="ops-distributor-reconciliation"),
    path("ops/distributor-topups/", ops.TopUpsView.as_view(), name="ops-dst-topups"),
    *_decisions("ops/distributor-topups/", ops.TopUpDecisionView, "ops-dst-topup", yes="confirm"),
    path("ops/distributor-withdrawals/", ops.WithdrawalsView.as_view(), name="ops-dst-withdrawals"),
    *_decisions("ops/distributor-withdrawals/", ops.WithdrawalDecisionView, "ops-dst-withdrawal"),
    path("ops/distributor-levels/", ops.LevelsView.as_view(), name="ops-dst-levels"),
    path("ops/distributor-levels/<int:pk>/", ops.LevelDetailView.as_view(), name="ops-dst-level"),
]

urlpatterns = octo + member + public + operators
