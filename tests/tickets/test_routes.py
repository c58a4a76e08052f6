"""Tour routes with guide media (EC-TKT-02): merchant CRUD with uploads stored per schema,
public read of published routes, media served through the app."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
MP3 = b"ID3\x03\x00\x00\x00" + b"\x00" * 64


def _png(name="stop.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def _mp3(name="guide.mp3"):
    return SimpleUploadedFile(name, MP3, content_type="audio/mpeg")


def _route(client, **data):
    resp = client.post("/api/v1/merchant/routes/", {"name": "经典一日游", "intro": "含五老峰", "duration_minutes": 240,
                                                    **data}, content_type="application/json")
    assert resp.status_code == 201, resp.json()
    return resp.json()


def test_route_with_uploaded_stops_is_public_once_published(merchants, client_for, django_capture_on_commit_callbacks):
    owner = client_for("alpha_owner", "alpha")
    route = _route(owner)
    stops_url = f"/api/v1/merchant/routes/{route['id']}/stops/"
    added = owner.post(stops_url, {"title": "含鄱口", "text": "观鄱阳湖日出", "image": _png(), "audio": _mp3()})
    assert added.status_code == 201, added.json()
    stop = added.json()["stops"][0]
    assert stop["position"] == 1 and stop["image_url"].endswith("/image/") and stop["audio_url"].endswith("/audio/")
    files = sorted(p.relative_to(settings.MEDIA_ROOT).as_posix() for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    assert len(files) == 2 and all(f.startswith("alpha/routes/") for f in files)
    assert not any("stop" in f or "guide" in f for f in files)  # client file names are not used
    assert owner.get(stop["image_url"]).getvalue() == PNG  # staff preview on the merchant host

    public = client_for()
    assert public.get("/api/v1/market/merchants/alpha/routes/").json() == []  # not published yet
    owner.patch(f"/api/v1/merchant/routes/{route['id']}/", {"published": True}, content_type="application/json")
    listed = public.get("/api/v1/market/merchants/alpha/routes/").json()
    assert [r["name"] for r in listed] == ["经典一日游"] and listed[0]["duration_minutes"] == 240
    pub_stop = listed[0]["stops"][0]
    image = public.get(pub_stop["image_url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/png" and image.getvalue() == PNG
    assert public.get(pub_stop["audio_url"]).getvalue() == MP3
    assert public.get(f"/api/v1/market/merchants/alpha/routes/{route['id']}/").json()["stops"][0]["title"] == "含鄱口"
    # another merchant's slug never reaches alpha's rows or files
    assert public.get("/api/v1/market/merchants/beta/routes/").json() == []
    assert public.get(pub_stop["image_url"].replace("/alpha/", "/beta/")).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        patched = owner.patch(f"/api/v1/merchant/route-stops/{stop['id']}/", {"title": "含鄱口观景台",
                              "remove": ["audio"]}, content_type="application/json")
    assert patched.status_code == 200
    assert patched.json()["stops"][0]["title"] == "含鄱口观景台" and patched.json()["stops"][0]["audio_url"] is None
    assert len([p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]) == 1
    owner.patch(f"/api/v1/merchant/routes/{route['id']}/", {"published": False}, content_type="application/json")
    assert public.get(pub_stop["image_url"]).status_code == 404  # unpublished again
    with django_capture_on_commit_callbacks(execute=True):
        gone = owner.delete(f"/api/v1/merchant/route-stops/{stop['id']}/")
    assert gone.status_code == 204
    assert not [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_uploads_are_checked_and_writes_need_catalog_rights(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    route = _route(owner)
    url = f"/api/v1/merchant/routes/{route['id']}/stops/"
    fake = SimpleUploadedFile("evil.png", b"<script>alert(1)</script>", content_type="image/png")
    resp = owner.post(url, {"title": "坏图", "image": fake})
    assert resp.status_code == 400 and resp.json()["code"] == "file_type_invalid"
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    assert owner.post(url, {"title": "x", "audio": exe}).json()["code"] == "file_type_invalid"
    clerk = client_for("alpha_clerk", "alpha")
    assert clerk.get("/api/v1/merchant/routes/").status_code == 200
    assert clerk.post("/api/v1/merchant/routes/", {"name": "x"}, content_type="application/json").status_code == 403
    assert clerk.post(url, {"title": "x"}).status_code == 403
    assert client_for("beta_owner", "beta").get(f"/api/v1/merchant/routes/{route['id']}/").status_code == 404
    assert owner.delete(f"/api/v1/merchant/routes/{route['id']}/").status_code == 204


def test_console_route_pages_create_and_upload(merchants, client_for):
    owner = client_for("alpha_owner", "alpha")
    assert "导览线路" in owner.get("/console/routes/").content.decode()
    created = owner.post("/console/routes/", {"name": "夜游线", "intro": "", "duration_minutes": 90})
    assert created.status_code == 302
    detail_url = created["Location"]
    page = owner.post(detail_url, {"action": "stop", "title": "灯光秀", "text": "20:00 开始", "image": _png()},
                      follow=True)
    html = page.content.decode()
    assert "讲解点已添加" in html and "灯光秀" in html and "<img" in html
    assert client_for("alpha_clerk", "alpha").post(detail_url, {"action": "delete_route"}).status_code == 403
