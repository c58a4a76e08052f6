"""Member CRM pages (platform host), under the distributor member area."""

from django.urls import path

from . import views_pages as v

urlpatterns = [
    path("distributor/crm/", v.members, name="dst-page-members"),
    path("distributor/crm/export.csv", v.members_export, name="dst-page-members-export"),
    path("distributor/crm/members/<int:pk>/", v.member_detail, name="dst-page-member"),
    path("distributor/crm/members/<int:pk>/tags/", v.member_tags, name="dst-page-member-tags"),
    path("distributor/crm/members/<int:pk>/notes/", v.member_note, name="dst-page-member-note"),
    path("distributor/crm/notes/<int:pk>/done/", v.note_done, name="dst-page-note-done"),
    path("distributor/crm/reminders/", v.reminders, name="dst-page-reminders"),
]
