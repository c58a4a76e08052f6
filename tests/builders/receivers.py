"""A tiny local HTTP server that plays a distributor's webhook receiver."""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """Answers `status` (500 to the first `fail_first` calls, then 200, unless `status` is given), after
    `delay` seconds, with `headers`; remembers every call as (headers, body). Its URL is on 127.0.0.1,
    so a test that sends to it allows that host (settings.OUTBOUND_URL_ALLOWED_HOSTS)."""

    def __init__(self, fail_first: int = 1, *, status: int | None = None, delay: float = 0.0,
                 headers: dict | None = None, body: bytes = b"ok"):
        self.calls: list[tuple[dict, bytes]] = []
        self.fail_first = fail_first
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body_in = self.rfile.read(int(self.headers["Content-Length"]))
                outer.calls.append((dict(self.headers), body_in))
                if delay:
                    time.sleep(delay)
                self.send_response(status or (500 if len(outer.calls) <= outer.fail_first else 200))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/hooks/tourism"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class FakeDns:
    """Stands in for socket.getaddrinfo: `names[host]` is a list of answers, one per lookup (the last
    repeats), so a test can make a name resolve elsewhere the second time (DNS rebinding). Other
    names (IP literals, localhost) go to the real resolver. Install with monkeypatch:
    `monkeypatch.setattr(socket, "getaddrinfo", FakeDns({...}))`."""

    def __init__(self, names: dict[str, list[str]]):
        self.real = socket.getaddrinfo  # the real resolver, kept before the test replaces it
        self.names = {k: list(v) for k, v in names.items()}
        self.lookups: list[str] = []

    def __call__(self, host, port, *args, **kwargs):
        if host not in self.names:
            return self.real(host, port, *args, **kwargs)
        self.lookups.append(host)
        answers = self.names[host]
        address = answers.pop(0) if len(answers) > 1 else answers[0]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sockaddr = (address, port or 0, 0, 0) if family == socket.AF_INET6 else (address, port or 0)
        return [(family, socket.SOCK_STREAM, 6, "", sockaddr)]
