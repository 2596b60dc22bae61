"""``loket run``: prepare the database and serve the platform (web + worker) until stopped."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

# Any number works as long as every Loket process uses the same one.
PREPARE_LOCK_ID = 0x4C4F4B4554  # "LOKET"
READY_TIMEOUT = 120


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def prepare_database(stdout, load_demo: bool = True) -> bool:
    """Migrate and, on an empty database, load the demo. Returns True when the demo was loaded.

    Serialised with a PostgreSQL advisory lock: two ``loket run`` started at once
    migrate one after the other, never concurrently.
    """
    from loket.demo import services as demo

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [PREPARE_LOCK_ID])
    try:
        call_command("migrate", interactive=False, verbosity=0)
        if load_demo and demo.database_is_empty():
            stdout.write("Empty database: loading the demo municipality Heidebeek ...")
            call_command("demo", stdout=stdout)
            return True
        return False
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [PREPARE_LOCK_ID])


class Command(BaseCommand):
    help = "Prepare the database (migrate, demo data when empty) and run the web server and a worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("LOKET_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")),
                            help="Web server processes (default 3, or WEB_CONCURRENCY).")
        parser.add_argument("--no-worker", action="store_true", help="Do not start a background worker here.")
        parser.add_argument("--no-demo", action="store_true", help="Never load demo data, even on an empty database.")

    def handle(self, *args, **options):
        host, port = options["host"], options["port"]
        if not _port_free(host, port):
            raise CommandError(f"Port {port} on {host} is already in use: is Loket already running? Choose another with --port.")
        connection.ensure_connection()
        prepare_database(self.stdout, load_demo=not options["no_demo"])
        call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()  # children open their own

        children = self._start_children(host, port, options)
        stop = {"signal": None}

        def on_signal(signum, frame):
            stop["signal"] = signum

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        try:
            url = f"http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}/"  # noqa: S104
            if self._wait_until_ready(url, children, stop):
                self._banner(url)
            exit_code = self._supervise(children, stop)
        finally:
            self._stop_children(children)
        if exit_code:
            raise CommandError("A Loket process stopped unexpectedly; see the log above.")

    def _start_children(self, host, port, options) -> dict[str, subprocess.Popen]:
        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        web = [
            sys.executable, "-m", "gunicorn", "loket.wsgi:application",
            "--bind", bind, "--workers", str(options["web_workers"]), "--threads", "4",
            "--worker-class", "gthread", "--timeout", "60", "--graceful-timeout", "20",
            "--access-logfile", "-", "--error-logfile", "-", "--no-control-socket",
        ]
        children = {"web": subprocess.Popen(web)}
        if not options["no_worker"]:
            children["worker"] = subprocess.Popen([sys.executable, "-m", "loket", "worker"])
        return children

    def _wait_until_ready(self, url, children, stop) -> bool:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline and stop["signal"] is None:
            if any(child.poll() is not None for child in children.values()):
                return False
            try:
                with urllib.request.urlopen(url + "health", timeout=2) as response:  # noqa: S310 - our own URL
                    if response.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.3)
        return False

    def _banner(self, url):
        from loket.demo import services as demo

        lines = ["", f"Loket is running at {url}", f"  Staff log-in: {url}medewerkers/inloggen/", f"  Health:       {url}health"]
        logins = demo.demo_logins()
        if logins:
            lines += ["", f"Demo accounts (password for all: {demo.DEMO_PASSWORD}):"]
            lines += [f"  {row['username']:<22} {row['name']:<20} {row['roles']}" for row in logins]
            lines += [
                "Two-step verification: at the first log-in scan the QR code with an authenticator app;",
                "after that, `loket totp-code <username>` prints the current code of a demo account.",
            ]
            if settings.DEBUG:
                lines.append(f"DEBUG is on: development log-in without password at {url}medewerkers/ontwikkelaar/")
        if getattr(settings, "LOKET_TEST_IDP", False):
            lines += ["", f"Residents (Mijn loket): {url}mijn/aanmelden/ -> 'Testaanmelding' lets you log in as any demo",
                      "  resident or business, at any assurance level (LOKET_TEST_IDP=true; never in production)."]
        lines += ["", "Press Ctrl+C to stop."]
        self.stdout.write("\n".join(lines))
        self.stdout.flush()

    def _supervise(self, children, stop) -> int:
        while stop["signal"] is None:
            for name, child in children.items():
                code = child.poll()
                if code is not None:
                    self.stderr.write(f"The {name} process exited with code {code}; stopping Loket.")
                    return code or 1
            time.sleep(0.5)
        self.stdout.write("Stopping Loket ...")
        return 0

    def _stop_children(self, children):
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 25
        for child in children.values():
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
