"""Tiny WSGI plumbing for the sandbox (stdlib only): request/response objects and a threaded server."""

from __future__ import annotations

import html
import json
import logging
from dataclasses import dataclass, field
from socketserver import ThreadingMixIn
from urllib.parse import parse_qsl, quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

log = logging.getLogger("payments.sandbox")

REASONS = {200: "OK", 204: "No Content", 302: "Found", 400: "Bad Request", 401: "Unauthorized",
           403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
           429: "Too Many Requests", 500: "Internal Server Error"}


@dataclass
class Request:
    method: str
    path: str  # decoded PATH_INFO
    raw_uri: str  # path + query exactly as sent (what WeChat Pay signatures cover)
    query: dict
    headers: dict  # lower-case names
    body: bytes
    base_url: str  # http://host:port of the sandbox as the client addressed it

    @classmethod
    def from_environ(cls, environ) -> Request:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        qs = environ.get("QUERY_STRING", "")
        raw = environ.get("RAW_URI") or (quote(environ.get("PATH_INFO", "/")) + (f"?{qs}" if qs else ""))
        host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
        return cls(method=environ["REQUEST_METHOD"].upper(), path=environ.get("PATH_INFO", "/"), raw_uri=raw,
                   query=dict(parse_qsl(qs, keep_blank_values=True)), headers=headers, body=body,
                   base_url=f"http://{host}")

    def json(self) -> dict:
        if not self.body:
            return {}
        data = json.loads(self.body.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("JSON object expected")
        return data

    def form(self) -> dict:
        return dict(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))

    def params(self) -> dict:
        """Query parameters merged with a form-encoded body (Alipay accepts both)."""
        merged = dict(self.query)
        if self.method == "POST" and "x-www-form-urlencoded" in self.headers.get("content-type", ""):
            merged.update(self.form())
        return merged


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    headers: list = field(default_factory=list)

    def header(self, name: str, value: str) -> Response:
        self.headers.append((name, value))
        return self


def json_response(status: int, obj, *, raw: str | None = None) -> Response:
    text = raw if raw is not None else json.dumps(obj, ensure_ascii=False)
    return Response(status, text.encode("utf-8"), [("Content-Type", "application/json; charset=utf-8")])


def text_response(status: int, text: str, content_type: str = "text/plain; charset=utf-8") -> Response:
    return Response(status, text.encode("utf-8"), [("Content-Type", content_type)])


def redirect(url: str) -> Response:
    return Response(302, b"", [("Location", url), ("Content-Type", "text/plain")])


PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f5f5;margin:0}}
.box{{max-width:420px;margin:40px auto;background:#fff;border-radius:8px;padding:24px;text-align:center}}
.amt{{font-size:32px;margin:12px 0}} .muted{{color:#888;font-size:13px}} button{{width:100%;padding:12px;
font-size:17px;color:#fff;background:{color};border:0;border-radius:6px;margin-top:8px}}
button.alt{{background:#bbb}} .tag{{display:inline-block;background:#fffbe6;border:1px solid #ffe58f;
padding:2px 8px;border-radius:4px;font-size:12px}}</style></head><body><div class="box">
<div class="tag">沙箱环境 · Sandbox</div><h2>{title}</h2>{content}</div></body></html>"""


def page(title: str, content: str, color: str = "#07c160", status: int = 200) -> Response:
    return text_response(status, PAGE.format(title=html.escape(title), content=content, color=color),
                         "text/html; charset=utf-8")


def esc(value) -> str:
    return html.escape(str(value), quote=True)


class _Handler(WSGIRequestHandler):
    def get_environ(self):
        env = super().get_environ()
        env["RAW_URI"] = self.path
        return env

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        log.debug("%s %s", self.address_string(), format % args)


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


def make_server(host: str, port: int, app) -> ThreadingWSGIServer:
    server = ThreadingWSGIServer((host, port), _Handler)
    server.set_app(app)
    return server


def wsgi(handler):
    """Wrap `handler(Request) -> Response` as a WSGI callable."""

    def app(environ, start_response):
        try:
            request = Request.from_environ(environ)
            response = handler(request)
        except Exception:  # the sandbox must answer, and say why
            log.exception("sandbox error")
            response = json_response(500, {"code": "SYSTEM_ERROR", "message": "sandbox internal error"})
        start_response(f"{response.status} {REASONS.get(response.status, 'Unknown')}", response.headers)
        return [response.body]

    return app
