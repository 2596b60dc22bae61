"""Catalogi API: list and detail times over a realistic catalogue.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_h3_bench .venv/bin/python bench/zgw_catalogi.py [--zaaktypen 300]

Creates the database if absent and migrates it. Builds one organisation with a catalogue of N published case types
(3 versions each for a third of them), each with 5 statustypen, 3 roltypen, 3 resultaattypen, 4 eigenschappen,
3 document types and a decision type, through the services. Then measures, in-process through Django's test client
(full request: JWT authentication, scopes, serialisation; no network):

- GET /catalogi/api/v1/zaaktypen (page of 100), /statustypen (page of 100), /zaaktypen/{uuid};
- the number of SQL queries per list page (constant, independent of the page size).

Prints the figures; never fails on slowness.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loket_h3_bench")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOKET_HTTPS", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")


def ensure_database() -> None:
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def timed(func, runs: int) -> tuple[float, float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def build(count: int):
    from loket.cases import services
    from loket.cases.models import Catalogus
    from loket.platform.organisations.models import Department, Organisation

    organisation, _ = Organisation.objects.get_or_create(slug="bench-catalogi", defaults={"name": "Gemeente Bench"})
    department, _ = Department.objects.get_or_create(organisation=organisation, slug="burgerzaken",
                                                     defaults={"name": "Burgerzaken"})
    catalogus = Catalogus.objects.filter(organisation=organisation).first()
    if catalogus is not None and catalogus.zaaktype_set.count() >= count:
        return organisation
    catalogus = catalogus or services.create_catalogus(organisation=organisation, naam="Bench", domein="BENCH")
    start = datetime.date(2020, 1, 1)
    for number in range(count):
        doc_types = [services.create_document_type(catalogus=catalogus, omschrijving=f"Document {number}-{i}", publish=True)
                     for i in range(3)]
        decision = services.create_decision_type(catalogus=catalogus, omschrijving=f"Besluit {number}", publish=True)
        zaaktype = services.create_case_type(catalogus=catalogus, identificatie=f"ZT-{number:04d}", omschrijving=f"Zaaktype {number}",
                                             department=department, doorlooptijd_days=30, begin_geldigheid=start)
        for i in range(5):
            services.add_status_type(zaaktype=zaaktype, omschrijving=f"Status {i}")
        for generic in ("initiator", "behandelaar", "adviseur"):
            services.add_role_type(zaaktype=zaaktype, omschrijving=generic.title(), omschrijving_generiek=generic)
        for i in range(3):
            services.add_result_type(zaaktype=zaaktype, omschrijving=f"Resultaat {i}", archiefnominatie="vernietigen",
                                     archiefactietermijn="P10Y")
        for i in range(4):
            services.add_eigenschap(zaaktype=zaaktype, naam=f"kenmerk{i}", definitie="Kenmerk")
        for doc_type in doc_types:
            services.add_document_type(zaaktype=zaaktype, informatieobjecttype=doc_type)
        services.add_decision_type(zaaktype=zaaktype, besluittype=decision)
        services.publish_case_type(zaaktype=zaaktype)
        if number % 3 == 0:
            for year in (2022, 2024):
                version = services.new_case_type_version(zaaktype=zaaktype, begin_geldigheid=datetime.date(year, 1, 1))
                services.publish_case_type(zaaktype=version)
                zaaktype = version
    return organisation


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--zaaktypen", type=int, default=300)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core import signals
    from django.core.management import call_command
    from django.db import close_old_connections, connection
    from django.test import Client

    from loket.cases.models import StatusType, ZaakType
    from loket.platform.zgw.testing import auth_headers, make_application

    signals.request_started.disconnect(close_old_connections)  # keep one connection so queries can be counted
    signals.request_finished.disconnect(close_old_connections)
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    organisation = build(args.zaaktypen)
    print(f"catalogue: {ZaakType.objects.filter(catalogus__organisation=organisation).count()} zaaktype versions, "
          f"{StatusType.objects.filter(zaaktype__catalogus__organisation=organisation).count()} statustypen "
          f"(built in {time.perf_counter() - began:.0f} s)")
    auth = make_application(organisation=organisation, all=True)
    client = Client(HTTP_HOST="localhost")

    def get(path):
        response = client.get(path, HTTP_AUTHORIZATION=auth_headers(auth.client_id, auth.secret)["Authorization"])
        assert response.status_code == 200, response.content[:300]
        return response

    detail = ZaakType.objects.filter(catalogus__organisation=organisation).first()
    for label, path in (("GET /zaaktypen (page of 100)", "/catalogi/api/v1/zaaktypen"),
                        ("GET /zaaktypen?page=3", "/catalogi/api/v1/zaaktypen?page=3"),
                        ("GET /statustypen (page of 100)", "/catalogi/api/v1/statustypen"),
                        ("GET /zaaktypen/{uuid}", f"/catalogi/api/v1/zaaktypen/{detail.uuid}")):
        get(path)
        queries = []

        def count(execute, sql, params, many, context, seen=queries):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            get(path)
        median, p95 = timed(lambda p=path: get(p), args.runs)
        print(f"{label:34s} median {median:6.1f} ms   p95 {p95:6.1f} ms   {len(queries)} queries")


if __name__ == "__main__":
    main()
