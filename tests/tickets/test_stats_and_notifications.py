"""Ticket sales statistics (EC-TKT-09), notifications (EC-ORD-02) and visit reminders (EC-ORD-08)."""

from datetime import timedelta

import pytest

from shared_apps.fulfilment import services as fulfilment
from shared_apps.fulfilment import tasks
from shared_apps.fulfilment.models import Notification
from shared_apps.payments import refund_approval
from tenant_apps.orders import services as orders
from tenants.utils import in_tenant
from tests.builders import catalog
from tests.builders.accounts import bearer, make_user
from tests.builders.checkout import buy, order_of
from tests.builders.dates import today
from tests.builders.tickets import qr_of, tickets_of

pytestmark = pytest.mark.clock  # tickets are for a day relative to today


def test_stats_per_day_and_product(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    a = catalog.ticket(alpha, name="A票", price=10000, days=(0,), capacity=20)
    b = catalog.ticket(alpha, name="B票", price=5000, days=(0,), capacity=20)
    co_a = buy(tourist, alpha, a, 3, offset=0)
    buy(make_user("tk_stats2"), alpha, b, 2, offset=0)
    owner = client_for("alpha_owner", "alpha")
    owner.post("/api/v1/merchant/redemptions/", {"qr": qr_of(alpha, tickets_of(alpha, co_a)[0]), "persons": 2},
               content_type="application/json")
    order = order_of(alpha, co_a)
    with in_tenant(alpha):
        refund = orders.request_refund(order_id=order.pk, actor="t", lines=[{"line_id": order.lines.all()[0].pk,
                                                                            "quantity": 1}])
        refund_approval.decide_refund(refund_id=refund.pk, approve=True, actor="alpha_owner")
    day = today().isoformat()
    data = owner.get(f"/api/v1/merchant/ticket-stats/?start={day}&end={day}").json()
    rows = {r["product_name"]: r for r in data["rows"]}
    assert rows["A票"] == {"day": day, "product_id": a.pk, "product_name": "A票", "sold_persons": 3,
                           "revenue_fen": 30000, "redeemed_persons": 2, "refund_persons": 1}
    assert rows["B票"]["sold_persons"] == 2 and rows["B票"]["revenue_fen"] == 10000
    assert rows["B票"]["redeemed_persons"] == 0
    assert data["totals"] == {"sold_persons": 5, "revenue_fen": 40000, "redeemed_persons": 2, "refund_persons": 1}
    default = owner.get("/api/v1/merchant/ticket-stats/").json()
    assert len(default["daily"]) == 30 and default["totals"]["sold_persons"] == 5
    bad = owner.get(f"/api/v1/merchant/ticket-stats/?start={day}&end=2000-01-01")
    assert bad.status_code == 400 and bad.json()["code"] == "range_invalid"
    assert owner.get("/api/v1/merchant/ticket-stats/?start=2020-01-01&end=2021-01-01").json()["code"] == \
        "range_too_long"
    assert client_for("alpha_clerk", "alpha").get("/api/v1/merchant/ticket-stats/").status_code == 403
    page = owner.get(f"/console/ticket-stats/?start={day}&end={day}").content.decode()
    assert "vendor/echarts.min.js" in page and "A票" in page and "300.00" in page and "chart-data" in page
    assert "cdn" not in page.lower()


def test_notifications_list_and_read(merchants, tourist, client_for):
    alpha = merchants["alpha"]
    buy(tourist, alpha, catalog.ticket(alpha, days=(0,), capacity=20, price=10000), 1, offset=0)
    api = client_for(None)
    listing = api.get("/api/v1/me/notifications/", **bearer(tourist)).json()
    assert listing["count"] == 1 and listing["unread"] == 1
    note = listing["results"][0]
    assert note["kind"] == "order_paid" and note["read"] is False and note["link"] == "/me/tickets/"
    other = make_user("tk_nosy")
    assert api.post(f"/api/v1/me/notifications/{note['id']}/read/", **bearer(other)).status_code == 404
    read = api.post(f"/api/v1/me/notifications/{note['id']}/read/", **bearer(tourist)).json()
    assert read["read"] is True
    assert api.get("/api/v1/me/notifications/?unread=1", **bearer(tourist)).json()["count"] == 0
    fulfilment.notify(user_id=tourist.pk, kind="x", title="另一条")
    assert api.post("/api/v1/me/notifications/read-all/", **bearer(tourist)).json() == {"marked": 1}
    assert api.get("/api/v1/me/notifications/").status_code == 401


def test_visit_reminders_for_tomorrow_are_created_once(merchants, tourist):
    alpha = merchants["alpha"]
    product = catalog.ticket(alpha, name="明日票", days=(1, 2), capacity=20, price=10000)
    buy(tourist, alpha, product, 2, offset=1)
    buy(tourist, alpha, product, 1, offset=2)  # the day after tomorrow: not yet
    assert fulfilment.visit_reminders() == 1
    assert fulfilment.visit_reminders() == 0  # idempotent
    reminder = Notification.objects.get(user=tourist, kind="visit_reminder")
    assert reminder.title == "明天出行提醒" and "明日票" in reminder.body and "2 人" in reminder.body
    assert (today() + timedelta(days=1)).isoformat() in reminder.body
    assert fulfilment.visit_reminders(today=today() + timedelta(days=1)) == 1


def test_beat_tasks_run(merchants, tourist):

    alpha = merchants["alpha"]
    buy(tourist, alpha, catalog.ticket(alpha, name="明日票", days=(1,), capacity=20, price=10000), 1, offset=1)
    assert tasks.visit_reminders() == 1
    assert tasks.expire_tickets() == 0
    assert tasks.release_joint_shares() == 0
