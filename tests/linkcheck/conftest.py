"""A local HTTP server for the link checker, and a machine no test leaves."""

import contextlib
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import translation

from tests.compliance.conftest import HELD_TASKS

#: Seconds the slow address waits before answering (beyond the timeout).
SLOW = 1.5
TIMEOUT = 0.5


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def _answer(self, head):
        self.server.seen.append((self.command, self.path))
        path = self.path
        if path == "/slow":
            time.sleep(SLOW)
            return self._send(200, head)
        if path == "/missing":
            return self._send(404, head)
        if path == "/error":
            return self._send(500, head)
        if path == "/head-refused" and head:
            return self._send(405, head)
        if path == "/loop-a":
            return self._send(302, head, location="/loop-b")
        if path == "/loop-b":
            return self._send(302, head, location="/loop-a")
        if path == "/moved":
            return self._send(301, head, location="/ok")
        return self._send(200, head)

    def _send(self, code, head, location=None):
        body = b"<html>ok</html>"
        self.send_response(code)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

    def do_HEAD(self):
        self._answer(head=True)

    def do_GET(self):
        self._answer(head=False)


@pytest.fixture
def http_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def no_traffic_leaves(monkeypatch):
    """Any connection to somewhere other than this machine fails the test."""
    attempts = []
    real_connect = socket.socket.connect

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(address, tuple) and host not in ("127.0.0.1", "::1"):
            attempts.append(address)
            raise AssertionError(f"a test tried to reach {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    yield attempts
    assert not attempts


@pytest.fixture(autouse=True)
def link_check_settings(settings):
    settings.TASKS = HELD_TASKS
    settings.ITA_LINK_CHECK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.ITA_LINK_CHECK_TIMEOUT = TIMEOUT
    settings.ITA_LINK_CHECK_HOST_DELAY = 0


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_results():
    from ita_wagtail.scoring.cache import invalidate

    invalidate()
    yield
    invalidate()


@pytest.fixture
def client():
    """A test client that asks for English, like the ``english`` fixture."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")
