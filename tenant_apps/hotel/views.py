"""Hotel console pages (merchant host): 房态 room board, stays with check-in / check-out, a stay's
folio, rooms, order ledger. Writes call the same services as the API and check the role."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shared_apps.accounts.permissions import StaffPerm
from shared_apps.core.errors import flash_error, form_error
from shared_apps.core.failures import DomainError
from shared_apps.core.pages import PageForm, back, can, console_view, forbidden, paginate, run
from shared_apps.core.params import parse_day, today
from shared_apps.ledger.money import positive_fen
from tenant_apps.catalog.models import Product, ProductKind

from . import folio as folios
from . import selectors, services
from .models import ChargeKind, Folio, PayMethod, Room, RoomStatus, Stay, StayStatus


class RoomForm(PageForm):
    number = forms.CharField(label="房号", max_length=16)
    floor = forms.IntegerField(label="楼层", initial=1, min_value=-5, max_value=200)
    room_type_id = forms.TypedChoiceField(label="房型", coerce=int, choices=())
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room_type_id"].choices = [
            (p.pk, p.name) for p in Product.objects.filter(kind=ProductKind.ROOM).order_by("id")]


@console_view
def board(request):
    try:
        start = parse_day(request.GET.get("start"), "start", today())
    except DomainError:
        start = today()
    data = selectors.board(start=start, days=7)
    return render(request, "hotel/board.html", {
        "board": data, "prev": start - timedelta(days=7), "next": start + timedelta(days=7),
        "room_statuses": RoomStatus.choices, "can_handle": can(request, StaffPerm.FULFIL_HANDLE),
    })


@console_view
@require_POST
def room_status(request, pk):
    if not can(request, StaffPerm.FULFIL_HANDLE):
        return forbidden(request, "您的岗位没有修改房态的权限。")
    room = get_object_or_404(Room, pk=pk)
    run(request, lambda: services.set_room_status(room_id=room.pk, status=request.POST.get("status", ""),
                                             actor=request.user.username),
        f"房间 {room.number} 状态已更新。")
    return back(request, "hotel-board")


@console_view
def stays(request):
    status = request.GET.get("status", "")
    try:
        day = parse_day(request.GET.get("day"))
    except DomainError:
        day = None
    rows = selectors.stays(status=status, day=day, q=request.GET.get("q", ""))
    page_obj = paginate(request, rows)
    selectors.with_folios(page_obj.object_list)
    return render(request, "hotel/stays.html", {
        "page_obj": page_obj, "statuses": StayStatus.choices, "status": status, "day": day,
        "q": request.GET.get("q", ""), "can_handle": can(request, StaffPerm.FULFIL_HANDLE),
    })


STAY_ACTIONS = {
    "check_in": (lambda pk, who: services.check_in(stay_id=pk, actor=who), "已办理入住。"),
    "check_out": (lambda pk, who: services.check_out(stay_id=pk, actor=who), "已办理离店。"),
    "no_show": (lambda pk, who: services.mark_no_show(stay_id=pk, actor=who), "已标记为未到店。"),
    "auto_assign": (lambda pk, who: services.auto_assign(stay_id=pk, actor=who), "已自动分配房间。"),
    "unassign": (lambda pk, who: services.unassign_room(stay_id=pk, actor=who), "已取消分房。"),
}


@console_view
@require_POST
def stay_action(request, pk, action):
    if action not in STAY_ACTIONS:
        return forbidden(request, "不支持的操作。")
    if not can(request, StaffPerm.FULFIL_HANDLE):
        return forbidden(request, "您的岗位没有前台操作权限。")
    stay = get_object_or_404(Stay, pk=pk)
    fn, ok = STAY_ACTIONS[action]
    run(request, lambda: fn(stay.pk, request.user.username), ok)
    return back(request, "hotel-stays")


@console_view
def stay_detail(request, pk):
    stay = get_object_or_404(Stay.objects.select_related("room", "order"), pk=pk)
    folio = Folio.objects.filter(stay=stay).first()
    qr = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        perm = StaffPerm.FULFIL_HANDLE if action in ("assign", "charge") else StaffPerm.CASHIER_SETTLE
        if not can(request, perm):
            return forbidden(request, "您的岗位没有该操作权限。")
        who = request.user.username
        if action == "assign":
            raw = request.POST.get("room_id", "")
            room_id = int(raw) if raw.isdigit() else 0
            run(request, lambda: services.assign_room(stay_id=stay.pk, room_id=room_id, actor=who,
                                                      allow_other_type=bool(request.POST.get("upgrade"))),
                "已分配房间。")
            return redirect("hotel-stay", pk=stay.pk)
        folio = folio or folios.folio_for_stay(stay_id=stay.pk)
        amount = positive_fen(request.POST.get("amount", ""))
        if action == "charge":
            if amount is None:
                messages.error(request, "请填写正确的金额（元，最多两位小数）。")
            else:
                run(request, lambda: folios.add_charge(folio_id=folio.pk, kind=request.POST.get("kind", ""),
                                                       amount_fen=amount, actor=who,
                                                       description=request.POST.get("description", "")),
                    "已记入消费。")
            return redirect("hotel-stay", pk=stay.pk)
        if action == "settle":
            run(request, lambda: folios.settle(folio_id=folio.pk, method=request.POST.get("method", ""), actor=who),
                "账单已结清。")
            return redirect("hotel-stay", pk=stay.pk)
        if action == "qr":
            try:
                qr = folios.payment_qr(folio_id=folio.pk, amount_fen=amount)
            except DomainError as exc:
                flash_error(request, exc)
    free = services.free_rooms(room_type_id=None, start=max(stay.arrival, today()),
                               nights=max(1, (stay.departure - max(stay.arrival, today())).days))
    return render(request, "hotel/stay_detail.html", {
        "stay": stay, "folio": folio, "qr": qr, "free_rooms": free, "charge_kinds": ChargeKind.choices,
        "methods": [(m, PayMethod(m).label) for m in folios.STAFF_METHODS], "events": stay.events.all(),
        "can_handle": can(request, StaffPerm.FULFIL_HANDLE), "can_settle": can(request, StaffPerm.CASHIER_SETTLE),
    })


@console_view
def rooms(request):
    form = RoomForm(request.POST or None)
    if request.method == "POST":
        if not can(request, StaffPerm.FULFIL_SETUP):
            return forbidden(request, "您的岗位没有管理房间的权限。")
        if form.is_valid():
            try:
                room = services.create_room(**form.cleaned_data)
            except DomainError as exc:
                form_error(form, exc)
            else:
                messages.success(request, f"已添加房间 {room.number}。")
                return redirect("hotel-rooms")
    return render(request, "hotel/rooms.html", {
        "rooms": Room.objects.select_related("room_type"), "form": form,
        "can_setup": can(request, StaffPerm.FULFIL_SETUP),
    })


def _ledger(request) -> dict:
    return selectors.ledger(start=parse_day(request.GET.get("start"), "start"),
                            end=parse_day(request.GET.get("end"), "end"), status=request.GET.get("status", ""),
                            q=request.GET.get("q", ""))


@console_view
def ledger(request):
    try:
        data = _ledger(request)
    except DomainError as exc:
        flash_error(request, exc)
        data = {"rows": [], "count": 0, "totals": {}}
    return render(request, "hotel/ledger.html", {"data": data, "statuses": StayStatus.choices, "params": request.GET,
                                                 "query": request.GET.urlencode()})


@console_view
def ledger_csv(request):
    response = HttpResponse(selectors.ledger_csv(_ledger(request)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hotel-ledger-{today()}.csv"'
    return response
