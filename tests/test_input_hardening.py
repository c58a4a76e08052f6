"""Input the database cannot store is refused with a 400 and a stable code, before any change
(issue 12: NUL bytes, deep JSON, numbers past bigint, null where a list is stored)."""

import io
import math
from urllib.parse import urlencode

import pytest

from shared_apps.core.failures import DomainError
from shared_apps.core.parsers import JSONParser, storable_text
from shared_apps.oplog.models import OperationLog
from shared_apps.oplog.services import log_operation
from tenant_apps.storefront.models import StoreProfile
from tenants.utils import in_tenant
from tests.builders.accounts import bearer, make_user
from tests.builders.catalog import room

pytestmark = pytest.mark.django_db

NUL_BODY = '{"intro": "改过了", "x": "\\u0000"}'


def _owner(client_for):
    return client_for("alpha_owner", "alpha")


def _intro(merchant) -> str:
    with in_tenant(merchant):
        return StoreProfile.objects.get().intro


def test_a_nul_in_an_ignored_field_is_refused_before_the_change(merchants, client_for):
    response = _owner(client_for).patch("/api/v1/merchant/profile/", NUL_BODY, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "null_character"
    assert _intro(merchants["alpha"]) != "改过了"


def test_a_nul_in_a_stored_field_is_refused_with_its_field(merchants, client_for):
    response = _owner(client_for).patch("/api/v1/merchant/profile/", '{"intro": "a\\u0000b"}',
                                        content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "null_character" and response.json()["details"] == {"field": "intro"}


def test_a_lone_surrogate_is_refused(merchants, client_for):
    response = _owner(client_for).patch("/api/v1/merchant/profile/", '{"intro": "\\ud800"}',
                                        content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "invalid_unicode"


def test_a_clean_write_is_still_logged(merchants, client_for):
    response = _owner(client_for).patch("/api/v1/merchant/profile/", {"intro": "你好"},
                                        content_type="application/json")
    assert response.status_code == 200
    assert OperationLog.objects.get(action="PATCH /api/v1/merchant/profile/").detail == {"intro": "你好"}


def test_the_operation_log_stores_only_what_jsonb_accepts(merchants):
    row = log_operation(user=None, action="POST /x\x00/", target="t\x00",
                        detail={"k\x00": "v\x00", "big": 10**30, "inf": math.inf, "lone": "\ud800", "ok": 3})
    row.refresh_from_db()
    assert row.action == "POST /x/" and row.target == "t"
    assert row.detail == {"k": "v", "big": str(10**30), "inf": "inf", "lone": "\ufffd", "ok": 3}
    assert storable_text("a\x00b\udfff") == "ab\ufffd"


def test_a_form_body_with_a_nul_is_logged_without_it(merchants, client_for):
    response = _owner(client_for).post("/console/profile/", urlencode({"display_name": "阿尔法", "x\x00": "a\x00b"}),
                                       content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 302)
    row = OperationLog.objects.get(action__startswith="POST /console/profile/")
    assert row.detail["x"] == "ab" and row.detail["display_name"] == "阿尔法"


def test_the_api_parser_checks_the_same_without_the_middleware():
    for body, code in (('{"a": ' * 5000 + "1" + "}" * 5000, "json_too_deep"), ('["\\u0000"]', "null_character"),
                       ('{"n": 1e400}', "number_out_of_range")):
        with pytest.raises(DomainError) as refused:
            JSONParser().parse(io.BytesIO(body.encode()))
        assert refused.value.code == code
    assert JSONParser().parse(io.BytesIO(b'{"a": [1, "x", {"b": null}]}')) == {"a": [1, "x", {"b": None}]}


def test_nul_in_the_query_string_or_path_is_a_400(merchants, client_for):
    owner = _owner(client_for)
    for path in ("/api/v1/merchant/orders/?q=%00", "/api/v1/merchant/orders/?q%00=1", "/api/v1/merchant/oplog/%00/"):
        response = owner.get(path)
        assert response.status_code == 400 and response.json()["code"] == "null_character", path
    assert owner.get("/console/orders/?q=%00").status_code == 400  # pages too, as the error page


@pytest.mark.parametrize("path", ["/api/v1/auth/token/", "/api/v1/checkouts/preview/"])
def test_json_nested_thousands_deep_is_a_400(merchants, client, path):
    tourist = make_user("deep_tourist")
    body = '{"a": ' * 5000 + "1" + "}" * 5000
    response = client.post(path, body, content_type="application/json", HTTP_HOST="localhost", **bearer(tourist))
    assert response.status_code == 400 and response.json()["code"] == "json_too_deep"


def test_pagination_past_bigint_is_a_400_and_a_huge_limit_is_capped(merchants, client_for):
    owner = _owner(client_for)
    for path in ("/api/v1/merchant/orders/?limit=99999999999999999999",
                 "/api/v1/merchant/orders/?offset=99999999999999999999",
                 "/api/v1/merchant/oplog/?limit=99999999999999999999"):
        response = owner.get(path)
        assert response.status_code == 400 and response.json()["code"] == "number_out_of_range", path
    assert owner.get("/api/v1/merchant/orders/?limit=9999999999").status_code == 200
    assert owner.get("/api/v1/merchant/orders/?offset=9223372036854775807").status_code == 200


def test_integers_past_bigint_in_bodies_are_a_400(merchants, client):
    tourist = make_user("big_tourist")
    body = '{"items": [{"merchant": "alpha", "product_id": 99999999999999999999, "quantity": 1}]}'
    response = client.post("/api/v1/checkouts/preview/", body, content_type="application/json",
                           HTTP_HOST="localhost", **bearer(tourist))
    assert response.status_code == 400 and response.json()["code"] == "number_out_of_range"
    assert response.json()["details"] == {"field": "items[0].product_id"}


def test_store_profile_tags_are_a_list_of_labels_never_null(merchants, client_for):
    owner = _owner(client_for)
    for tags in (None, "亲子", {"a": 1}, [["x"]]):
        response = owner.patch("/api/v1/merchant/profile/", {"tags": tags}, content_type="application/json")
        assert response.status_code == 400 and response.json()["code"] == "invalid", tags
        assert "tags" in response.json()["details"]
    ok = owner.patch("/api/v1/merchant/profile/", {"tags": ["亲子"]}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["tags"] == ["亲子"]


def test_preview_of_a_room_without_a_day_names_the_line_error(merchants, client):
    product = room(merchants["beta"])
    tourist = make_user("preview_tourist")
    response = client.post("/api/v1/checkouts/preview/",
                           {"items": [{"merchant": "beta", "product_id": product.pk, "quantity": 1}]},
                           content_type="application/json", HTTP_HOST="localhost", **bearer(tourist))
    assert response.status_code == 200 and response.json()["has_error"] is True
    assert "需要选择日期" in response.json()["merchants"][0]["lines"][0]["error"]


def test_a_stay_at_the_end_of_the_calendar_is_refused_not_overflowed(merchants, client):
    product = room(merchants["beta"])
    tourist = make_user("calendar_tourist")
    item = {"merchant": "beta", "product_id": product.pk, "quantity": 1, "day": "9999-12-31", "nights": 2}
    preview = client.post("/api/v1/checkouts/preview/", {"items": [item]}, content_type="application/json",
                          HTTP_HOST="localhost", **bearer(tourist))
    assert preview.status_code == 200 and "最多可提前" in preview.json()["merchants"][0]["lines"][0]["error"]
    placed = client.post("/api/v1/checkouts/", {"items": [item], "contact_name": "游客"},
                         content_type="application/json", HTTP_HOST="localhost", HTTP_IDEMPOTENCY_KEY="far-1",
                         **bearer(tourist))
    assert placed.status_code == 400 and placed.json()["code"] == "day_too_far"


@pytest.mark.django_db(transaction=True)  # autocommit, as in production: the failed INSERT breaks no outer block
def test_a_number_the_column_cannot_hold_is_a_400_not_a_500(merchants, client):
    """As a JSON string the parser lets it through and DRF's IntegerField takes it: the API
    exception handler turns PostgreSQL's out-of-range error into number_out_of_range."""
    tourist = make_user("column_tourist")
    response = client.post("/api/v1/cart/items/", {"merchant": "alpha", "product_id": "99999999999999999999",
                                                   "quantity": 1}, content_type="application/json",
                           HTTP_HOST="localhost", **bearer(tourist))
    assert response.status_code == 400 and response.json()["code"] == "number_out_of_range"
