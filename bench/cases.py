"""Case handling at scale: work queue, case page and case creation on 1,000,000 cases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench4 .venv/bin/python bench/cases.py [--cases 1000000] [--keep]

Creates the database if absent and migrates it. Builds 3 organisations (10 departments each, staff) and 100
published case types through the services, then generates with SQL (generate_series, in a few statements):
N cases (30 % open), one status per case, N documents (document + version + case link), N/5 tasks, and one
"big" case with 50 statuses, 20 tasks and 30 documents. Then measures, in-process (server time, no HTTP):

- a department's work queue: first page of 50, open cases sorted by deadline, with several filters;
- the case page's data (``selectors.case_detail``, audit entry included) for the big case;
- creating a case with its first status and a task through the services.

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
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loket_bench4")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOKET_HTTPS", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")

ORGS, DEPTS_PER_ORG, CASE_TYPES = 3, 10, 100


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


def build_world():
    """Organisations, departments, staff and 100 published case types, through the services."""
    from loket.cases import services
    from loket.cases.models import CaseSettings
    from loket.contacts.models import Party, PartyKind
    from loket.platform.accounts.models import Membership, User
    from loket.platform.organisations.models import Department, Organisation

    orgs, departments, zaaktypen = [], [], []
    for o in range(ORGS):
        org = Organisation.objects.create(name=f"Benchgemeente {o}", slug=f"bench-{o}", kind="gemeente")
        CaseSettings.objects.create(organisation=org, holiday_country="BE", case_number_prefix=f"B{o}")
        orgs.append(org)
        depts = [Department.objects.create(organisation=org, name=f"Afdeling {o}-{d}", slug=f"afd-{d}") for d in range(DEPTS_PER_ORG)]
        departments.append(depts)
        for d, dept in enumerate(depts):
            user = User.objects.create(username=f"bench-{o}-{d}", email=f"bench-{o}-{d}@bench.example", organisation=org,
                                       first_name="Bench", last_name=f"{o}-{d}")
            Membership.objects.create(user=user, department=dept, role="leidinggevende")
        catalogus = services.create_catalogus(organisation=org, naam=f"Catalogus {o}", domein=f"B{o}")
        doc_type = services.create_document_type(catalogus=catalogus, omschrijving="Document", publish=True)
        per_org = CASE_TYPES // ORGS + (1 if o < CASE_TYPES % ORGS else 0)
        for t in range(per_org):
            dept = depts[t % DEPTS_PER_ORG]
            zt = services.create_case_type(catalogus=catalogus, identificatie=f"ZT-{o}-{t}", omschrijving=f"Zaaktype {o}-{t}",
                                           department=dept, doorlooptijd_days=20)
            for s in range(5):
                services.add_status_type(zaaktype=zt, omschrijving=f"Status {s}")
            services.add_result_type(zaaktype=zt, omschrijving="Afgehandeld", archiefnominatie="vernietigen", archiefactietermijn="P5Y")
            services.add_role_type(zaaktype=zt, omschrijving="Aanvrager", omschrijving_generiek="initiator")
            services.add_document_type(zaaktype=zt, informatieobjecttype=doc_type)
            services.publish_case_type(zaaktype=zt)
            zaaktypen.append(zt)
    party = Party.objects.create(organisation=orgs[0], kind=PartyKind.PERSON, first_name="Bea", last_name="Benchmark")
    return orgs, departments, zaaktypen, party


def generate(n_cases: int) -> None:
    """Bulk rows with SQL. Ids are assigned so that case i has status i, document i and version i."""
    from django.db import connection, transaction

    big_tables = ["cases_zaak", "cases_status", "cases_enkelvoudiginformatieobject", "cases_documentversion",
                  "cases_zaakinformatieobject", "cases_task"]
    with transaction.atomic(), connection.cursor() as cur:
        # Plain (non-unique) indexes are dropped during the load and built again afterwards: one sort per index
        # instead of a million index insertions each. Unique indexes and keys stay (they are constraints).
        cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
        # The generated rows are consistent by construction: skip the per-row foreign-key triggers while loading
        # (replication mode; needs a superuser, as in the development setup).
        cur.execute("SET LOCAL session_replication_role = replica")
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY(%s) "
            "AND indexdef NOT LIKE 'CREATE UNIQUE%%'", [big_tables],
        )
        plain_indexes = cur.fetchall()
        for name, _definition in plain_indexes:
            cur.execute(f'DROP INDEX "{name}"')
        cur.execute("SELECT id FROM organisations_organisation WHERE slug LIKE 'bench-%' ORDER BY id")
        org_ids = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM cases_zaak")
        base = cur.fetchone()[0]
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM cases_status")
        status_base = cur.fetchone()[0]
        # Case types with their first status type, department and organisation, numbered 0..99.
        cur.execute("""
            CREATE TEMP TABLE bench_zt ON COMMIT DROP AS
            SELECT row_number() OVER (ORDER BY zt.id) - 1 AS n, zt.id AS zaaktype_id, zt.department_id,
                   c.organisation_id, (SELECT id FROM cases_statustype st WHERE st.zaaktype_id = zt.id ORDER BY volgnummer LIMIT 1) AS statustype_id,
                   (SELECT id FROM cases_informatieobjecttype i WHERE i.catalogus_id = c.id LIMIT 1) AS iot_id
            FROM cases_zaaktype zt JOIN cases_catalogus c ON c.id = zt.catalogus_id
            WHERE c.organisation_id = ANY(%s)
        """, [org_ids])
        cur.execute("SELECT count(*) FROM bench_zt")
        n_types = cur.fetchone()[0]
        t0 = time.monotonic()
        cur.execute(f"""
            INSERT INTO cases_zaak (id, organisation_id, uuid, identificatie, bronorganisatie, zaaktype_id, omschrijving, toelichting,
                registratiedatum, startdatum, uiterlijke_einddatum_afdoening, einddatum, communicatiekanaal,
                vertrouwelijkheidaanduiding, confidentiality_rank, opschorting_indicatie, opschorting_reden, suspended_days_total,
                verlenging_reden, archiefnominatie, archiefstatus, department_id, assignee_id, current_status_id, current_statustype_id,
                is_closed, source_app, source_reference, created_at, updated_at)
            SELECT {base} + i, t.organisation_id, gen_random_uuid(), 'BENCH-' || i, '', t.zaaktype_id, 'Benchzaak ' || i, '',
                d, d, d + 20 + mod(i, 40), CASE WHEN mod(i / 100, 10) < 7 THEN d + 15 END, '',
                'zaakvertrouwelijk', 3, false, '', 0, '', '', 'nog_te_archiveren', t.department_id, NULL, {status_base} + i,
                t.statustype_id, mod(i / 100, 10) < 7, 'bench', '', now(), now()
            FROM generate_series(1, %s) AS i
            JOIN bench_zt t ON t.n = mod(i, {n_types})
            CROSS JOIN LATERAL (SELECT (current_date - 400 + mod(i, 420))::date AS d) AS dd
        """, [n_cases])  # noqa: S608 - numbers only
        cur.execute(f"""
            INSERT INTO cases_status (id, uuid, zaak_id, statustype_id, datum_status_gezet, statustoelichting)
            SELECT {status_base} + i, gen_random_uuid(), {base} + i, t.statustype_id, now() - mod(i, 400) * interval '1 day', ''
            FROM generate_series(1, %s) AS i JOIN bench_zt t ON t.n = mod(i, {n_types})
        """, [n_cases])  # noqa: S608 - numbers only
        print(f"  cases + statuses: {time.monotonic() - t0:.1f} s")
        t0 = time.monotonic()
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM cases_enkelvoudiginformatieobject")
        doc_base = cur.fetchone()[0]
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM cases_documentversion")
        version_base = cur.fetchone()[0]
        cur.execute(f"""
            INSERT INTO cases_enkelvoudiginformatieobject (id, organisation_id, uuid, identificatie, bronorganisatie,
                informatieobjecttype_id, latest_version_id, lock, created_at)
            SELECT {doc_base} + i, t.organisation_id, gen_random_uuid(), 'BDOC-' || i, '', t.iot_id, {version_base} + i, '', now()
            FROM generate_series(1, %s) AS i JOIN bench_zt t ON t.n = mod(i, {n_types})
        """, [n_cases])  # noqa: S608 - numbers only
        cur.execute(f"""
            INSERT INTO cases_documentversion (id, uuid, document_id, versie, titel, beschrijving, auteur, creatiedatum, status,
                vertrouwelijkheidaanduiding, taal, formaat, bestandsnaam, bestandsomvang, inhoud, checksum_sha256, scan_status,
                begin_registratie, link, verschijningsvorm, trefwoorden)
            SELECT {version_base} + i, gen_random_uuid(), {doc_base} + i, 1, 'Document ' || i, '', 'Bench', current_date, 'definitief',
                'zaakvertrouwelijk', 'nld', 'application/pdf', 'document.pdf', 1000 + mod(i, 5000), 'bench/document.pdf', '', 'not_scanned', now(),
                '', '', '{{}}'
            FROM generate_series(1, %s) AS i
        """, [n_cases])  # noqa: S608 - numbers only
        # Document i belongs to case (i * 7919) mod n: spread over the cases.
        cur.execute(f"""
            INSERT INTO cases_zaakinformatieobject (uuid, zaak_id, informatieobject_id, titel, beschrijving, registratiedatum)
            SELECT gen_random_uuid(), {base} + 1 + mod(i::bigint * 7919, %s), {doc_base} + i, '', '', now()
            FROM generate_series(1, %s) AS i
        """, [n_cases, n_cases])  # noqa: S608 - numbers only
        print(f"  documents: {time.monotonic() - t0:.1f} s")
        t0 = time.monotonic()
        cur.execute(f"""
            INSERT INTO cases_task (organisation_id, uuid, zaak_id, title, description, department_id, status, deadline, created_at, response)
            SELECT z.organisation_id, gen_random_uuid(), z.id, 'Advies', '', t2.department_id,
                CASE WHEN z.is_closed THEN 'completed' ELSE 'open' END, z.uiterlijke_einddatum_afdoening - 5, now(), ''
            FROM generate_series(1, %s, 5) AS i
            JOIN cases_zaak z ON z.id = {base} + i
            JOIN bench_zt t2 ON t2.n = mod(i + 3, {n_types})
        """, [n_cases])  # noqa: S608 - numbers only
        print(f"  tasks: {time.monotonic() - t0:.1f} s")
        t0 = time.monotonic()
        for _name, definition in plain_indexes:
            cur.execute(definition)
        print(f"  {len(plain_indexes)} indexes built again: {time.monotonic() - t0:.1f} s")
        for table in ("cases_zaak", "cases_status", "cases_enkelvoudiginformatieobject", "cases_documentversion"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")  # noqa: S608
        cur.execute("SET LOCAL session_replication_role = origin")
    t0 = time.monotonic()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"  analyze: {time.monotonic() - t0:.1f} s")


def big_case(orgs, departments, zaaktypen, party):
    """A case with 50 statuses, 20 tasks and 30 documents, made through the services."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from loket.cases import services

    zaaktype = zaaktypen[0]
    zaak = services.create_case(organisation=orgs[0], zaaktype=zaaktype, omschrijving="Grote zaak", initiator=party)
    statustypen = list(zaaktype.statustypen.order_by("volgnummer"))[:-1]
    for n in range(49):
        services.set_status(zaak=zaak, statustype=statustypen[n % len(statustypen)], toelichting=f"Stap {n}")
    for n in range(20):
        services.create_task(zaak=zaak, title=f"Taak {n}", department=departments[0][n % DEPTS_PER_ORG], deadline_days=10)
    doc_type = zaaktype.informatieobjecttypen.first()
    for n in range(30):
        services.add_document(zaak=zaak, file=SimpleUploadedFile(f"d{n}.pdf", b"%PDF-1.4 bench"), titel=f"Document {n}",
                              informatieobjecttype=doc_type)
    return zaak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="reuse data from an earlier run")
    args = parser.parse_args()
    ensure_database()
    import tempfile

    os.environ.setdefault("LOKET_DOCUMENTS_ROOT", tempfile.mkdtemp(prefix="loket-bench-docs-"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from loket.cases import selectors, services
    from loket.cases.models import Zaak, ZaakType
    from loket.contacts.models import Party
    from loket.platform.accounts.models import User
    from loket.platform.organisations.models import Department, Organisation

    call_command("migrate", verbosity=0)
    start = time.monotonic()
    if args.keep and Organisation.objects.filter(slug="bench-0").exists():
        orgs = list(Organisation.objects.filter(slug__startswith="bench-").order_by("id"))
        departments = [list(Department.objects.filter(organisation=o).order_by("id")) for o in orgs]
        zaaktypen = list(ZaakType.objects.filter(catalogus__organisation__in=orgs).order_by("id"))
        party = Party.objects.get(organisation=orgs[0], last_name="Benchmark")
        big = Zaak.objects.get(omschrijving="Grote zaak")
        print("reusing existing data")
    else:
        with connection.cursor() as cur:
            cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'cases\\_%'")
            tables = ", ".join(r[0] for r in cur.fetchall())
            cur.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            cur.execute("DELETE FROM accounts_membership WHERE user_id IN (SELECT id FROM accounts_user WHERE username LIKE 'bench-%%')")
            cur.execute("DELETE FROM accounts_user WHERE username LIKE 'bench-%%'")
            cur.execute("DELETE FROM contacts_party WHERE organisation_id IN (SELECT id FROM organisations_organisation WHERE slug LIKE 'bench-%%')")
            cur.execute("DELETE FROM organisations_department WHERE organisation_id IN (SELECT id FROM organisations_organisation WHERE slug LIKE 'bench-%%')")
            cur.execute("DELETE FROM organisations_organisation WHERE slug LIKE 'bench-%%'")
        with transaction.atomic():
            orgs, departments, zaaktypen, party = build_world()
        print(f"world (3 organisations, {len(zaaktypen)} case types via the services): {time.monotonic() - start:.1f} s")
        t0 = time.monotonic()
        generate(args.cases)
        print(f"generated {args.cases:,} cases, {args.cases:,} documents, {args.cases // 5:,} tasks: {time.monotonic() - t0:.1f} s")
        big = big_case(orgs, departments, zaaktypen, party)
    counts = {name: Zaak.objects.count() if name == "cases" else None for name in ("cases",)}
    print(f"cases in the database: {counts['cases']:,}")

    dept = departments[0][0]
    manager = User.objects.get(username="bench-0-0")
    print(f"\nwork queue of one department ({Zaak.objects.filter(department=dept).count():,} cases, "
          f"{Zaak.objects.filter(department=dept, is_closed=False).count():,} open), page of 50:")
    for label, filters in [
        ("open, by deadline", {}),
        ("overdue", {"deadline": "overdue"}),
        ("deadline soon", {"deadline": "soon"}),
        ("unassigned", {"unassigned": True}),
        ("one case type", {"zaaktype": [zaaktypen[0].identificatie]}),
        ("status + newest first", {"status": ["Status 0"], "sort": "-registratiedatum"}),
    ]:
        def run(filters=filters):
            page = selectors.work_queue_page(manager, scope="department", department=dept, filters=filters)
            assert len(page.cases) <= 50
            [(z.identificatie, z.zaaktype.omschrijving, z.current_statustype and z.current_statustype.omschrijving) for z in page.cases]
        p50, p95 = timed(run, args.runs)
        print(f"  {label:28s} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")

    def page():
        detail = selectors.case_detail(manager, big, reason="Benchmark")
        assert len(detail.statuses) == 50 and len(detail.tasks) == 20 and len(detail.documents) == 30
        [(d.informatieobject.latest_version.titel, d.informatieobject.informatieobjecttype.omschrijving) for d in detail.documents]
        [(t.department.name, t.assignee) for t in detail.tasks]
        [s.statustype.omschrijving for s in detail.statuses]

    p50, p95 = timed(page, args.runs)
    print(f"\ncase page data (50 statuses, 20 tasks, 30 documents, audit entry): p50 {p50:.1f} ms   p95 {p95:.1f} ms")

    def create():
        with transaction.atomic():
            zaak = services.create_case(organisation=orgs[0], zaaktype=zaaktypen[0], omschrijving="Nieuwe zaak",
                                        actor=manager, initiator=party)
            services.create_task(zaak=zaak, title="Advies", department=departments[0][1], deadline_days=5, actor=manager)

    create()  # warm caches (holidays)
    p50, p95 = timed(create, args.runs)
    print(f"create a case with its first status and a task (services): p50 {p50:.1f} ms   p95 {p95:.1f} ms")
    print(f"\ntotal {time.monotonic() - start:.0f} s")


if __name__ == "__main__":
    main()
