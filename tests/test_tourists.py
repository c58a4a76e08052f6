"""A tourist's own data: frequent travellers, delivery addresses, profile, preferences
(EC-ORD-03, EC-ORD-04, EC-ACC-02, EC-ACC-09)."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from shared_apps.accounts.models import User
from shared_apps.core.failures import DomainError
from shared_apps.oplog.models import OperationLog
from shared_apps.tourists import selectors, services
from shared_apps.tourists.models import MAX_TRAVELLERS, Address, Traveller
from shared_apps.tourists.validators import id_card_problem, mask_id_no
from tests.builders.accounts import PASSWORD, make_user

pytestmark = pytest.mark.django_db

HOST = {"HTTP_HOST": "localhost"}
# Valid GB 11643 numbers: the standard's own example, and others with computed check characters.
ID_A = "11010519491231002X"
ID_B = "360102199003071236"
ID_C = "36020319851111456X"


class Api:
    """A tourist's JWT client: api.get(path), api.post(path, body) ... under /api/v1/."""

    def __init__(self, client, username: str, phone: str = ""):
        body = {"username": username, "password": PASSWORD}
        if phone:
            body["phone"] = phone
        created = client.post("/api/v1/auth/register/", body, content_type="application/json", **HOST)
        assert created.status_code == 201, created.content
        tokens = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD},
                             content_type="application/json", **HOST).json()
        self.client, self.user = client, User.objects.get(username=username)
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens['access']}", **HOST}

    def _call(self, method, path, body=None):
        kwargs = {"content_type": "application/json"} if body is not None else {}
        args = (body,) if body is not None else ()
        return getattr(self.client, method)(f"/api/v1/{path}", *args, **kwargs, **self.auth)

    def get(self, path):
        return self._call("get", path)

    def post(self, path, body=None):
        return self._call("post", path, body if body is not None else {})

    def patch(self, path, body):
        return self._call("patch", path, body)

    def delete(self, path):
        return self._call("delete", path)


@pytest.fixture
def alice(client):
    return Api(client, "alice", "13900000001")


@pytest.fixture
def bob(client):
    return Api(client, "bob", "13900000002")


def addr(**extra):
    body = {"recipient": "张三", "phone": "13800138000", "province": "江西省", "city": "南昌市",
            "district": "东湖区", "detail": "八一大道 1 号", "postcode": "330000"}
    return {**body, **extra}


def assert_error(response, status: int, code: str):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    assert body["message"] and body["message_en"]
    return body


def defaults_of(user) -> list[int]:
    return list(Address.objects.filter(user=user, is_default=True).values_list("id", flat=True))


# ---- ID numbers ---------------------------------------------------------------------------------

def test_id_card_checksum_rules():
    assert id_card_problem(ID_A) is None  # GB 11643-1999's worked example
    assert id_card_problem(ID_B) is None and id_card_problem(ID_C) is None
    assert id_card_problem("110105194912310021") == "checksum mismatch"
    assert id_card_problem("11010519491331002X") == "birth date is not a date"  # month 13
    assert id_card_problem("1101051949123100") is not None  # too short
    assert id_card_problem("01010519491231002X") is not None  # no region starts with 0
    assert mask_id_no("360102199003071234") == "3601**********1234"
    assert mask_id_no("E12345678") == "E1*****78"


# ---- travellers ---------------------------------------------------------------------------------

def test_traveller_crud_and_id_no_always_masked(alice):
    created = alice.post("me/travellers/", {"name": "王小明", "id_no": ID_A.lower(), "phone": "13800138000",
                                            "is_self": True})
    assert created.status_code == 201, created.content
    t = created.json()
    assert t["id_no"] == "1101**********002X" and t["id_type"] == "id_card" and t["id_type_label"] == "身份证"
    assert Traveller.objects.get(pk=t["id"]).id_no == ID_A  # stored in full, upper-cased

    passport = alice.post("me/travellers/", {"name": "Tom Lee", "id_type": "passport", "id_no": "e12345678"})
    assert passport.status_code == 201 and passport.json()["id_no"] == "E1*****78"

    listed = alice.get("me/travellers/").json()
    assert [row["id"] for row in listed] == [t["id"], passport.json()["id"]]  # self first
    assert ID_A not in str(listed) and "E12345678" not in str(listed)
    detail = alice.get(f"me/travellers/{t['id']}/").json()
    assert detail["id_no"] == "1101**********002X"

    changed = alice.patch(f"me/travellers/{t['id']}/", {"name": "王晓明", "id_no": ID_B})
    assert changed.status_code == 200 and changed.json()["name"] == "王晓明"
    assert changed.json()["id_no"] == "3601**********1236"
    assert alice.delete(f"me/travellers/{t['id']}/").status_code == 204
    assert_error(alice.get(f"me/travellers/{t['id']}/"), 404, "not_found")
    assert len(alice.get("me/travellers/").json()) == 1


def test_traveller_validation_errors_have_codes(alice):
    bad_sum = assert_error(alice.post("me/travellers/", {"name": "甲", "id_no": "110105194912310021"}),
                           400, "id_no_invalid")
    assert "id_no" in bad_sum["details"]
    assert_error(alice.post("me/travellers/", {"name": "甲", "id_no": "11010519491231"}), 400, "id_no_invalid")
    assert_error(alice.post("me/travellers/", {"name": "甲", "id_type": "passport", "id_no": "??"}),
                 400, "id_no_invalid")
    assert_error(alice.post("me/travellers/", {"name": "甲", "id_no": ID_A, "phone": "23800138000"}),
                 400, "phone_invalid")
    assert_error(alice.post("me/travellers/", {"name": "  ", "id_no": ID_A}), 400, "invalid")
    assert_error(alice.post("me/travellers/", {"name": "甲", "id_type": "driver", "id_no": ID_A}), 400, "invalid")
    assert alice.post("me/travellers/", {"name": "甲", "id_no": ID_A}).status_code == 201
    assert_error(alice.post("me/travellers/", {"name": "乙", "id_no": ID_A.lower()}), 409, "traveller_exists")
    # the same number as another document type is another traveller document
    assert alice.post("me/travellers/", {"name": "乙", "id_type": "passport", "id_no": "C12345678"}).status_code == 201
    assert alice.post("me/travellers/", {"name": "乙", "id_type": "hk_macau", "id_no": "C12345678"}).status_code == 201
    other = alice.post("me/travellers/", {"name": "丙", "id_no": ID_C}).json()
    assert_error(alice.patch(f"me/travellers/{other['id']}/", {"id_no": ID_A}), 409, "traveller_exists")
    assert_error(alice.patch(f"me/travellers/{other['id']}/", {"id_no": "36020319851111456"}), 400, "id_no_invalid")
    assert_error(alice.patch(f"me/travellers/{other['id']}/", {"id_type": "passport"}), 400, "invalid")
    assert Traveller.objects.get(pk=other["id"]).id_no == ID_C  # failed updates changed nothing


def test_only_one_self_traveller(alice):
    first = alice.post("me/travellers/", {"name": "我", "id_no": ID_A, "is_self": True}).json()
    second = alice.post("me/travellers/", {"name": "也是我", "id_no": ID_B, "is_self": True}).json()
    assert second["is_self"] and not alice.get(f"me/travellers/{first['id']}/").json()["is_self"]
    alice.patch(f"me/travellers/{first['id']}/", {"is_self": True})
    assert list(Traveller.objects.filter(user=alice.user, is_self=True).values_list("id", flat=True)) == [first["id"]]


def test_at_most_30_travellers(alice):
    user = alice.user
    for i in range(MAX_TRAVELLERS):
        services.create_traveller(user=user, name=f"旅客{i}", id_type="passport", id_no=f"P{i:07d}")
    assert_error(alice.post("me/travellers/", {"name": "多一位", "id_no": ID_A}), 409, "too_many")
    assert Traveller.objects.filter(user=user).count() == MAX_TRAVELLERS


# ---- addresses ----------------------------------------------------------------------------------

def test_address_crud(alice):
    first = alice.post("me/addresses/", addr())
    assert first.status_code == 201, first.content
    a = first.json()
    assert a["is_default"] and a["full_address"] == "江西省南昌市东湖区八一大道 1 号"
    changed = alice.patch(f"me/addresses/{a['id']}/", {"detail": "阳明路 2 号", "postcode": ""})
    assert changed.status_code == 200 and changed.json()["detail"] == "阳明路 2 号"
    assert changed.json()["is_default"] and changed.json()["postcode"] == ""
    assert alice.get(f"me/addresses/{a['id']}/").json()["detail"] == "阳明路 2 号"
    assert alice.delete(f"me/addresses/{a['id']}/").status_code == 204
    assert alice.get("me/addresses/").json() == []


def test_address_validation_errors_have_codes(alice):
    assert_error(alice.post("me/addresses/", addr(phone="12345")), 400, "phone_invalid")
    assert_error(alice.post("me/addresses/", addr(postcode="33000A")), 400, "postcode_invalid")
    assert_error(alice.post("me/addresses/", addr(detail=" ")), 400, "invalid")
    missing = assert_error(alice.post("me/addresses/", {"recipient": "张三"}), 400, "invalid")
    assert "phone" in missing["details"] and "city" in missing["details"]
    assert not Address.objects.filter(user=alice.user).exists()


def test_exactly_one_default_address(alice):
    first = alice.post("me/addresses/", addr(recipient="一")).json()
    second = alice.post("me/addresses/", addr(recipient="二")).json()
    assert first["is_default"] and not second["is_default"]  # the first address is the default
    assert defaults_of(alice.user) == [first["id"]]

    third = alice.post("me/addresses/", addr(recipient="三", is_default=True)).json()
    assert third["is_default"] and defaults_of(alice.user) == [third["id"]]
    assert [row["id"] for row in alice.get("me/addresses/").json()][0] == third["id"]  # default first

    made = alice.post(f"me/addresses/{second['id']}/default/")
    assert made.status_code == 200 and made.json()["is_default"]
    assert defaults_of(alice.user) == [second["id"]]
    assert alice.post(f"me/addresses/{second['id']}/default/").status_code == 200  # idempotent
    assert defaults_of(alice.user) == [second["id"]]

    alice.patch(f"me/addresses/{first['id']}/", {"is_default": True})
    assert defaults_of(alice.user) == [first["id"]]
    # the default cannot simply be switched off: that would leave no default
    assert_error(alice.patch(f"me/addresses/{first['id']}/", {"is_default": False}), 400, "default_required")
    assert defaults_of(alice.user) == [first["id"]]

    # deleting the default promotes the newest remaining address (third, created after second)
    assert alice.delete(f"me/addresses/{first['id']}/").status_code == 204
    assert defaults_of(alice.user) == [third["id"]]
    assert alice.delete(f"me/addresses/{second['id']}/").status_code == 204  # not the default: no change
    assert defaults_of(alice.user) == [third["id"]]
    assert alice.delete(f"me/addresses/{third['id']}/").status_code == 204
    assert defaults_of(alice.user) == []
    again = alice.post("me/addresses/", addr(is_default=False)).json()
    assert again["is_default"]  # first address again, default whatever was asked


def test_database_refuses_a_second_default(alice):
    services.create_address(user=alice.user, recipient="一", phone="13800138000", province="江西省",
                            city="南昌市", detail="1 号")
    with pytest.raises(IntegrityError), transaction.atomic():
        Address.objects.create(user=alice.user, recipient="二", phone="13800138000", province="江西省",
                               city="南昌市", detail="2 号", is_default=True)
    assert len(defaults_of(alice.user)) == 1


def test_default_addresses_are_per_user(alice, bob):
    a = alice.post("me/addresses/", addr()).json()
    b = bob.post("me/addresses/", addr()).json()
    assert a["is_default"] and b["is_default"]
    bob.post("me/addresses/", addr(is_default=True))
    assert defaults_of(alice.user) == [a["id"]]


@pytest.mark.django_db(transaction=True)
def test_concurrent_set_default_keeps_one_default(client):
    """Several requests of one user moving the default at once: still exactly one default."""
    user = make_user("racer")
    ids = [services.create_address(user=user, recipient=f"r{i}", phone="13800138000", province="江西省",
                                   city="南昌市", detail=f"{i} 号").id for i in range(6)]
    errors, barrier = [], threading.Barrier(len(ids))

    def move(address_id):
        try:
            barrier.wait()
            for _ in range(5):
                services.set_default_address(user=user, address_id=address_id)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(defaults_of(user)) == 1


# ---- isolation ----------------------------------------------------------------------------------

def test_user_b_cannot_read_or_change_a_rows(alice, bob):
    t = alice.post("me/travellers/", {"name": "王小明", "id_no": ID_A}).json()
    a1 = alice.post("me/addresses/", addr(recipient="A1")).json()
    a2 = alice.post("me/addresses/", addr(recipient="A2")).json()

    assert bob.get("me/travellers/").json() == [] and bob.get("me/addresses/").json() == []
    assert_error(bob.get(f"me/travellers/{t['id']}/"), 404, "not_found")
    assert_error(bob.patch(f"me/travellers/{t['id']}/", {"name": "x"}), 404, "not_found")
    assert_error(bob.delete(f"me/travellers/{t['id']}/"), 404, "not_found")
    assert_error(bob.get(f"me/addresses/{a1['id']}/"), 404, "not_found")
    assert_error(bob.patch(f"me/addresses/{a1['id']}/", {"recipient": "x"}), 404, "not_found")
    assert_error(bob.post(f"me/addresses/{a2['id']}/default/"), 404, "not_found")
    assert_error(bob.delete(f"me/addresses/{a1['id']}/"), 404, "not_found")
    # bob adding the same document number is fine: uniqueness is per user
    assert bob.post("me/travellers/", {"name": "王小明", "id_no": ID_A}).status_code == 201

    assert Traveller.objects.get(pk=t["id"]).name == "王小明"
    assert Address.objects.get(pk=a1["id"]).recipient == "A1"
    assert defaults_of(alice.user) == [a1["id"]]
    with pytest.raises(DomainError) as exc:
        services.update_traveller(user=bob.user, traveller_id=t["id"], name="x")
    assert exc.value.code == "not_found"


def test_unknown_or_huge_ids_are_404(alice):
    assert_error(alice.get("me/travellers/999999999999999999999/"), 404, "not_found")
    assert_error(alice.post("me/addresses/999999999999/default/"), 404, "not_found")


def test_operator_writes_are_logged_without_the_document_number(client_for, operator):
    """Operators' writes land in the operation log; the ID number must not."""

    response = client_for(operator.username).post("/api/v1/me/travellers/", {"name": "审核员", "id_no": ID_A},
                                                  content_type="application/json")
    assert response.status_code == 201, response.content
    entry = OperationLog.objects.get(action="POST /api/v1/me/travellers/")
    assert entry.detail["id_no"] == "***" and ID_A not in str(entry.detail)


def test_anonymous_and_api_key_callers_are_refused(client, db):
    assert_error(client.get("/api/v1/me/travellers/", **HOST), 401, "not_authenticated")
    assert_error(client.get("/api/v1/me/profile/", HTTP_X_API_KEY="tpk_a_b", **HOST), 401, "not_authenticated")


def test_session_auth_works_for_the_h5_site(client_for, alice):
    alice.post("me/travellers/", {"name": "王小明", "id_no": ID_A})
    session = client_for("alice")
    listed = session.get("/api/v1/me/travellers/")
    assert listed.status_code == 200 and listed.json()[0]["id_no"] == "1101**********002X"


# ---- selectors for checkout ---------------------------------------------------------------------

def test_snapshots_give_full_values_only_for_own_rows(alice, bob):
    t = alice.post("me/travellers/", {"name": "王小明", "id_no": ID_A, "phone": "13800138000"}).json()
    p = alice.post("me/travellers/", {"name": "Tom", "id_type": "passport", "id_no": "E12345678"}).json()
    a = alice.post("me/addresses/", addr()).json()

    snap = selectors.traveller_snapshot(alice.user, t["id"])
    assert snap == {"id": t["id"], "name": "王小明", "id_type": "id_card", "id_type_label": "身份证",
                    "id_no": ID_A, "phone": "13800138000", "is_self": False}
    assert [s["id_no"] for s in selectors.traveller_snapshots(alice.user, [p["id"], t["id"], p["id"]])] == \
        ["E12345678", ID_A]
    address = selectors.address_snapshot(alice.user, str(a["id"]))
    assert address["full_address"] == "江西省南昌市东湖区八一大道 1 号" and address["phone"] == "13800138000"
    assert selectors.default_address_snapshot(alice.user)["id"] == a["id"]
    assert selectors.default_address_snapshot(bob.user) is None

    for call, code in [
        (lambda: selectors.traveller_snapshot(bob.user, t["id"]), "traveller_not_found"),
        (lambda: selectors.traveller_snapshot(alice.user, "nope"), "traveller_not_found"),
        (lambda: selectors.traveller_snapshots(bob.user, [t["id"]]), "traveller_not_found"),
        (lambda: selectors.traveller_snapshots(alice.user, [t["id"], 10**12]), "traveller_not_found"),
        (lambda: selectors.address_snapshot(bob.user, a["id"]), "address_not_found"),
        (lambda: selectors.address_snapshot(alice.user, None), "address_not_found"),
    ]:
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.code == code and exc.value.status_code == 404 and exc.value.message_en


# ---- profile and preferences --------------------------------------------------------------------

def test_profile_read_and_update(alice, bob):
    me = alice.get("me/profile/").json()
    assert me["username"] == "alice" and me["phone"] == "13900000001"
    changed = alice.patch("me/profile/", {"display_name": "爱丽丝", "phone": "13900000009"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["display_name"] == "爱丽丝" and changed.json()["phone"] == "13900000009"
    assert User.objects.get(pk=alice.user.pk).phone == "13900000009"

    assert_error(bob.patch("me/profile/", {"phone": "13900000009"}), 409, "phone_taken")
    assert_error(bob.patch("me/profile/", {"phone": "139"}), 400, "phone_invalid")
    assert alice.patch("me/profile/", {"phone": "13900000009"}).status_code == 200  # own number again is fine
    cleared = alice.patch("me/profile/", {"phone": "", "display_name": ""}).json()
    assert cleared["phone"] is None and cleared["display_name"] == "alice"
    assert bob.patch("me/profile/", {"phone": "13900000009"}).status_code == 200  # freed number
    assert User.objects.get(pk=bob.user.pk).display_name == "bob"  # untouched field kept


def test_preferences_defaults_and_update(alice, bob):
    defaults = alice.get("me/preferences/").json()
    assert defaults["language"] == "zh-hans" and defaults["favourite_kinds"] == []
    assert defaults["notify_sms"] and defaults["notify_wechat"]

    changed = alice.patch("me/preferences/", {"language": "en", "favourite_kinds": ["hotel", "scenic", "hotel"],
                                              "notify_sms": False})
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert body["language"] == "en" and body["favourite_kinds"] == ["hotel", "scenic"]
    assert body["notify_sms"] is False and body["notify_wechat"] is True
    assert alice.patch("me/preferences/", {"notify_wechat": False}).json()["language"] == "en"

    assert_error(alice.patch("me/preferences/", {"language": "fr"}), 400, "invalid")
    assert_error(alice.patch("me/preferences/", {"favourite_kinds": ["platform"]}), 400, "invalid")
    assert bob.get("me/preferences/").json()["language"] == "zh-hans"  # per user


def test_openapi_schema_lists_personal_endpoints(client, db):
    paths = client.get("/api/schema/?format=json", **HOST).json()["paths"]
    for path in ["/api/v1/me/travellers/", "/api/v1/me/travellers/{id}/", "/api/v1/me/addresses/",
                 "/api/v1/me/addresses/{id}/", "/api/v1/me/addresses/{id}/default/", "/api/v1/me/profile/",
                 "/api/v1/me/preferences/"]:
        assert path in paths, path
