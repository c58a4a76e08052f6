"""Network addresses for tests that cut a dependency off."""

import socket


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released: connecting is refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
