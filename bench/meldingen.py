"""Meldingen at scale: nearby duplicates, creation and the public map with 1,000,000 meldingen.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_h5_bench .venv/bin/python bench/meldingen.py \
        [--meldingen 1000000] [--keep] [--create 300] [--threads 2] [--processes 4] [--cpu 200]

Creates the database if absent and migrates it. Builds one municipality (the shipped taxonomy, a boundary, routing
rules, the case type) through the services, then generates N meldingen with SQL (generate_series, one statement):
spread over the municipality and the last two years, every sub category, about 3 % open (recent reports are mostly
open, older ones handled). The generated rows have no case (the case tables are measured by bench/cases.py); every
melding made by the creation benchmark does. Then measures, in-process (server time, no network):

- nearby open duplicates (50 m, same category, 12 weeks) at random points: median and p95;
- creating meldingen through the Open311 API (POST requests.json: validation, routing, case, history, outbox)
  and through the resident form's service with automatic classification (services.create_melding without a
  category), per second, with ``--threads`` clients (one process: they share the GIL) and, with
  ``--processes N``, with N forked processes (as web workers run);
- the public map's data for the whole city (open meldingen in public categories, /meldingen/kaart/data.json).

``--cpu N`` measures only CPU time (``time.process_time``) and SQL statements per creation and per nearby look-up
over N calls in one process: figures that stay meaningful when other work shares the cores.

Prints the figures; never fails on slowness. ``--keep`` reuses generated data from a previous run.
"""

import argparse
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loket_h5_bench")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOKET_HTTPS", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")

SLUG = "benchbeek"
# The demo municipality's box (Heidebeek): about 6 x 5 km.
LAT, LON, DLAT, DLON = 51.085, 4.627, 0.022, 0.040


def ensure_database() -> None:
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def build_world():
    from loket.cases.models import CaseSettings
    from loket.meldingen import services, taxonomy
    from loket.meldingen.demo import BOUNDARY
    from loket.meldingen.models import RoutingRule
    from loket.platform.organisations.models import Department, Organisation

    organisation, created = Organisation.objects.get_or_create(
        slug=SLUG, defaults={"name": "Gemeente Benchbeek", "kind": "gemeente", "domain": "testserver"})
    if created:
        CaseSettings.objects.create(organisation=organisation, holiday_country="BE", case_number_prefix="BB")
    department, _ = Department.objects.get_or_create(organisation=organisation, slug="openbare-ruimte",
                                                     defaults={"name": "Openbare Ruimte"})
    taxonomy.load_taxonomy(organisation, department=department)
    boundary = {"type": "Polygon", "coordinates": [[[LON - DLON, LAT - DLAT], [LON + DLON, LAT - DLAT],
                                                    [LON + DLON, LAT + DLAT], [LON - DLON, LAT + DLAT],
                                                    [LON - DLON, LAT - DLAT]]]}
    assert BOUNDARY  # the demo's own polygon is smaller; the bench uses the box around it
    services.configure(organisation=organisation, boundary=boundary, default_department=department)
    services.setup_case_type(organisation=organisation, department=department)
    if not RoutingRule.objects.filter(organisation=organisation).exists():
        for order in range(1, 6):  # a few rules that do not fit, then the one that does
            RoutingRule.objects.create(organisation=organisation, order=order, name=f"Nachtregel {order}",
                                       department=department, weekdays=[7])
        RoutingRule.objects.create(organisation=organisation, order=100, name="Alles", department=department)
    return organisation, department


def generate(organisation, count: int) -> None:
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM meldingen_statechange WHERE melding_id IN "
                       "(SELECT id FROM meldingen_melding WHERE organisation_id = %s AND zaak_id IS NULL)",
                       [organisation.pk])
        cursor.execute("DELETE FROM meldingen_melding WHERE organisation_id = %s AND zaak_id IS NULL", [organisation.pk])
        cursor.execute("""
            CREATE TEMP TABLE bench_subs AS
            SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, parent_id FROM meldingen_category
            WHERE organisation_id = %s AND parent_id IS NOT NULL
        """, [organisation.pk])
        cursor.execute("SELECT count(*) FROM bench_subs")
        subs = cursor.fetchone()[0]
        # Age: uniform over two years; a report is open with 60 % chance in its first 3 weeks, 0.5 % afterwards.
        cursor.execute("""
            INSERT INTO meldingen_melding (
                uuid, organisation_id, text, latitude, longitude, address, category_id, main_category_id,
                classifier_confidence, classifier_suggestions, needs_triage, reclassified, answers, state, is_open,
                state_changed_at, reporter_name, reporter_email, reporter_phone, wants_updates, channel, token,
                created_at, updated_at, closed_at, deadline, deadline_3x)
            SELECT gen_random_uuid(), %(org)s, 'Gegenereerde melding ' || t.g, %(lat)s + (random() * 2 - 1) * %(dlat)s,
                   %(lon)s + (random() * 2 - 1) * %(dlon)s, '', s.id, s.parent_id, 0.9, '{}', false, false, '{}',
                   CASE WHEN o.open THEN 'in_progress' ELSE 'handled' END, o.open, o.created, '', '', '', false, 'web',
                   md5(t.g::text || random()::text) || md5(random()::text), o.created, o.created,
                   CASE WHEN o.open THEN NULL ELSE o.created + interval '3 days' END,
                   (o.created + interval '5 days')::date, (o.created + interval '15 days')::date
            FROM (SELECT g, now() - random() * interval '730 days' AS created
                  FROM generate_series(1, %(count)s) AS g) AS t
            CROSS JOIN LATERAL (SELECT t.created,
                                       CASE WHEN t.created > now() - interval '21 days' THEN random() < 0.6
                                            ELSE random() < 0.005 END AS open) AS o
            JOIN bench_subs s ON s.n = (t.g::bigint * 7919) %% %(subs)s
        """, {"org": organisation.pk, "lat": LAT, "lon": LON, "dlat": DLAT * 0.95, "dlon": DLON * 0.95, "count": count,
              "subs": subs})
        cursor.execute("DROP TABLE bench_subs")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE meldingen_melding")  # what autovacuum does after a bulk load
    print(f"generated {count:,} meldingen in {time.perf_counter() - start:.0f} s")


def bench_nearby(organisation, runs: int = 1000) -> None:
    from loket.meldingen import selectors
    from loket.meldingen.models import Category

    subs = list(Category.objects.filter(organisation=organisation, parent__isnull=False))
    rng = random.Random(1)  # noqa: S311 - benchmark points, not security
    timings, found = [], 0
    for _ in range(runs):
        lat, lon = LAT + rng.uniform(-DLAT, DLAT) * 0.9, LON + rng.uniform(-DLON, DLON) * 0.9
        category = rng.choice(subs)
        start = time.perf_counter()
        found += len(selectors.nearby_open(organisation=organisation, latitude=lat, longitude=lon, category=category))
        timings.append((time.perf_counter() - start) * 1000)
    median, p95 = percentiles(timings)
    print(f"nearby duplicates (50 m, same category, 12 weeks), {runs} random points: median {median:.2f} ms, "
          f"p95 {p95:.2f} ms ({found} found)")


def _run_clients(work, total: int, threads: int) -> float:
    from django.db import connection

    counter = {"left": total}
    lock = threading.Lock()
    errors = []

    def client():
        try:
            while True:
                with lock:
                    if counter["left"] <= 0:
                        return
                    counter["left"] -= 1
                work()
        except Exception as exc:  # report, do not hide
            errors.append(repr(exc))
        finally:
            connection.close()

    start = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    if errors:
        print(f"  errors: {errors[:3]}")
    return total / elapsed


def _run_processes(work, total: int, processes: int) -> float:
    """Like _run_clients, with forked processes (as web workers run; threads of one process share the GIL).
    Each process makes its own database connection and its share of the ``total``."""
    import multiprocessing

    from django.db import connections

    connections.close_all()  # a forked child must not share the parent's connection

    def child(count: int) -> None:
        for _ in range(count):
            work()
        connections.close_all()

    shares = [total // processes + (1 if i < total % processes else 0) for i in range(processes)]
    context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    workers = [context.Process(target=child, args=(share,)) for share in shares]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    failed = [w.exitcode for w in workers if w.exitcode]
    if failed:
        print(f"  errors: {len(failed)} processes failed")
    return total / elapsed


def bench_create(organisation, total: int, threads: int, processes: int = 0) -> None:
    from django.test import Client

    from loket.meldingen import services
    from loket.meldingen.models import Category

    _client, key = services.create_api_client(organisation=organisation, name=f"bench {time.time()}")
    subs = [c.slug for c in Category.objects.filter(organisation=organisation, parent__isnull=False)]
    rng = random.Random(2)  # noqa: S311 - benchmark input, not security
    texts = ["Glasbak vol aan de kerk, flessen ernaast", "lantaarnpaal kapot al een week donker",
             "put in het fietspad gevaarlijk", "sluikstort van grofvuil naast de container",
             "hondenpoep overal op het grasveld", "boom hangt over de weg na de storm"]

    local = threading.local()

    def post():
        # One test client per thread (and per process), as a web worker loads its middleware once: a new Client per
        # request would load every middleware again, WhiteNoise scanning all static files each time.
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = Client()
        response = client.post("/open311/v2/requests.json", {
            "api_key": key, "service_code": rng.choice(subs), "lat": LAT + rng.uniform(-0.01, 0.01),
            "long": LON + rng.uniform(-0.01, 0.01), "description": rng.choice(texts), "email": "bench@example.org"})
        if response.status_code != 200:
            raise RuntimeError(response.content[:300])

    post()  # warm up
    rate = _run_clients(post, total, threads)
    print(f"creation through Open311 POST (validation, routing, case, history, confirmation in the outbox), "
          f"{threads} clients: {rate:.0f} meldingen/s")
    if processes:
        rate = _run_processes(post, total, processes)
        print(f"creation through Open311 POST, {processes} processes: {rate:.0f} meldingen/s")

    from loket.meldingen.classification import classify

    start = time.perf_counter()
    classify("warm up the classifier", organisation=organisation)
    print(f"  classifier ready in {time.perf_counter() - start:.1f} s (trained on first use if no stored model)")

    def create_classified():
        services.create_melding(organisation=organisation, text=rng.choice(texts), latitude=LAT + rng.uniform(-0.01, 0.01),
                                longitude=LON + rng.uniform(-0.01, 0.01), reporter_email="bench@example.org")

    rate = _run_clients(create_classified, total, threads)
    print(f"creation with automatic classification (resident form's path), {threads} clients: {rate:.0f} meldingen/s")
    if processes:
        rate = _run_processes(create_classified, total, processes)
        print(f"creation with automatic classification, {processes} processes: {rate:.0f} meldingen/s")


def bench_cpu(organisation, total: int) -> None:
    """CPU time (time.process_time) and SQL statements per operation, one process, no concurrency: the figures that
    stay meaningful on a loaded machine. Creations through Open311 POST (given category) and through the resident
    form's service (automatic classification), and the nearby look-up."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from loket.meldingen import selectors, services
    from loket.meldingen.classification import classify
    from loket.meldingen.models import Category

    _client, key = services.create_api_client(organisation=organisation, name=f"bench cpu {time.time()}")
    subs = list(Category.objects.filter(organisation=organisation, parent__isnull=False))
    rng = random.Random(3)  # noqa: S311 - benchmark input, not security
    texts = ["Glasbak vol aan de kerk, flessen ernaast", "lantaarnpaal kapot al een week donker",
             "put in het fietspad gevaarlijk", "sluikstort van grofvuil naast de container"]
    client = Client()
    classify("warm up the classifier", organisation=organisation)

    def post():
        response = client.post("/open311/v2/requests.json", {
            "api_key": key, "service_code": rng.choice(subs).slug, "lat": LAT + rng.uniform(-0.01, 0.01),
            "long": LON + rng.uniform(-0.01, 0.01), "description": rng.choice(texts), "email": "bench@example.org"})
        if response.status_code != 200:
            raise RuntimeError(response.content[:300])

    def classified():
        services.create_melding(organisation=organisation, text=rng.choice(texts), latitude=LAT + rng.uniform(-0.01, 0.01),
                                longitude=LON + rng.uniform(-0.01, 0.01), reporter_email="bench@example.org")

    def nearby():
        selectors.nearby_open(organisation=organisation, latitude=LAT + rng.uniform(-0.02, 0.02),
                              longitude=LON + rng.uniform(-0.036, 0.036), category=rng.choice(subs))

    for label, work, runs in (("creation through Open311 POST", post, total),
                              ("creation with automatic classification (create_melding)", classified, total),
                              ("nearby duplicates (selectors.nearby_open)", nearby, total * 5)):
        for _ in range(3):
            work()  # warm up: first-use caches, imports
        with CaptureQueriesContext(connection) as queries:
            work()
        statements = len(queries.captured_queries)
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(runs):
            work()
        cpu, wall = (time.process_time() - cpu) / runs * 1000, (time.perf_counter() - wall) / runs * 1000
        print(f"{label}: {cpu:.2f} ms CPU per call ({wall:.2f} ms wall), {statements} SQL statements, {runs} calls")


def bench_map(organisation, runs: int = 20) -> None:
    from django.test import Client

    client = Client()
    timings, size, features = [], 0, 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get("/meldingen/kaart/data.json", HTTP_HOST="testserver")
        timings.append((time.perf_counter() - start) * 1000)
        size = len(response.content)
        features = len(response.json()["points"])
    median, p95 = percentiles(timings)
    print(f"public map data, whole city ({features:,} open meldingen, {size / 1024:.0f} KiB): median {median:.0f} ms, "
          f"p95 {p95:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--meldingen", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="reuse the generated meldingen of an earlier run")
    parser.add_argument("--create", type=int, default=300, help="meldingen to create per creation benchmark")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--processes", type=int, default=0,
                        help="also measure creation with this many forked processes (web workers), e.g. 4")
    parser.add_argument("--cpu", type=int, default=0, metavar="N",
                        help="only measure CPU time and statements per operation over N calls (for a loaded machine)")
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.conf import settings

    settings.LOKET_DEFAULT_ORGANISATION = SLUG
    organisation, _department = build_world()
    from loket.meldingen.models import Melding

    existing = Melding.objects.filter(organisation=organisation).count()
    if not args.keep or existing < args.meldingen:
        generate(organisation, args.meldingen)
    print(f"{Melding.objects.filter(organisation=organisation).count():,} meldingen, "
          f"{Melding.objects.filter(organisation=organisation, is_open=True).count():,} open")
    if args.cpu:
        bench_cpu(organisation, args.cpu)
        return
    bench_nearby(organisation)
    bench_map(organisation)
    bench_create(organisation, args.create, args.threads, args.processes)


if __name__ == "__main__":
    main()
