"""The notifications outbox: what publishing costs a change, and how fast the worker delivers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_h2_bench .venv/bin/python bench/notifications.py \
        [--notifications 2000] [--subscribers 3] [--concurrency 8]

Creates the database if absent and migrates it. Starts local HTTP subscribers (threads, answering 204), registers
one abonnement each on kanaal ``zaken`` (two with a filter that matches, one that does not), then measures:

- ``publish()`` in its own transaction (outbox row + fan-out job), median and p95 per call, and calls per second;
- the real procrastinate worker (in this process, ``--concurrency`` jobs at a time) fanning out and delivering the
  whole backlog: deliveries per second, and whether every subscriber got exactly what matched (lost / duplicated).

Prints the figures; never fails on slowness.
"""

import argparse
import os
import statistics
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loket_h2_bench")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOKET_HTTPS", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
os.environ.setdefault("LOKET_NOTIFICATIONS_CHECK_CALLBACK_AUTH", "false")


def ensure_database() -> None:
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.urls: list[str] = []


def start_subscriber(counter: Counter) -> str:
    import json

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
            if body.get("kanaal") != "test":
                with counter.lock:
                    counter.urls.append(body["resourceUrl"])
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/callback"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notifications", type=int, default=2000)
    parser.add_argument("--subscribers", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=8)
    options = parser.parse_args()

    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from procrastinate.contrib.django import app as procrastinate_app

    from loket.platform.notifications import services
    from loket.platform.notifications.models import (
        Abonnement,
        Delivery,
        DeliveryState,
        Notification,
    )

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:  # a clean slate: earlier runs' rows and jobs
        cursor.execute("DELETE FROM notifications_delivery; DELETE FROM notifications_notification; "
                       "DELETE FROM notifications_filtergroup; DELETE FROM notifications_abonnement; "
                       "DELETE FROM procrastinate_jobs WHERE queue_name = 'notifications'")

    counters = []
    for index in range(options.subscribers):
        counter = Counter()
        url = start_subscriber(counter)
        matching = index < options.subscribers - 1 or options.subscribers == 1
        filters = {"bronorganisatie": "002220647" if matching else "999999999"}
        services.create_abonnement(callback_url=url, auth="Bearer bench", kanalen=[{"naam": "zaken", "filters": filters}],
                                   check=False)
        counters.append((counter, matching))

    timings = []
    started = time.perf_counter()
    for n in range(options.notifications):
        begin = time.perf_counter()
        with transaction.atomic():
            services.publish(kanaal="zaken", hoofd_object=f"http://bench/zaken/{n}", resource="zaak",
                             resource_url=f"http://bench/zaken/{n}", actie="create",
                             kenmerken={"bronorganisatie": "002220647", "zaaktype": "http://bench/zaaktypen/1",
                                        "vertrouwelijkheidaanduiding": "openbaar"})
        timings.append((time.perf_counter() - begin) * 1000)
    publish_seconds = time.perf_counter() - started
    timings.sort()
    print(f"publish(): {options.notifications} in {publish_seconds:.1f} s = "
          f"{options.notifications / publish_seconds:.0f}/s; median {statistics.median(timings):.2f} ms, "
          f"p95 {timings[int(len(timings) * 0.95) - 1]:.2f} ms per call (own transaction)")

    expected = options.notifications * sum(1 for _counter, matching in counters if matching)
    started = time.perf_counter()
    from django.db.models import Q
    from django.utils import timezone
    from procrastinate.contrib.django.models import ProcrastinateJob

    def due_jobs() -> bool:
        return ProcrastinateJob.objects.filter(queue_name="notifications", status="todo").filter(
            Q(scheduled_at__isnull=True) | Q(scheduled_at__lte=timezone.now())).exists()

    # run_worker(wait=False) stops as soon as one fetch finds nothing, even while other jobs still defer new ones;
    # a long-running `loket worker` simply waits for them. Run it again until nothing is due.
    while due_jobs():
        with procrastinate_app.replace_connector(procrastinate_app.connector.get_worker_connector()) as app:
            app.run_worker(queues=["notifications"], wait=False, install_signal_handlers=False, listen_notify=False,
                           concurrency=options.concurrency)
    deliver_seconds = time.perf_counter() - started
    delivered = Delivery.objects.filter(state=DeliveryState.DELIVERED).count()
    print(f"worker (concurrency {options.concurrency}): {delivered} deliveries of {options.notifications} "
          f"notifications to {options.subscribers} subscribers in {deliver_seconds:.1f} s = "
          f"{delivered / deliver_seconds:.0f} deliveries/s")
    for index, (counter, matching) in enumerate(counters):
        unique = len(set(counter.urls))
        want = options.notifications if matching else 0
        print(f"  subscriber {index} ({'matching' if matching else 'filtered out'}): received {len(counter.urls)}, "
              f"unique {unique}, lost {want - unique}, duplicates {len(counter.urls) - unique}")
    print(f"  expected deliveries {expected}; pending {Delivery.objects.filter(state=DeliveryState.PENDING).count()}, "
          f"not fanned out {Notification.objects.filter(fanned_out_at__isnull=True).count()}, "
          f"abonnementen {Abonnement.objects.count()}")


if __name__ == "__main__":
    main()
