"""A real HTTP subscriber on localhost, which tests can take down and bring back up."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import connections
from procrastinate.contrib.django import app as procrastinate_app

SUBSCRIBER_AUTH = "Bearer abonnee-geheim"


class Subscriber:
    """Accepts POSTs carrying ``auth`` (204), refuses others (403); records every accepted message.
    With ``auth = None`` it accepts everything (a callback without authorisation)."""

    def __init__(self, auth=SUBSCRIBER_AUTH):
        self.auth = auth
        self.received: list[dict] = []
        self.headers: list[dict] = []
        self.status = 204  # what a correctly authorised POST gets
        self.hang_seconds = 0  # answer this late (a slow subscriber)
        self.requests_started = 0
        self.server = None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/api/notificaties"

    def up(self):
        subscriber = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                subscriber.requests_started += 1
                if subscriber.hang_seconds:
                    time.sleep(subscriber.hang_seconds)
                if subscriber.auth is not None and self.headers.get("Authorization") != subscriber.auth:
                    self.send_response(403)
                    self.end_headers()
                    return
                message = json.loads(body or b"{}")
                if message.get("kanaal") != "test":  # the callback check's test message is not counted
                    subscriber.received.append(message)
                    subscriber.headers.append(dict(self.headers))
                self.send_response(subscriber.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def down(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@pytest.fixture
def subscriber():
    running = Subscriber().up()
    yield running
    running.down()


def close_thread_connections(call_next, context, worker):
    """Tasks run in worker threads: close their database connections, so the test database can be dropped."""
    try:
        return call_next()
    finally:
        connections.close_all()


def run_worker_once():
    """The real worker, as `loket worker` runs it, until the notifications queue has nothing due."""
    with procrastinate_app.replace_connector(procrastinate_app.connector.get_worker_connector()) as app:
        app.run_worker(queues=["notifications"], wait=False, install_signal_handlers=False, listen_notify=False,
                       task_middleware=[close_thread_connections])
