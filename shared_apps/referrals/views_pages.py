"""Member CRM pages (platform host, signed-in distributor member, DST-MEM-01/03). Same services
and role permissions (distribution.permissions.DISTRIBUTOR_PERMISSIONS) as the
/api/v1/distributor/crm/ API."""

from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shared_apps.core.errors import error_page, flash_error
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import forbidden, paginate
from shared_apps.distribution.views_pages import member_page

from .services import crm


@member_page("crm.view")
def members(request, dist):
    try:
        filters = crm.parse_filters(request.GET)
    except DomainError as exc:
        flash_error(request, exc)
        filters = {}
    page_obj = paginate(request, crm.filtered(dist.pk, filters), per_page=30)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "referrals/members.html", {
        "dist": dist, "page_obj": page_obj, "rows": crm.rows(dist.pk, page_obj.object_list),
        "tags": crm.tags_of(dist.pk), "levels": crm.levels(), "f": request.GET, "query": query.urlencode(),
        "due": len(crm.reminders(dist.pk)), "can": request.dst_can})


@member_page("crm.export")
def members_export(request, dist):
    try:
        body = crm.export_csv(dist.pk, crm.parse_filters(request.GET))
    except DomainError as exc:
        return forbidden(request, exc.message)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="members-{timezone.localdate():%Y%m%d}.csv"'
    return response


@member_page("crm.view")
def member_detail(request, dist, pk: int):
    try:
        row = crm.member_detail(dist.pk, pk)
    except DomainError as exc:
        return error_page(request, exc, status=404)
    return render(request, "referrals/member_detail.html", {
        "dist": dist, "m": row, "tag_text": "，".join(t["name"] for t in row["tags"]),
        "all_tags": crm.tags_of(dist.pk), "today": timezone.localdate(), "can": request.dst_can})


def _back(pk: int):
    return redirect("dst-page-member", pk=pk)


@require_POST
@member_page("crm.edit")
def member_tags(request, dist, pk: int):
    names = [n for n in request.POST.get("tags", "").replace("，", ",").replace("、", ",").split(",") if n.strip()]
    try:
        crm.set_tags(distributor_id=dist.pk, binding_id=pk, names=names, user=request.user)
        messages.success(request, "已更新标签。")
    except DomainError as exc:
        flash_error(request, exc)
    return _back(pk)


@require_POST
@member_page("crm.edit")
def member_note(request, dist, pk: int):
    try:
        raw = request.POST.get("next_follow_up_on") or ""
        next_on = date.fromisoformat(raw) if raw else None
        crm.add_note(distributor_id=dist.pk, binding_id=pk, user=request.user, text=request.POST.get("text", ""),
                     next_follow_up_on=next_on)
        messages.success(request, "已添加跟进记录。")
    except ValueError:
        messages.error(request, "日期格式应为 YYYY-MM-DD。")
    except DomainError as exc:
        flash_error(request, exc)
    return _back(pk)


@require_POST
@member_page("crm.edit")
def note_done(request, dist, pk: int):
    try:
        note = crm.complete_follow_up(distributor_id=dist.pk, note_id=pk, user=request.user)
    except DomainError as exc:
        return error_page(request, exc, status=404)
    messages.success(request, "已标记为完成。")
    if request.POST.get("next") == "reminders":
        return redirect("dst-page-reminders")
    return _back(note.binding_id)


@member_page("crm.view")
def reminders(request, dist):
    return render(request, "referrals/reminders.html", {
        "dist": dist, "rows": crm.reminders(dist.pk), "today": timezone.localdate(), "can": request.dst_can})
