"""Pay at hotel for platform bookings (到付, EC-HTL-06): checkout without payment, stays with the room
price on the folio, desk settlement with the commission receivable, the cut-off / no-show rule, the
per-tourist cap (also under two parallel checkouts), and the pages."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from shared_apps.checkout import services as checkout
from shared_apps.checkout.models import Checkout, OrderIndex
from shared_apps.core.failures import DomainError
from shared_apps.ledger import services as ledger
from shared_apps.ledger.models import JournalEntry
from shared_apps.payments import services as payments
from shared_apps.settlement import services as settlement
from shared_apps.settlement.models import SettlementItem
from shared_apps.settlement.services import commission_of
from tenant_apps.catalog import demo
from tenant_apps.catalog import services as catalog
from tenant_apps.hotel import folio as folios
from tenant_apps.hotel import services as hotel
from tenant_apps.hotel.models import Folio, Stay
from tenant_apps.hotel.tasks import cancel_pay_at_hotel_no_shows
from tenant_apps.orders import services as orders
from tenant_apps.orders.models import Order
from tenant_apps.orders.pay_later import cancel_confirmed
from tenants.utils import in_tenant
from tests.builders import dates
from tests.builders.accounts import make_user
from tests.builders.catalog import room, slots, ticket
from tests.builders.checkout import item, order_of, pay
from tests.builders.dates import day, today
from tests.builders.hotel import rooms

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
PRICE = 38800


def room_type(merchant, *, pay_at_hotel=True, cutoff=None, capacity=5, name="湖景大床房"):
    """A room type bookable from today (pay at the hotel unless said), with one physical room."""
    attributes = {"bed_type": "1.8米大床"}
    if pay_at_hotel:
        attributes["pay_at_hotel"] = True
    if cutoff:
        attributes["pay_at_hotel_cutoff"] = cutoff
    product = room(merchant, name=name, price=PRICE, capacity=capacity, days=range(6), attributes=attributes)
    rooms(merchant, product, numbers=[f"9{product.pk:02d}"], floor=9)
    return product


def at_hotel(merchant, product, *, offset=0, nights=1, quantity=1):
    return item(merchant, product, quantity, day=day(offset), nights=nights, pay_at_merchant=True)


def sold_held(merchant, product, n=1):
    return [(s, h) for _, s, h in slots(merchant, product)[:n]]


# ---- checkout ----------------------------------------------------------------------------------------

def test_all_at_hotel_checkout_is_confirmed_without_payment(merchants, tourist):
    beta = merchants["beta"]
    rt = room_type(beta)
    co = checkout.place_checkout(user=tourist, items=[at_hotel(beta, rt, nights=2)])
    assert co.status == "confirmed" and co.total_fen == 0
    assert list(co.events.values_list("to_status", flat=True)) == ["pending_payment", "confirmed"]
    part = co.parts.get()
    assert part.pay_at_merchant and part.amount_fen == 2 * PRICE
    order = order_of(beta, co)
    assert order.status == "confirmed" and order.pay_at_merchant and order.total_fen == 2 * PRICE
    assert sold_held(beta, rt, 2) == [(1, 0), (1, 0)]  # holds converted to sold at once
    with in_tenant(beta):
        stay = Stay.objects.get(order_id=order.pk)
        folio = Folio.objects.get(stay=stay)
        assert stay.status == "booked" and folio.balance_fen == 2 * PRICE
        assert folio.charges.get().kind == "room"
    index = OrderIndex.objects.get(order_no=order.order_no)
    assert index.pay_at_merchant and index.status == "confirmed"
    assert not co.payment_intents.exists()
    with pytest.raises(DomainError) as exc:  # nothing to pay online
        payments.create_intent(user=tourist, method="wallet", checkout_id=co.pk)
    assert exc.value.code == "checkout_closed"
    with pytest.raises(DomainError) as exc:
        checkout.cancel_checkout(checkout_id=co.pk, actor="t")
    assert exc.value.code == "invalid_transition"


def test_mixed_checkout_pays_only_the_prepaid_part(merchants, tourist):
    alpha, beta = merchants["alpha"], merchants["beta"]
    t, rt = ticket(alpha, price=12000), room_type(beta)
    co = checkout.place_checkout(user=tourist, items=[item(alpha, t, 2, day=day(3)),
                                                      at_hotel(beta, rt)])
    assert co.status == "pending_payment" and co.total_fen == 24000
    pay(co)
    co.refresh_from_db()
    assert co.status == "paid"
    assert order_of(alpha, co).status == "paid" and order_of(beta, co).status == "confirmed"
    assert list(SettlementItem.objects.filter(intent__checkout=co).values_list("order_no", "gross_fen")) == [
        (order_of(alpha, co).order_no, 24000)]  # no split for the hotel part
    assert ledger.owed("merchant_payable:beta") == 0
    assert ledger.trial_balance() == 0


def test_pay_at_merchant_is_refused_where_not_allowed(merchants, tourist, api):
    alpha, beta = merchants["alpha"], merchants["beta"]
    prepaid_only, t = room_type(beta, pay_at_hotel=False), ticket(alpha)
    for it in (at_hotel(beta, prepaid_only), item(alpha, t, 1, day=day(3),
                                                   pay_at_merchant=True)):
        with pytest.raises(DomainError) as exc:
            checkout.place_checkout(user=tourist, items=[it])
        assert exc.value.code == "pay_at_merchant_not_allowed"
    ok = room_type(beta, name="园景房")
    with pytest.raises(DomainError) as exc:  # one merchant, one order: all at the hotel or all online
        checkout.place_checkout(user=tourist, items=[at_hotel(beta, ok), item(beta, prepaid_only, 1, day=today())])
    assert exc.value.code == "pay_at_merchant_mixed"
    body = {"items": [{"merchant": "beta", "product_id": prepaid_only.pk, "quantity": 1, "day": str(today()),
                       "pay_at_merchant": True}]}
    res = api("post", "/api/v1/checkouts/", body)
    assert res.status_code == 400 and res.json()["code"] == "pay_at_merchant_not_allowed"
    body["items"][0]["product_id"] = ok.pk
    res = api("post", "/api/v1/checkouts/", body)
    assert res.status_code == 201 and res.json()["status"] == "confirmed"
    assert res.json()["parts"][0]["pay_at_merchant"] is True
    listed = api("get", "/api/v1/me/orders/").json()["results"]
    assert listed[0]["pay_at_merchant"] is True and listed[0]["status"] == "confirmed"
    assert sold_held(beta, prepaid_only) == [(0, 0)]  # the refused checkouts rolled back


def test_refund_is_refused_for_pay_at_hotel_orders(merchants, tourist):
    beta = merchants["beta"]
    rt = room_type(beta)
    co = checkout.place_checkout(user=tourist, items=[at_hotel(beta, rt)])
    order = order_of(beta, co)
    with in_tenant(beta), pytest.raises(DomainError) as exc:
        orders.request_refund(order_id=order.pk, actor="t")
    assert exc.value.code == "pay_at_merchant_no_refund"


# ---- at the desk -----------------------------------------------------------------------------------

def test_desk_settlement_posts_commission_receivable_and_checkout_completes(merchants, tourist):
    beta = merchants["beta"]
    rt = room_type(beta)
    co = checkout.place_checkout(user=tourist, items=[at_hotel(beta, rt, nights=2)])
    order = order_of(beta, co)
    with in_tenant(beta):
        stay = Stay.objects.get(order_id=order.pk)
        hotel.check_in(stay_id=stay.pk, actor="desk")
        assert Order.objects.get(pk=order.pk).status == "used"  # arrived: no cancel, no no-show any more
        folio = Folio.objects.get(stay=stay)
        folios.add_charge(folio_id=folio.pk, kind="minibar", amount_fen=3000, actor="desk")
        with pytest.raises(DomainError) as exc:
            hotel.check_out(stay_id=stay.pk, actor="desk")
        assert exc.value.code == "folio_unsettled"
        assert not JournalEntry.objects.filter(kind="desk_commission").exists()
        folios.record_payment(folio_id=folio.pk, method="cash", amount_fen=2 * PRICE, actor="desk")
        folios.settle(folio_id=folio.pk, method="card", actor="desk")
        hotel.check_out(stay_id=stay.pk, actor="desk")
        assert Order.objects.get(pk=order.pk).status == "completed"
    entry = JournalEntry.objects.get(kind="desk_commission")
    commission = commission_of(beta, 2 * PRICE)
    assert commission == 2 * PRICE * 800 // 10_000
    assert sorted(entry.postings.values_list("account__code", "amount_fen")) == [
        ("merchant_available:beta", commission), ("platform_commission", -commission)]
    assert ledger.owed("merchant_available:beta") == -commission  # owed to the platform, netted before payouts
    beta.bank_account_no = beta.bank_account_no or "6222000000000001"
    with pytest.raises(DomainError) as owed:
        settlement.request_withdrawal(merchant=beta, amount_fen=1, user=make_user("beta_finance_x"))
    assert owed.value.code == "insufficient_balance"
    assert ledger.owed("platform_commission") == commission
    assert ledger.trial_balance() == 0
    assert OrderIndex.objects.get(order_no=order.order_no).status == "completed"


def test_room_paid_by_platform_qr_carries_no_second_commission(merchants, tourist):
    beta = merchants["beta"]
    rt = room_type(beta)
    order = order_of(beta, checkout.place_checkout(user=tourist, items=[at_hotel(beta, rt)]))
    with in_tenant(beta):
        folio = Folio.objects.get(stay__order_id=order.pk)
        folios.offline_payment_succeeded(folio_id=folio.pk, amount_fen=PRICE - 8800, payment_ref="intent:t1")
        folios.settle(folio_id=folio.pk, method="cash", actor="desk")
    entry = JournalEntry.objects.get(kind="desk_commission")  # only on the 88 yuan paid at the desk
    assert entry.postings.get(account__code="platform_commission").amount_fen == -commission_of(beta, 8800)


def test_staff_no_show_cancels_the_booking_and_frees_the_nights(merchants, tourist):
    beta = merchants["beta"]
    rt = room_type(beta)
    order = order_of(beta, checkout.place_checkout(user=tourist, items=[at_hotel(beta, rt, nights=2)]))
    with in_tenant(beta):
        stay = Stay.objects.get(order_id=order.pk)
        hotel.auto_assign(stay_id=stay.pk, actor="desk")
        hotel.mark_no_show(stay_id=stay.pk, actor="desk")
        order.refresh_from_db()
        assert order.status == "cancelled" and order.events.last().reason == "未到店"
        assert Folio.objects.get(stay=stay).balance_fen == 0  # the unpaid room charge is off the folio
    assert sold_held(beta, rt, 2) == [(0, 0), (0, 0)]
    assert not JournalEntry.objects.filter(kind="desk_commission").exists()


# ---- guarantee rule --------------------------------------------------------------------------------

def test_tourist_cancels_free_before_the_cut_off(merchants, tourist, api):
    beta = merchants["beta"]
    rt = room_type(beta, cutoff="23:59")
    order = order_of(beta, checkout.place_checkout(user=tourist, items=[at_hotel(beta, rt, offset=1, nights=2)]))
    detail = api("get", f"/api/v1/me/orders/beta/{order.order_no}/").json()
    assert detail["pay_at_merchant"] is True and detail["status"] == "confirmed"
    res = api("post", f"/api/v1/me/orders/beta/{order.order_no}/cancel/")
    assert res.status_code == 200 and res.json()["status"] == "cancelled"
    assert sold_held(beta, rt, 3)[1:] == [(0, 0), (0, 0)]
    with in_tenant(beta):
        stay = Stay.objects.get(order_id=order.pk)
        assert stay.status == "cancelled" and Folio.objects.get(stay=stay).balance_fen == 0
    assert OrderIndex.objects.get(order_no=order.order_no).status == "cancelled"
    assert api("post", f"/api/v1/me/orders/beta/{order.order_no}/cancel/").json()["status"] == "cancelled"
    assert not JournalEntry.objects.exists()


def test_after_the_cut_off_the_beat_task_marks_a_no_show(merchants, tourist, api):
    beta = merchants["beta"]
    passed, later = room_type(beta, cutoff="00:00"), room_type(beta, name="园景房", cutoff="23:59")
    gone = order_of(beta, checkout.place_checkout(user=tourist, items=[at_hotel(beta, passed)]))
    kept = order_of(beta, checkout.place_checkout(user=tourist, items=[at_hotel(beta, later, offset=1)]))
    res = api("post", f"/api/v1/me/orders/beta/{gone.order_no}/cancel/")
    assert res.status_code == 409 and res.json()["code"] == "cancel_cutoff_passed"
    assert cancel_pay_at_hotel_no_shows() == 1  # the beat task itself, every merchant schema
    assert cancel_pay_at_hotel_no_shows() == 0  # idempotent
    with in_tenant(beta):
        gone.refresh_from_db()
        kept.refresh_from_db()
        assert gone.status == "cancelled" and gone.events.last().reason == "未到店"
        assert Stay.objects.get(order_id=gone.pk).status == "no_show"
        assert kept.status == "confirmed"
    assert sold_held(beta, passed) == [(0, 0)]
    assert not JournalEntry.objects.filter(kind="desk_commission").exists()


def test_checked_in_guest_is_not_a_no_show(merchants, tourist):
    beta = merchants["beta"]
    rt = room_type(beta, cutoff="00:00")
    order = order_of(beta, checkout.place_checkout(user=tourist, items=[at_hotel(beta, rt)]))
    with in_tenant(beta):
        hotel.check_in(stay_id=Stay.objects.get(order_id=order.pk).pk, actor="desk")
    assert cancel_pay_at_hotel_no_shows() == 0
    with in_tenant(beta):
        assert Order.objects.get(pk=order.pk).status == "used"


# ---- anti-squatting cap ------------------------------------------------------------------------------

def test_open_pay_at_hotel_orders_are_capped_per_tourist(merchants, tourist):
    beta = merchants["beta"]
    rt = room_type(beta, capacity=10)
    placed = [checkout.place_checkout(user=tourist, items=[at_hotel(beta, rt, offset=i + 1)]) for i in range(3)]
    with pytest.raises(DomainError) as exc:
        checkout.place_checkout(user=tourist, items=[at_hotel(beta, rt, offset=5)])
    assert exc.value.code == "pay_at_merchant_limit" and exc.value.details == {"open": 3, "limit": 3}
    checkout.place_checkout(user=tourist, items=[item(beta, rt, 1, day=day(5))])  # prepaid
    first = order_of(beta, placed[0])
    with in_tenant(beta):  # cancelling (or checking in) frees a place
        cancel_confirmed(order_id=first.pk, actor="t", by_tourist=True)
    checkout.place_checkout(user=tourist, items=[at_hotel(beta, rt, offset=5)])


def test_cap_holds_under_two_parallel_checkouts(merchants, transactional_db):
    beta = merchants["beta"]
    rt = room_type(beta, capacity=10)
    user = make_user("squatter")
    for offset in (1, 2):
        checkout.place_checkout(user=user, items=[at_hotel(beta, rt, offset=offset)])
    barrier = threading.Barrier(2)

    def attempt(i):
        try:
            barrier.wait()
            return checkout.place_checkout(user=user, items=[at_hotel(beta, rt, offset=3 + i)]).pk
        except DomainError as exc:
            return exc.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(attempt, range(2)))
    assert sorted(map(str, results))[-1] == "pay_at_merchant_limit"
    assert sum(isinstance(r, int) for r in results) == 1
    assert OrderIndex.objects.filter(user=user, pay_at_merchant=True, status="confirmed").count() == 3
    assert Checkout.objects.filter(user=user).count() == 3


# ---- catalog ---------------------------------------------------------------------------------------

def test_merchant_sets_pay_at_hotel_in_the_product_api(merchants, client_for):
    beta = merchants["beta"]
    rt = room_type(beta, pay_at_hotel=False)
    owner = client_for("beta_owner", "beta")
    url = f"/api/v1/merchant/products/{rt.pk}/"
    res = owner.patch(url, {"attributes": {"pay_at_hotel": True, "pay_at_hotel_cutoff": "20:00"}},
                      content_type="application/json")
    assert res.status_code == 200, res.content
    assert res.json()["attributes"]["pay_at_hotel"] is True
    bad = owner.patch(url, {"attributes": {"pay_at_hotel": "yes"}}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["code"] == "attributes_invalid"


# ---- pages -------------------------------------------------------------------------------------------

def test_h5_console_and_ops_pages_show_pay_at_hotel(merchants, tourist, tourist_client, client_for, operator):
    beta = merchants["beta"]
    rt = room_type(beta, cutoff="23:59")
    page = tourist_client.get(f"/p/beta/{rt.pk}/").content.decode()
    assert "支持到店付款" in page and "23:59" in page
    day = str(dates.day(1))
    res = tourist_client.post("/cart/add/", {"merchant": "beta", "product_id": rt.pk, "quantity": 1, "day": day,
                                             "nights": 2, "action": "buy"})
    assert res.status_code == 302 and "buy=1" in res["Location"]
    form = tourist_client.get("/checkout/?buy=1")
    html = form.content.decode()
    assert 'name="pay_at_beta"' in html and "到店付款" in html
    token = form.context["token"]
    res = tourist_client.post("/checkout/", {"token": token, "buy": "1", "contact_name": "小明",
                                             "contact_phone": "13800000001", "method": "wechat",
                                             "pay_at_beta": "merchant"})
    co = Checkout.objects.get(user=tourist)
    assert res.status_code == 302 and res["Location"] == f"/pay/{co.pk}/result/"  # no gateway, nothing to pay
    assert "预订成功（到店付款）" in tourist_client.get(res["Location"]).content.decode()
    order = order_of(beta, co)
    assert order.status == "confirmed" and order.total_fen == 2 * PRICE
    mine = tourist_client.get("/orders/?tab=paid").content.decode()
    assert order.order_no in mine and "pay-at-tag" in mine
    detail = tourist_client.get(f"/orders/beta/{order.order_no}/").content.decode()
    assert "到店付款" in detail and 'id="cancel-booking"' in detail and 'id="request-refund"' not in detail

    owner = client_for("beta_owner", "beta")
    assert "pay-at-tag" in owner.get("/console/orders/").content.decode()
    assert "到店付款" in owner.get(f"/console/orders/{order.pk}/").content.decode()
    assert "pay-at-tag" in owner.get("/console/hotel/stays/").content.decode()
    with in_tenant(beta):
        stay = Stay.objects.get(order_id=order.pk)
    stay_page = owner.get(f"/console/hotel/stays/{stay.pk}/").content.decode()
    assert 'id="pay-mode"' in stay_page and "房费" in stay_page
    ledger_rows = owner.get("/api/v1/merchant/hotel/ledger/").json()["rows"]
    assert [(r["pay_at_hotel"], r["amount_fen"], r["folio_balance_fen"]) for r in ledger_rows] == [
        (True, 0, 2 * PRICE)]
    ops = client_for(operator.username).get("/ops/orders/").content.decode()
    assert order.order_no in ops and "pay-at-tag" in ops

    res = tourist_client.post(f"/orders/beta/{order.order_no}/cancel/")
    assert res.status_code == 302
    with in_tenant(beta):
        assert Order.objects.get(pk=order.pk).status == "cancelled"


def test_demo_room_type_takes_pay_at_hotel_idempotently(merchants, monkeypatch):

    beta = merchants["beta"]
    with in_tenant(beta):
        product = catalog.create_product(kind="room", name="豪华双床房", base_price_fen=PRICE, on_shelf=True,
                                         attributes={"breakfast": True})
    monkeypatch.setitem(demo.PAY_AT_HOTEL_DEMO, "beta", "豪华双床房")
    assert demo.enable_pay_at_hotel(beta) is True
    assert demo.enable_pay_at_hotel(beta) is False
    with in_tenant(beta):
        product.refresh_from_db()
    assert product.attributes == {"breakfast": True, "pay_at_hotel": True, "pay_at_hotel_cutoff": "18:00"}
