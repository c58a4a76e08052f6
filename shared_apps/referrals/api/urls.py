"""Platform host, mounted under /api/v1/ next to distribution's API: tourist referral binding,
the distributor's referred users, performance and member CRM, operators' performance."""

from django.urls import path

from . import views as v
from . import views_crm as crm

urlpatterns = [
    path("referrals/bind/", v.ReferralBindView.as_view(), name="referral-bind"),
    path("referrals/me/", v.MyReferralView.as_view(), name="referral-me"),
    path("distributor/referrals/", v.ReferralsView.as_view(), name="dst-referrals"),
    path("distributor/performance/", v.PerformanceView.as_view(), name="dst-performance"),
    path("distributor/crm/members/", crm.MembersView.as_view(), name="dst-crm-members"),
    path("distributor/crm/members/export/", crm.MembersExportView.as_view(), name="dst-crm-export"),
    path("distributor/crm/members/<int:pk>/", crm.MemberDetailView.as_view(), name="dst-crm-member"),
    path("distributor/crm/members/<int:pk>/tags/", crm.MemberTagsView.as_view(), name="dst-crm-member-tags"),
    path("distributor/crm/members/<int:pk>/notes/", crm.MemberNotesView.as_view(), name="dst-crm-member-notes"),
    path("distributor/crm/notes/<int:pk>/done/", crm.NoteDoneView.as_view(), name="dst-crm-note-done"),
    path("distributor/crm/tags/", crm.TagsView.as_view(), name="dst-crm-tags"),
    path("distributor/crm/tags/<int:pk>/", crm.TagDetailView.as_view(), name="dst-crm-tag"),
    path("distributor/crm/reminders/", crm.RemindersView.as_view(), name="dst-crm-reminders"),
    path("ops/distribution/performance/", v.OpsPerformanceView.as_view(), name="ops-dst-performance"),
]
