"""Member CRM for member-distributors (DST-MEM-01/03): member list and detail from real referral
bindings, paid orders and commission accruals; tags, follow-up notes, segment filters, reminders,
CSV export; pages; roles; and isolation (distributor X never sees Y's members, tags or notes)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.distribution import demo
from shared_apps.distribution.models import DiscountPolicy
from shared_apps.referrals import demo as referrals_demo
from shared_apps.referrals.models import FollowUpNote, ReferralBinding
from shared_apps.referrals.services import commission as referrals
from tests.builders.accounts import make_user
from tests.builders.catalog import ticket
from tests.builders.checkout import buy, refund
from tests.builders.distribution import add_member, key_for, make_distributor

pytestmark = [pytest.mark.django_db, pytest.mark.clock]
API = "/api/v1/distributor/crm"


@pytest.fixture
def world(merchants):
    """Distributor A (admin, agent, finance) with three referred tourists; distributor B with one."""
    alpha = merchants["alpha"]
    a = make_distributor("甲推荐社", admin="crm_admin")
    add_member(a, "crm_agent", "agent")
    add_member(a, "crm_finance", "finance")
    b = make_distributor("乙推荐社", admin="crm_b_admin")
    product = ticket(alpha, capacity=50, price=10_000)
    early = make_user("t_early", phone="13700000000")
    buy(early, alpha, product, 1)  # before binding: not the distributor's business
    big = make_user("t_big", phone="13900001111", display_name="王大明")
    quiet = make_user("t_quiet", phone="13800002222")
    other = make_user("t_other", phone="13600003333")
    for user in (early, big, quiet):
        referrals.bind(user=user, code=a.profile.referral_code)
    referrals.bind(user=other, code=b.profile.referral_code)
    order_id = buy(big, alpha, product, 3).parts.get().order_id  # 300 yuan, 2% -> 600 fen frozen
    refund(alpha, order_id, quantity=1, actor="tourist")  # 100 yuan back -> 200 fen clawed back
    buy(other, alpha, product, 1)
    ids = {u.username: ReferralBinding.objects.get(user=u).pk for u in (early, big, quiet, other)}
    return {"alpha": alpha, "a": a, "b": b, "ids": ids}


def test_member_list_and_detail(world, client_for):
    ids = world["ids"]
    res = client_for("crm_admin").get(f"{API}/members/")
    assert res.status_code == 200, res.content
    rows = {r["id"]: r for r in res.json()["results"]}
    assert set(rows) == {ids["t_early"], ids["t_big"], ids["t_quiet"]} and res.json()["count"] == 3
    big = rows[ids["t_big"]]
    assert big["phone"] == "139****1111" and big["name"] == "王**"
    assert (big["orders"], big["spent_fen"]) == (1, 20_000)
    assert big["commission"] == {"frozen_fen": 400, "released_fen": 0, "clawed_back_fen": 200}
    assert big["level"]["code"] == "normal" and big["last_order_at"]
    assert (rows[ids["t_early"]]["orders"], rows[ids["t_early"]]["spent_fen"]) == (0, 0)  # ordered before binding
    detail = client_for("crm_agent").get(f"{API}/members/{ids['t_big']}/").json()
    assert detail["last_order"]["total_fen"] == 30_000 and detail["last_order"]["refunded_fen"] == 10_000
    assert detail["accruals"][0]["amount_fen"] == 600 and detail["accruals"][0]["clawed_back_fen"] == 200
    assert "13900001111" not in str(detail)


def test_tags_notes_filters_reminders_and_export(world, client_for, settings):
    ids = world["ids"]
    admin, agent = client_for("crm_admin"), client_for("crm_agent")
    tagged = agent.put(f"{API}/members/{ids['t_big']}/tags/", {"tags": ["高价值", "亲子"]},
                       content_type="application/json")
    assert tagged.status_code == 200 and tagged.json()["tags"] == ["高价值", "亲子"]
    assert agent.put(f"{API}/members/{ids['t_quiet']}/tags/", {"tags": ["亲子"]},
                     content_type="application/json").status_code == 200
    assert agent.post(f"{API}/tags/", {"name": "亲子"}, content_type="application/json").json()["code"] == "tag_exists"
    assert agent.post(f"{API}/tags/", {"name": ""}, content_type="application/json").json()["code"] == "tag_invalid"
    tags = {t["name"]: t for t in admin.get(f"{API}/tags/").json()}
    assert tags["亲子"]["members"] == 2 and tags["高价值"]["members"] == 1

    def listed(**params):
        return sorted(r["id"] for r in admin.get(f"{API}/members/", params).json()["results"])

    assert listed(tag="亲子") == sorted([ids["t_big"], ids["t_quiet"]])
    assert listed(tag=str(tags["高价值"]["id"])) == [ids["t_big"]]
    assert listed(spent_min="150") == [ids["t_big"]]
    assert listed(spent_max="0") == sorted([ids["t_early"], ids["t_quiet"]])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert listed(inactive_since=tomorrow) == sorted(ids[u] for u in ("t_early", "t_big", "t_quiet"))
    assert listed(inactive_since=timezone.localdate().isoformat()) == sorted([ids["t_early"], ids["t_quiet"]])
    settings.DISTRIBUTION_MEMBER_LEVELS = [(0, "normal", "普通会员"), (10_000, "silver", "银卡会员")]
    assert listed(level="silver") == [ids["t_big"]] and listed(level="normal") == sorted(
        [ids["t_early"], ids["t_quiet"]])
    assert admin.get(f"{API}/members/", {"spent_min": "abc"}).json()["code"] == "filter_invalid"

    today = timezone.localdate()
    note = agent.post(f"{API}/members/{ids['t_big']}/notes/", {"text": "电话回访，考虑亲子套票",
                                                               "next_follow_up_on": str(today)},
                      content_type="application/json")
    assert note.status_code == 201 and note.json()["author"] == "crm_agent"
    later = agent.post(f"{API}/members/{ids['t_quiet']}/notes/", {"text": "下周再联系",
                                                                  "next_follow_up_on": str(today + timedelta(7))},
                       content_type="application/json").json()
    past = agent.post(f"{API}/members/{ids['t_quiet']}/notes/", {"text": "过去", "next_follow_up_on":
                                                                 str(today - timedelta(1))},
                      content_type="application/json")
    assert past.json()["code"] == "follow_up_date_invalid"
    assert agent.post(f"{API}/members/{ids['t_quiet']}/notes/", {"text": " "},
                      content_type="application/json").json()["code"] == "note_invalid"
    overdue = agent.post(f"{API}/members/{ids['t_early']}/notes/", {"text": "逾期未跟进",
                                                                    "next_follow_up_on": str(today)},
                         content_type="application/json").json()
    FollowUpNote.objects.filter(pk=overdue["id"]).update(next_follow_up_on=today - timedelta(days=2))
    due = admin.get(f"{API}/reminders/").json()
    assert [(r["id"], r["overdue"]) for r in due] == [(overdue["id"], True), (note.json()["id"], False)]
    assert due[1]["phone"] == "139****1111"
    assert [r["id"] for r in admin.get(f"{API}/reminders/", {"day": str(today + timedelta(7))}).json()] == [
        overdue["id"], note.json()["id"], later["id"]]
    assert agent.post(f"{API}/notes/{note.json()['id']}/done/").json()["done_by"] == "crm_agent"
    assert [r["id"] for r in admin.get(f"{API}/reminders/").json()] == [overdue["id"]]
    assert admin.get(f"{API}/members/{ids['t_quiet']}/").json()["next_follow_up_on"] == str(today + timedelta(7))

    csv = admin.get(f"{API}/members/export/", {"tag": "亲子"})
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeff会员ID,会员,手机号") and "139****1111" in text and "200.00" in text
    assert "亲子、高价值" in text and len(text.strip().splitlines()) == 3 and "13900001111" not in text
    assert agent.get(f"{API}/members/export/").json()["code"] == "permission_denied"  # export: admin only

    assert admin.delete(f"{API}/tags/{tags['高价值']['id']}/").status_code == 204
    assert listed(tag="高价值") == []


def test_roles_and_isolation(world, client_for):
    ids, a = world["ids"], world["a"]
    finance = client_for("crm_finance")
    for path in ("/members/", f"/members/{ids['t_big']}/", "/reminders/", "/tags/"):
        assert finance.get(API + path).json()["code"] == "permission_denied"
    assert finance.get("/distributor/crm/").status_code == 403
    raw = key_for(a, [world["alpha"]])[1]
    assert client_for().get(f"{API}/members/", HTTP_AUTHORIZATION=f"Api-Key {raw}").json()["code"] in (
        "member_required", "api_key_not_allowed", "not_authenticated")

    agent = client_for("crm_agent")
    agent.put(f"{API}/members/{ids['t_big']}/tags/", {"tags": ["甲的标签"]}, content_type="application/json")
    note = agent.post(f"{API}/members/{ids['t_big']}/notes/", {"text": "甲的备注",
                                                               "next_follow_up_on": str(timezone.localdate())},
                      content_type="application/json").json()
    tag_id = agent.get(f"{API}/tags/").json()[0]["id"]

    b = client_for("crm_b_admin")
    listed = b.get(f"{API}/members/").json()["results"]
    assert [r["id"] for r in listed] == [ids["t_other"]] and listed[0]["tags"] == []
    for path in (f"/members/{ids['t_big']}/", f"/members/{ids['t_big']}/notes/"):
        assert b.get(API + path).json()["code"] == "member_not_found"
    assert b.post(f"{API}/members/{ids['t_big']}/notes/", {"text": "x"},
                  content_type="application/json").json()["code"] == "member_not_found"
    assert b.put(f"{API}/members/{ids['t_big']}/tags/", {"tags": ["抢"]},
                 content_type="application/json").json()["code"] == "member_not_found"
    assert b.post(f"{API}/notes/{note['id']}/done/").json()["code"] == "note_not_found"
    assert b.delete(f"{API}/tags/{tag_id}/").json()["code"] == "tag_not_found"
    assert b.get(f"{API}/tags/").json() == [] and b.get(f"{API}/reminders/").json() == []
    assert b.get(f"{API}/members/", {"tag": str(tag_id)}).json()["results"] == []
    assert "甲的备注" not in b.get(f"{API}/members/export/").content.decode()
    assert b.get(f"/distributor/crm/members/{ids['t_big']}/").status_code == 404
    assert "甲的备注" not in b.get("/distributor/crm/reminders/").content.decode()
    assert b.post(f"/distributor/crm/notes/{note['id']}/done/").status_code == 404
    assert FollowUpNote.objects.get(pk=note["id"]).done_at is None
    # a member of A sees nothing of B either
    assert agent.get(f"{API}/members/{ids['t_other']}/").json()["code"] == "member_not_found"


def test_member_pages(world, client_for):
    ids = world["ids"]
    agent = client_for("crm_agent")
    page = agent.get("/distributor/crm/")
    body = page.content.decode()
    assert page.status_code == 200 and "我的会员" in body and "139****1111" in body and "13900001111" not in body
    assert "导出 CSV" not in body  # agent may not export
    detail = agent.get(f"/distributor/crm/members/{ids['t_big']}/")
    assert detail.status_code == 200 and "冻结 4.00 元" in detail.content.decode()
    assert agent.post(f"/distributor/crm/members/{ids['t_big']}/tags/", {"tags": "高价值，老客户"}).status_code == 302
    assert agent.post(f"/distributor/crm/members/{ids['t_big']}/notes/", {
        "text": "到店咨询", "next_follow_up_on": str(timezone.localdate())}).status_code == 302
    detail = agent.get(f"/distributor/crm/members/{ids['t_big']}/").content.decode()
    assert "高价值" in detail and "老客户" in detail and "到店咨询" in detail
    reminders = agent.get("/distributor/crm/reminders/").content.decode()
    assert "到店咨询" in reminders and "王**" in reminders
    note = FollowUpNote.objects.get(text="到店咨询")
    assert agent.post(f"/distributor/crm/notes/{note.pk}/done/", {"next": "reminders"}).status_code == 302
    assert "到店咨询" not in agent.get("/distributor/crm/reminders/").content.decode()
    filtered = agent.get("/distributor/crm/", {"tag": "老客户"}).content.decode()
    assert "139****1111" in filtered and "138****2222" not in filtered
    admin = client_for("crm_admin")
    assert "导出 CSV" in admin.get("/distributor/crm/").content.decode()
    export = admin.get("/distributor/crm/export.csv", {"tag": "老客户"})
    assert export.status_code == 200 and "139****1111" in export.content.decode()
    assert agent.get("/distributor/crm/export.csv").status_code == 403
    assert client_for().get("/distributor/crm/").status_code == 302  # sign in first
    assert client_for("t_big").get("/distributor/crm/").status_code == 403  # tourists are not members


def test_demo_seed_is_idempotent(merchants):

    dist = make_distributor(demo.DEMO_DISTRIBUTOR, [merchants["alpha"]])
    make_user("lihua", phone="13800000002")
    make_user("changyou")
    for _ in range(2):
        demo.seed(merchant_slug="alpha")
        referrals_demo.seed()
    policy = DiscountPolicy.objects.get(merchant=merchants["alpha"])
    assert [t.min_units for t in policy.tiers.all()] == [10, 50]
    binding = ReferralBinding.objects.get(user__username="lihua", distributor=dist)
    assert sorted(binding.tags.values_list("name", flat=True)) == ["亲子游", "高意向"]
    assert FollowUpNote.objects.filter(binding=binding).count() == 1
