"""ZGW common framework at scale: Besluiten API lists on 1,000,000 besluiten (authorisation, count, deep pages).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_h1_bench .venv/bin/python bench/zgw_besluiten.py [--besluiten 1000000] [--keep]

Creates the database if absent and migrates it. Builds one organisation with a catalogue of 100 published besluittypen
(through the services) and generates N besluiten with SQL (generate_series, one statement). Two applications:
one with heeftAlleAutorisaties, one authorised (scope besluiten.lezen) for 20 of the 100 besluittypen. Measures
in-process through Django's test client (server time incl. JWT authentication, no HTTP):

- GET /besluiten/api/v1/besluiten page 1 (100 rows) for both applications;
- a deep page (page 5,000, or the last but one) by hand-made ``?page=`` (OFFSET) and by following ``next`` (cursor);
- the ``count`` (capped exact/estimate) against an exact COUNT(*);
- the authentication alone (a request answered 403 for lack of scope, no data read).

Prints the figures; never fails on slowness. ``--keep`` reuses generated data from a previous run.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loket_h1_bench")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOKET_HTTPS", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")

TYPES, AUTHORISED = 100, 20
SECRET = "bench-zgw-secret-0123456789-abcdefghijklmnop"  # noqa: S105


def ensure_database() -> None:
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def timed(func, runs: int) -> tuple[float, float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def build(count: int):
    import datetime

    from django.db import connection

    from loket.cases import services
    from loket.cases.models import BesluitType
    from loket.platform.api_clients.models import Applicatie
    from loket.platform.api_clients.services import AutorisatieSpec, create_application
    from loket.platform.organisations.models import Organisation

    org, created = Organisation.objects.get_or_create(slug="bench-zgw", defaults={"name": "Benchgemeente ZGW", "kind": "gemeente"})
    types = list(BesluitType.objects.filter(catalogus__organisation=org).order_by("pk"))
    if not types:
        catalogus = services.create_catalogus(organisation=org, naam="Catalogus", domein="BZGW")
        types = [services.create_decision_type(catalogus=catalogus, omschrijving=f"Besluittype {n}", publish=True)
                 for n in range(TYPES)]
    ids = [t.pk for t in types]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO cases_besluit (uuid, identificatie, verantwoordelijke_organisatie, besluittype_id, zaak_id, datum,
                toelichting, bestuursorgaan, ingangsdatum, vervaldatum, vervalreden, publicatiedatum, verzenddatum,
                uiterlijke_reactiedatum, created_at, organisation_id)
            SELECT gen_random_uuid(), 'BESLUIT-2024-' || lpad(n::text, 10, '0'), '002220647',
                   (%s::bigint[])[1 + (n %% %s)], NULL, %s::date - (n %% 700), '', '', %s::date - (n %% 700) + 1,
                   NULL, '', NULL, NULL, NULL, now(), %s
            FROM generate_series(1, %s) AS n
            """,
            [ids, len(ids), datetime.date(2024, 12, 31), datetime.date(2024, 12, 31), org.pk, count],
        )
        cursor.execute("ANALYZE cases_besluit")
    print(f"generated {count:,} besluiten in {time.perf_counter() - started:.0f} s")
    create_application(organisation=org, label="Alles", client_ids=["bench-all"], heeft_alle_autorisaties=True, secret=SECRET)
    create_application(
        organisation=org, label="Twintig", client_ids=["bench-20"], secret=SECRET,
        autorisaties=[AutorisatieSpec(component="brc", scopes=["besluiten.lezen"],
                                      besluittype=f"http://localhost/catalogi/api/v1/besluittypen/{t.uuid}")
                      for t in types[:AUTHORISED]],
    )
    create_application(organisation=org, label="Geen scope", client_ids=["bench-none"], secret=SECRET,
                       autorisaties=[AutorisatieSpec(component="nrc", scopes=["notificaties.consumeren"])])
    return Applicatie.objects.count()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--besluiten", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from loket.cases.models import Besluit
    from loket.platform.zgw.testing import auth_headers

    call_command("migrate", verbosity=0)
    if not (args.keep and Besluit.objects.exists()):
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE cases_besluit, cases_besluitinformatieobject CASCADE")
        from loket.platform.api_clients.models import Applicatie, ClientCredential

        Applicatie.objects.all().delete()
        ClientCredential.objects.all().delete()
        build(args.besluiten)
    total = Besluit.objects.count()
    client = Client(HTTP_HOST="localhost")

    def get(client_id, url):
        response = client.get(url, HTTP_AUTHORIZATION=auth_headers(client_id, SECRET)["Authorization"])
        assert response.status_code in (200, 403), (response.status_code, response.content[:300])
        return response

    url = "/besluiten/api/v1/besluiten"
    print(f"\n{total:,} besluiten, {TYPES} besluittypen; client 'bench-20' authorised for {AUTHORISED} of them")
    for client_id in ("bench-all", "bench-20"):
        first = get(client_id, url).json()
        median, p95 = timed(lambda cid=client_id: get(cid, url), args.runs)
        print(f"GET {url} page 1 ({client_id}): median {median:.1f} ms, p95 {p95:.1f} ms, count={first['count']:,}")
    for client_id, rows in (("bench-all", total), ("bench-20", total * AUTHORISED // TYPES)):
        page = max(2, min(5000, rows // 100 - 1))
        median, p95 = timed(lambda cid=client_id, p=page: get(cid, f"{url}?page={p}"), max(5, args.runs // 3))
        print(f"GET page {page:,} by ?page= (OFFSET {(page - 1) * 100:,}, {client_id}): median {median:.1f} ms, p95 {p95:.1f} ms")
        link = get(client_id, f"{url}?page={page - 1}").json()["next"]
        cursor_path = link.split("localhost", 1)[1]
        median, p95 = timed(lambda cid=client_id, path=cursor_path: get(cid, path), args.runs)
        print(f"GET page {page:,} by following next (cursor, {client_id}): median {median:.1f} ms, p95 {p95:.1f} ms")
    median, p95 = timed(lambda: get("bench-none", url), args.runs)
    print(f"request refused for lack of scope (JWT verification + scope check only): median {median:.2f} ms")
    from loket.cases.models import BesluitType
    from loket.platform.zgw.pagination import estimated_count

    type_ids = list(BesluitType.objects.filter(catalogus__organisation__slug="bench-zgw").order_by("pk").values_list("pk", flat=True)[:AUTHORISED])
    allowed = Besluit.objects.filter(besluittype__in=type_ids)
    started = time.perf_counter()
    exact = allowed.count()
    exact_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    estimate = estimated_count(allowed)
    estimate_ms = (time.perf_counter() - started) * 1000
    print(f"count for 20 types: exact COUNT(*) {exact:,} in {exact_ms:.0f} ms; planner estimate {estimate:,} in {estimate_ms:.1f} ms")


if __name__ == "__main__":
    main()
