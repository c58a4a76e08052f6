"""Hotel: stays from paid room orders, allocation (unique room-night, also under concurrency),
holds, check-in / check-out driving the order, no-show, refunds, folios, QR, ledger, pages."""

from datetime import timedelta

import pytest

from shared_apps.core.failures import DomainError
from shared_apps.payments import refund_approval
from tenant_apps.hotel import folio as folios
from tenant_apps.hotel import qrpay, selectors, services
from tenant_apps.hotel.models import Room, RoomNight, Stay
from tenant_apps.orders import services as orders
from tenant_apps.orders import signals
from tenant_apps.orders.models import Order
from tenants.utils import in_tenant
from tests.builders.accounts import make_user
from tests.builders.catalog import room
from tests.builders.checkout import item, paid_order
from tests.builders.clients import call
from tests.builders.dates import day, today
from tests.builders.hotel import rooms
from tests.builders.threads import run_all

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def book(user, merchant, product, *, offset=0, nights=2, quantity=1):
    return paid_order(user, merchant, [item(merchant, product, quantity, day=day(offset),
                                            nights=nights)])


def test_paid_room_order_makes_one_stay_per_room_and_is_idempotent(merchants, tourist):
    beta = merchants["beta"]
    rt = room(beta, days=range(6))
    order = book(tourist, beta, rt, offset=1, nights=3, quantity=2)
    with in_tenant(beta):
        stays = list(Stay.objects.filter(order_id=order.pk).order_by("unit"))
        assert [(s.unit, s.nights, s.status) for s in stays] == [(1, 3, "booked"), (2, 3, "booked")]
        assert stays[0].departure == today() + timedelta(days=4)
        assert stays[0].amount_fen == 3 * 38800 and stays[0].guest_name == "小明"
        signals.order_paid.send(sender=Order, order=Order.objects.get(pk=order.pk))  # a replayed signal
        assert Stay.objects.filter(order_id=order.pk).count() == 2
        assert stays[0].events.get().to_status == "booked"


def test_a_room_is_never_given_twice_for_a_night(merchants, tourist):
    beta = merchants["beta"]
    rt = room(beta, days=range(6))
    r801, r802 = rooms(beta, rt)
    first = book(tourist, beta, rt, offset=1, nights=2)
    overlapping = book(tourist, beta, rt, offset=2, nights=2)
    later = book(tourist, beta, rt, offset=3, nights=1)
    with in_tenant(beta):
        s1, s2, s3 = (Stay.objects.get(order_id=o.pk) for o in (first, overlapping, later))
        services.assign_room(stay_id=s1.pk, room_id=r801.pk, actor="desk")
        with pytest.raises(DomainError) as exc:
            services.assign_room(stay_id=s2.pk, room_id=r801.pk, actor="desk")
        assert exc.value.code == "room_taken" and exc.value.details["nights"] == [str(today() + timedelta(days=2))]
        services.assign_room(stay_id=s3.pk, room_id=r801.pk, actor="desk")  # the night after s1 leaves
        assert services.auto_assign(stay_id=s2.pk, actor="desk").room_id == r802.pk
        assert RoomNight.objects.filter(room=r801).count() == 3
        # Re-assigning moves the nights: 801's nights of s1 are freed.
        services.unassign_room(stay_id=s3.pk, actor="desk")
        services.assign_room(stay_id=s1.pk, room_id=r801.pk, actor="desk")  # same room: no-op
        assert RoomNight.objects.filter(room=r801, stay=s1).count() == 2


def test_holds_block_rooms_and_type_must_match(merchants, tourist):
    beta = merchants["beta"]
    rt, suite = room(beta, days=range(6)), room(beta, name="套房", days=range(6))
    (r801,) = rooms(beta, rt, ("801",))
    (s901,) = rooms(beta, suite, ("901",))
    stay_order = book(tourist, beta, rt, offset=1, nights=1)
    with in_tenant(beta):
        stay = Stay.objects.get(order_id=stay_order.pk)
        ref = services.hold_room(room_id=r801.pk, start=day(1), nights=2, actor="mgr",
                                 note="VIP")
        with pytest.raises(DomainError) as exc:
            services.assign_room(stay_id=stay.pk, room_id=r801.pk, actor="desk")
        assert exc.value.code == "room_taken"
        with pytest.raises(DomainError) as exc:
            services.assign_room(stay_id=stay.pk, room_id=s901.pk, actor="desk")
        assert exc.value.code == "room_type_mismatch"
        services.assign_room(stay_id=stay.pk, room_id=s901.pk, actor="desk", allow_other_type=True)  # upgrade
        assert services.release_hold(hold_ref=ref) == 2
        cells = selectors.board(start=today(), days=3)["rooms"]
        assert {c["number"]: [n["kind"] for n in c["nights"]] for c in cells} == {
            "801": ["free", "free", "free"], "901": ["free", "stay", "free"]}


def test_concurrent_allocation_of_one_room_gives_it_once(merchants, transactional_db):
    beta = merchants["beta"]
    rt = room(beta, capacity=20, days=range(6))
    (hot,) = rooms(beta, rt, ("666",))
    guest = make_user("race_guest")
    orders_ = [book(guest, beta, rt, offset=1 + i % 2, nights=2) for i in range(8)]  # all overlap night +2
    with in_tenant(beta):
        stay_ids = [Stay.objects.get(order_id=o.pk).pk for o in orders_]

    def grab(i):
        with in_tenant(beta):
            try:
                services.assign_room(stay_id=stay_ids[i], room_id=hot.pk, actor=f"desk{i}")
                return True
            except DomainError as exc:
                assert exc.code == "room_taken"
                return False

    results = run_all(grab, len(stay_ids))
    assert results.count(True) == 1
    with in_tenant(beta):
        nights = list(RoomNight.objects.filter(room=hot).values_list("night", flat=True))
        assert len(nights) == len(set(nights)) == 2
        assert Stay.objects.filter(room=hot).count() == 1


def test_check_in_then_out_uses_and_completes_the_order(merchants, tourist):
    beta = merchants["beta"]
    rt = room(beta, days=range(6))
    (r801,) = rooms(beta, rt, ("801",))
    future = book(tourist, beta, rt, offset=2, nights=1)
    order = book(tourist, beta, rt, offset=0, nights=2)
    with in_tenant(beta):
        with pytest.raises(DomainError) as exc:
            services.check_in(stay_id=Stay.objects.get(order_id=future.pk).pk, actor="desk")
        assert exc.value.code == "not_arrival_day"
        stay = services.check_in(stay_id=Stay.objects.get(order_id=order.pk).pk, actor="desk")
        assert stay.status == "checked_in" and stay.room_id == r801.pk  # auto-assigned
        folio = folios.folio_for_stay(stay_id=stay.pk)
        folios.add_charge(folio_id=folio.pk, kind="minibar", amount_fen=3500, actor="desk", description="啤酒")
        with pytest.raises(DomainError) as exc:
            services.check_out(stay_id=stay.pk, actor="desk")
        assert exc.value.code == "folio_unsettled" and exc.value.details == {"balance_fen": 3500}
        folios.settle(folio_id=folio.pk, method="cash", actor="desk")
        services.check_out(stay_id=stay.pk, actor="desk")
        stay.refresh_from_db()
        assert stay.status == "checked_out" and Room.objects.get(pk=r801.pk).status == "dirty"
        assert not RoomNight.objects.filter(stay=stay, night__gte=today()).exists()  # early departure freed
        assert Order.objects.get(pk=order.pk).status == "completed"
        assert [e.to_status for e in Order.objects.get(pk=order.pk).events.all()][-2:] == ["used", "completed"]
        assert [e.to_status for e in stay.events.all()] == ["booked", "booked", "checked_in", "checked_out"]
        with pytest.raises(DomainError) as exc:
            services.check_in(stay_id=stay.pk, actor="desk")
        assert exc.value.code == "invalid_transition"


def test_order_completes_only_when_its_last_room_leaves(merchants, tourist):
    beta = merchants["beta"]
    rt = room(beta, days=range(6))
    rooms(beta, rt)
    order = book(tourist, beta, rt, offset=0, nights=1, quantity=2)
    with in_tenant(beta):
        one, two = Stay.objects.filter(order_id=order.pk).order_by("unit")
        services.check_in(stay_id=one.pk, actor="desk")
        services.check_out(stay_id=one.pk, actor="desk")
        assert Order.objects.get(pk=order.pk).status == "paid"
        services.mark_no_show(stay_id=two.pk, actor="desk")
        assert Order.objects.get(pk=order.pk).status == "completed"


def test_refund_cancels_booked_stays_and_frees_nights(merchants, tourist):
    beta = merchants["beta"]
    rt = room(beta, days=range(6))
    (r801, _) = rooms(beta, rt)
    order = book(tourist, beta, rt, offset=1, nights=2, quantity=2)
    with in_tenant(beta):
        one, two = Stay.objects.filter(order_id=order.pk).order_by("unit")
        services.assign_room(stay_id=two.pk, room_id=r801.pk, actor="desk")
        line = order.lines.get()
        refund = orders.request_refund(order_id=order.pk, actor="tourist", lines=[{"line_id": line.pk,
                                                                                  "quantity": 1}])
        refund_approval.decide_refund(refund_id=refund.pk, approve=True, actor="mgr")
        assert {s.unit: s.status for s in Stay.objects.filter(order_id=order.pk)} == {1: "booked", 2: "cancelled"}
        assert not RoomNight.objects.filter(room=r801).exists()
        with pytest.raises(DomainError) as exc:
            services.mark_no_show(stay_id=one.pk, actor="desk")
        assert exc.value.code == "not_arrival_day"


def test_walk_in_folio_payments_and_partial_amounts(merchants):
    with in_tenant(merchants["beta"]):
        folio = folios.open_walk_in(guest_name="散客王先生")
        folios.add_charge(folio_id=folio.pk, kind="room", amount_fen=28800, actor="desk")
        with pytest.raises(DomainError) as exc:
            folios.record_payment(folio_id=folio.pk, method="card", actor="desk", amount_fen=30000)
        assert exc.value.code == "amount_invalid"
        folios.record_payment(folio_id=folio.pk, method="card", actor="desk", amount_fen=8800, reference="POS1")
        folio.refresh_from_db()
        assert (folio.balance_fen, folio.status) == (20000, "open")
        # The platform applies an offline scan-to-pay once, whatever the replays.
        folios.offline_payment_succeeded(folio_id=folio.pk, amount_fen=20000, payment_ref="pi_77")
        folios.offline_payment_succeeded(folio_id=folio.pk, amount_fen=20000, payment_ref="pi_77")
        folio.refresh_from_db()
        assert (folio.paid_fen, folio.status) == (28800, "settled")
        folios.add_charge(folio_id=folio.pk, kind="laundry", amount_fen=2000, actor="desk")
        folio.refresh_from_db()
        assert folio.status == "open" and [e.to_status for e in folio.events.all()] == ["settled", "open"]


def test_payment_qr_is_signed_per_merchant_and_expires(merchants, settings):
    settings.PUBLIC_BASE_URL = "https://tour.example.cn:8443"
    with in_tenant(merchants["beta"]):
        folio = folios.open_walk_in(guest_name="李女士")
        folios.add_charge(folio_id=folio.pk, kind="food", amount_fen=12345, actor="desk")
        qr = folios.payment_qr(folio_id=folio.pk)
    assert qr["url"].startswith("https://tour.example.cn:8443/pay/offline/?t=tpq1.") and "<svg" in qr["svg"]
    payload = qrpay.verify(qr["token"])
    assert payload | {"nonce": "", "expires_at": 0} == {"merchant": "beta", "subject": "folio",
                                                       "subject_id": folio.pk, "amount_fen": 12345,
                                                       "nonce": "", "expires_at": 0}
    head, body, sig = qr["token"].split(".")
    forged = qrpay.sign(schema="alpha", subject="folio", subject_id=folio.pk, amount_fen=1).split(".")
    for token in (f"{head}.{forged[1]}.{sig}", f"{head}.{body}.{forged[2]}", "garbage", ""):
        with pytest.raises(DomainError) as exc:
            qrpay.verify(token)
        assert exc.value.code == "qr_invalid"
    with pytest.raises(DomainError) as exc:
        qrpay.verify(qr["token"], now=payload["expires_at"] + 1)
    assert exc.value.code == "qr_expired"


def test_api_front_desk_flow_ledger_and_csv(merchants, tourist, client_for):
    beta = merchants["beta"]
    rt = room(beta, days=range(6))
    desk = client_for("beta_clerk", "beta")
    owner = client_for("beta_owner", "beta")
    assert call(desk, "post", "/api/v1/merchant/hotel/rooms/", {"number": "301", "room_type_id": rt.pk}
                ).status_code == 403  # setup is for owner / manager
    created = call(owner, "post", "/api/v1/merchant/hotel/rooms/", {"number": "301", "room_type_id": rt.pk, "floor": 3})
    assert created.status_code == 201, created.json()
    order = book(tourist, beta, rt, offset=0, nights=1)
    stays = desk.get("/api/v1/merchant/hotel/stays/?status=booked").json()
    assert [s["order_no"] for s in stays] == [order.order_no]
    pk = stays[0]["id"]
    checked_in = call(desk, "post", f"/api/v1/merchant/hotel/stays/{pk}/check-in/")
    assert checked_in.json()["status"] == "checked_in" and checked_in.json()["room_number"] == "301"
    folio_id = desk.get(f"/api/v1/merchant/hotel/stays/{pk}/folio/").json()["id"]
    call(desk, "post", f"/api/v1/merchant/hotel/folios/{folio_id}/charges/", {"kind": "minibar", "amount_fen": 1500})
    assert call(desk, "post", f"/api/v1/merchant/hotel/stays/{pk}/check-out/").json()["code"] == "folio_unsettled"
    qr = call(desk, "post", f"/api/v1/merchant/hotel/folios/{folio_id}/qr/").json()
    assert qr["amount_fen"] == 1500
    paid = call(desk, "post", f"/api/v1/merchant/hotel/folios/{folio_id}/payments/", {"method": "scan"})
    assert paid.status_code == 201 and paid.json()["status"] == "settled"
    out = call(desk, "post", f"/api/v1/merchant/hotel/stays/{pk}/check-out/").json()
    assert out["status"] == "checked_out" and [e["to"] for e in out["events"]][-1] == "checked_out"
    ledger = desk.get(f"/api/v1/merchant/hotel/ledger/?start={today()}").json()
    assert ledger["count"] == 1 and ledger["totals"]["folio_paid_fen"] == 1500
    assert ledger["rows"][0]["order_status"] == "completed"
    csv = desk.get("/api/v1/merchant/hotel/ledger/export/")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("订单号,订单状态") and order.order_no in text and "15.00" in text
    board = desk.get(f"/api/v1/merchant/hotel/board/?start={today()}&days=2").json()
    assert board["rooms"][0]["number"] == "301"


def test_other_merchants_staff_cannot_touch_the_hotel(merchants, tourist, client_for):
    beta = merchants["beta"]
    rt = room(beta, days=range(6))
    (r801,) = rooms(beta, rt, ("801",))
    book(tourist, beta, rt, offset=0, nights=1)
    with in_tenant(beta):
        stay = Stay.objects.get()
    intruder = client_for("alpha_owner", "beta")
    for method, path in [("get", "/api/v1/merchant/hotel/rooms/"), ("get", "/api/v1/merchant/hotel/stays/"),
                         ("post", f"/api/v1/merchant/hotel/stays/{stay.pk}/check-in/"),
                         ("post", f"/api/v1/merchant/hotel/rooms/{r801.pk}/status/"),
                         ("get", "/api/v1/merchant/hotel/ledger/export/")]:
        assert call(intruder, method, path, {"status": "dirty"}).status_code == 403, path
    assert intruder.get("/console/hotel/").status_code == 403
    # alpha's own schema has no such stay: its staff get a 404 there, never beta's data.
    own = client_for("alpha_owner", "alpha")
    assert own.get(f"/api/v1/merchant/hotel/stays/{stay.pk}/").status_code == 404
    with in_tenant(beta):
        assert Stay.objects.get(pk=stay.pk).status == "booked"


def test_hotel_console_pages_render_and_act(merchants, tourist, client_for):
    beta = merchants["beta"]
    rt = room(beta, days=range(6))
    rooms(beta, rt, ("801",))
    order = book(tourist, beta, rt, offset=0, nights=1)
    with in_tenant(beta):
        stay = Stay.objects.get(order_id=order.pk)
    desk = client_for("beta_clerk", "beta")
    for path in ("/console/hotel/", "/console/hotel/stays/", f"/console/hotel/stays/{stay.pk}/",
                 "/console/hotel/rooms/", "/console/hotel/ledger/", "/console/hotel/ledger.csv"):
        assert desk.get(path).status_code == 200, path
    board = desk.get("/console/hotel/").content.decode()
    assert "房态" in board and "801" in board and "小明" in board
    desk.post(f"/console/hotel/stays/{stay.pk}/check_in/", {"next": "/console/hotel/stays/"})
    page = desk.get("/console/hotel/stays/?status=checked_in").content.decode()
    assert "办理离店" in page and order.order_no in page
    detail = desk.post(f"/console/hotel/stays/{stay.pk}/", {"action": "charge", "kind": "minibar", "amount": "12.5"},
                       follow=True).content.decode()
    assert "已记入消费" in detail and "12.50" in detail
    qr = desk.post(f"/console/hotel/stays/{stay.pk}/", {"action": "qr", "amount": ""}).content.decode()
    assert "<svg" in qr and "/pay/offline/" in qr
    desk.post(f"/console/hotel/stays/{stay.pk}/", {"action": "settle", "method": "cash"})
    done = desk.post(f"/console/hotel/stays/{stay.pk}/check_out/", follow=True).content.decode()
    assert "已办理离店" in done


def test_merchant_openapi_lists_the_fulfilment_endpoints(merchants, client_for):
    schema = client_for("beta_owner", "beta").get("/api/schema/")
    assert schema.status_code == 200
    body = schema.content.decode()
    for path in ("/api/v1/merchant/hotel/stays/{id}/check-in/", "/api/v1/merchant/dining/kitchen/",
                 "/api/v1/merchant/shop/returns/{id}/refund/"):
        assert path in body, path
