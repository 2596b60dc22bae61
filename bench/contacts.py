"""Contact centre at scale: party search, a party's timeline and registering a contact, on 500,000 parties and
10,000,000 contact moments.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_h7_bench .venv/bin/python bench/contacts.py \
        [--parties 500000] [--contacts 10000000] [--runs 200] [--keep]

Creates the database if absent and migrates it. Builds one gemeente (departments, a KCC agent, a case handler, a
social worker, two case types of which one is confidential) through the services, then generates:

- N parties with COPY (90 % residents with a valid rijksregisternummer, encrypted and blind-indexed as the app
  does it; businesses with a KBO number; e-mail and E.164 phone), their digital addresses with INSERT ... SELECT;
- M contact moments with INSERT ... SELECT over generate_series (channels, questions, times over two years);
- one "big" party with 1,000 contacts, 200 cases (through the services; 20 of them confidential social cases) and
  20 callback tasks.

Secondary indexes and constraints of the big tables are dropped during the load and rebuilt after it. Then it
measures, in-process (server time, no HTTP unless said):

- search_parties (audit entries included) over a mix of names, "first last", national numbers, phone numbers
  in local format, e-mail addresses, addresses and case numbers: p50/p95;
- party_timeline of the big party: the first page (50) and the whole timeline (1,220 items), plus rendering the
  workspace's timeline template;
- register_contact through the services (audit entry included);
- the Klantinteracties API (Django test client): a party by national number, a party by e-mail, the first 100
  contacts of the big party.

Prints the figures; never fails on slowness. ``--keep`` reuses generated data from a previous run.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loket_h7_bench")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOKET_HTTPS", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")

BIG_TABLES = ["contacts_party", "contacts_digitaladdress", "contacts_contactmoment"]
CHANNELS = ["telefoon"] * 8 + ["balie"] * 4 + ["email"] * 4 + ["webformulier"] * 2 + ["chat", "brief", "sociale_media", "huisbezoek"]
QUESTIONS = [
    "Wanneer wordt het grofvuil opgehaald?", "Mijn identiteitskaart vervalt, wat moet ik meebrengen?",
    "Hoe vraag ik een bewonerskaart aan?", "Ik ben verhuisd, hoe geef ik mijn adres door?",
    "Wat kost een uittreksel uit het strafregister?", "Ik wil een container op straat plaatsen.",
    "Mijn rijbewijs is gestolen.", "Hulp bij het betalen van de energiefactuur?", "Hoe lang duurt een omgevingsvergunning?",
    "Waar kan ik mijn huwelijk aangeven?",
]
OUTCOMES = ["beantwoord"] * 8 + ["doorgezet", "afspraak"]


def ensure_database(*, fresh: bool) -> None:
    """Create the benchmark database; ``fresh`` drops an earlier one first (a clean schema, all indexes)."""
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def timed(func, runs: int, args=None) -> tuple[float, float]:
    func(args[0]) if args is not None else func()  # warm-up (imports, caches), not counted
    timings = []
    for index in range(runs):
        start = time.perf_counter()
        func(args[index % len(args)]) if args is not None else func()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def rrn(born: datetime.date, serial: int) -> str:
    base = f"{born:%y%m%d}{serial:03d}"
    check = 97 - (int(("2" if born.year >= 2000 else "") + base) % 97)
    return f"{base}{check:02d}"


def kbo(n: int) -> str:
    """A well-formed KBO number (10 digits, 97-check over the first 8)."""
    base = 10000000 + n % 89999999
    return f"{base:08d}{97 - base % 97:02d}"


def build_world():
    """The gemeente, its departments and staff, and two published case types, through the services."""
    from loket.cases import services as case_services
    from loket.cases.models import CaseSettings
    from loket.platform.accounts.models import Membership, User
    from loket.platform.organisations.models import Department, Organisation

    organisation = Organisation.objects.create(name="Gemeente Benchdorp", slug="bench-contacts", kind="gemeente", country="BE")
    CaseSettings.objects.create(organisation=organisation, holiday_country="BE", case_number_prefix="BD")
    departments = {slug: Department.objects.create(organisation=organisation, name=name, slug=slug)
                   for slug, name in (("kcc", "Klantcontactcentrum"), ("wegen", "Wegen"), ("sociaal", "Sociale dienst"))}
    users = {}
    for username, department, role in (("bench-kcc", "kcc", "kcc"), ("bench-handler", "wegen", "behandelaar"),
                                       ("bench-social", "sociaal", "maatschappelijk_werker")):
        user = User.objects.create(username=username, email=f"{username}@example.org", first_name=username, organisation=organisation)
        Membership.objects.create(user=user, department=departments[department], role=role)
        users[role] = user
    catalogus = case_services.create_catalogus(organisation=organisation, naam="Zaaktypecatalogus", domein="BD")
    types = []
    for code, name, department, confidentiality in (("INNAME", "Inname openbaar domein", "wegen", "zaakvertrouwelijk"),
                                                    ("LEEFLOON", "Leefloon", "sociaal", "geheim")):
        zaaktype = case_services.create_case_type(
            catalogus=catalogus, identificatie=code, omschrijving=name, department=departments[department],
            doorlooptijd_days=30, begin_geldigheid=datetime.date(2020, 1, 1), vertrouwelijkheidaanduiding=confidentiality,
            selectielijst_procestype="3e1f6d3e-617f-43e1-87be-8bd255ef4745")
        for status in ("Ontvangen", "Afgehandeld"):
            case_services.add_status_type(zaaktype=zaaktype, omschrijving=status)
        case_services.add_role_type(zaaktype=zaaktype, omschrijving="Aanvrager", omschrijving_generiek="initiator")
        case_services.add_result_type(zaaktype=zaaktype, omschrijving="Afgehandeld", archiefnominatie="vernietigen",
                                      archiefactietermijn="P5Y")
        case_services.publish_case_type(zaaktype=zaaktype)
        zaaktype.refresh_from_db()
        types.append(zaaktype)
    return organisation, departments, users, types


def vocabulary():
    from faker import Faker

    fake = Faker("nl_BE")
    fake.seed_instance(7)
    last = sorted({fake.last_name() for _ in range(20000)})
    first = sorted({fake.first_name() for _ in range(5000)})
    streets = sorted({fake.street_name() for _ in range(3000)})
    return first, last, streets


def copy_parties(connection, organisation, n: int, first, last, streets) -> None:
    """COPY n parties: identifiers encrypted and blind-indexed exactly as Party.set_national_number does."""
    from loket.contacts import identifiers

    rng = random.Random(11)  # noqa: S311 - synthetic data
    columns = ("uuid", "organisation_id", "kind", "first_name", "last_name", "business_name", "national_number_encrypted",
               "national_number_index", "national_number_type", "business_number", "business_number_type", "date_of_birth",
               "street", "house_number", "postal_code", "city", "email", "phone", "preferred_channel", "language",
               "confidential", "internal_note", "is_active", "search_name", "search_address", "created_at", "updated_at")
    import uuid

    now = datetime.datetime.now(datetime.UTC).isoformat()
    day0 = datetime.date(1930, 1, 1)
    with connection.cursor() as cursor, cursor.copy(f"COPY contacts_party ({', '.join(columns)}) FROM STDIN") as copy:
        for i in range(n):
            business = i % 10 == 9
            street = rng.choice(streets)
            row = {"uuid": str(uuid.uuid4()), "organisation_id": organisation.pk, "street": street,
                   "house_number": str(rng.randint(1, 200)), "postal_code": str(rng.choice([2000, 2018, 2060, 2100, 2140, 2600])),
                   "city": "Benchdorp", "preferred_channel": "email", "language": "nld", "confidential": "f", "internal_note": "",
                   "is_active": "t", "search_name": "", "search_address": "", "created_at": now, "updated_at": now,
                   "national_number_encrypted": "", "national_number_index": "", "national_number_type": "",
                   "business_number": "", "business_number_type": "", "date_of_birth": None, "first_name": "", "last_name": "",
                   "business_name": ""}
            if business:
                name = f"{rng.choice(['Bakkerij', 'Garage', 'Kapsalon', 'Bouwbedrijf', 'Apotheek'])} {rng.choice(last)}"
                row.update(kind="onderneming", business_name=name, business_number=kbo(i), business_number_type="kbo",
                           email=f"info{i}@bedrijf.example", phone=f"+323{400000 + i % 600000:07d}"[:12])
            else:
                born = day0 + datetime.timedelta(days=i // 990)
                number = rrn(born, i % 990 + 1)
                f, ln = rng.choice(first), rng.choice(last)
                row.update(kind="persoon", first_name=f, last_name=ln, date_of_birth=born.isoformat(),
                           national_number_encrypted=identifiers.encrypt(number), national_number_index=identifiers.blind_index(number),
                           national_number_type="rijksregisternummer",
                           email=f"{identifiers.fold(f).replace(' ', '')}.{identifiers.fold(ln).replace(' ', '')}{i}@example.org",
                           phone=f"+324{70000000 + i:08d}")
            copy.write_row([row[c] for c in columns])


def drop_secondary(cursor):
    """Drop the secondary indexes and non-primary constraints of the big tables; return the SQL to rebuild them."""
    rebuild = []
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('u', 'f')", [BIG_TABLES])
    for table, name, definition in cursor.fetchall():
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) AND indexname NOT LIKE '%%_pkey'",
                   [BIG_TABLES])
    for name, definition in cursor.fetchall():
        cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        rebuild.insert(0, definition)
    return rebuild


def generate(organisation, n_parties: int, n_contacts: int, users) -> None:
    from django.db import connection

    from loket.contacts.models import Actor

    first, last, streets = vocabulary()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '256MB'")
        rebuild = drop_secondary(cursor)
    t0 = time.monotonic()
    copy_parties(connection, organisation, n_parties, first, last, streets)
    print(f"  {n_parties:,} parties (COPY, encryption and blind index in Python): {time.monotonic() - t0:.1f} s")
    t0 = time.monotonic()
    actor = Actor.objects.create(organisation=organisation, kind="medewerker", name="KCC", user=users["kcc"])
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO contacts_digitaladdress (uuid, organisation_id, party_id, kind, value, normalised_value, description,
                                                 is_default, verified_at, created_at)
            SELECT gen_random_uuid(), organisation_id, id, 'email', email, lower(email), '', true, NULL::timestamptz, now()
              FROM contacts_party WHERE organisation_id = %(org)s AND email <> ''
            UNION ALL
            SELECT gen_random_uuid(), organisation_id, id, 'telefoonnummer', phone, phone, '', true, NULL::timestamptz, now()
              FROM contacts_party WHERE organisation_id = %(org)s AND phone <> ''
        """, {"org": organisation.pk})
        print(f"  digital addresses (INSERT ... SELECT): {time.monotonic() - t0:.1f} s")
        t0 = time.monotonic()
        cursor.execute("SELECT min(id), max(id) FROM contacts_party WHERE organisation_id = %s", [organisation.pk])
        low, high = cursor.fetchone()
        span = high - low + 1
        cursor.execute("""
            INSERT INTO contacts_contactmoment (uuid, organisation_id, party_id, channel, direction, started_at, ended_at,
                actor_id, subject, question, answer, outcome, wait_seconds, handling_seconds, confidential, created_at)
            SELECT gen_random_uuid(), %(org)s, %(low)s + (g * 7919) %% %(span)s,
                   (%(channels)s::text[])[(1 + g %% %(nchannels)s)::int], 'inkomend', ts, ts + make_interval(secs => (60 + g %% 600)::int),
                   %(actor)s, '', (%(questions)s::text[])[(1 + g %% %(nquestions)s)::int], '',
                   (%(outcomes)s::text[])[(1 + (g / 7) %% %(noutcomes)s)::int], (g %% 300)::int, (60 + g %% 600)::int, false, ts
              FROM (SELECT g, now() - make_interval(mins => ((g * 37) %% 1051200)::int) AS ts
                      FROM generate_series(1::bigint, %(n)s::bigint) AS g) AS s
        """, {"org": organisation.pk, "low": low, "span": span, "channels": CHANNELS, "nchannels": len(CHANNELS),
              "actor": actor.pk, "questions": QUESTIONS, "nquestions": len(QUESTIONS), "outcomes": OUTCOMES,
              "noutcomes": len(OUTCOMES), "n": n_contacts})
        print(f"  {n_contacts:,} contact moments (INSERT ... SELECT generate_series): {time.monotonic() - t0:.1f} s")
        t0 = time.monotonic()
        for statement in rebuild:
            cursor.execute(statement)
        print(f"  indexes and constraints rebuilt: {time.monotonic() - t0:.1f} s")
        t0 = time.monotonic()
        for table in BIG_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
        print(f"  vacuum analyze: {time.monotonic() - t0:.1f} s")


def big_party(organisation, departments, users, types):
    """A resident with 1,000 contacts, 200 cases (20 confidential) and 20 callback tasks, through the services."""
    from django.db import transaction
    from django.utils import timezone

    from loket.cases import services as case_services
    from loket.contacts import services
    from loket.contacts.models import ContactMoment

    party = services.create_party(organisation=organisation, kind="persoon", first_name="Bea", last_name="Benchmark",
                                  national_number="90.02.01-001.30", email="bea.benchmark@example.org", phone="0470 99 99 99")
    now = timezone.now()
    actor = services.actor_for_user(users["kcc"], organisation)
    ContactMoment.objects.bulk_create([
        ContactMoment(organisation=organisation, party=party, channel=CHANNELS[i % len(CHANNELS)], actor=actor,
                      started_at=now - datetime.timedelta(hours=13 * i), question=QUESTIONS[i % len(QUESTIONS)],
                      outcome="beantwoord", handling_seconds=120)
        for i in range(1000)])
    with transaction.atomic():
        for i in range(200):
            social = i % 10 == 0
            case_services.create_case(organisation=organisation, zaaktype=types[1] if social else types[0],
                                      omschrijving=f"Zaak {i}", initiator=party,
                                      actor=users["maatschappelijk_werker"] if social else users["behandelaar"])
        contacts = list(ContactMoment.objects.filter(party=party).order_by("-started_at")[:20])
        for contact in contacts:
            services.hand_over(contact=contact, actor=users["kcc"], department=departments["wegen"])
    return party


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--parties", type=int, default=500_000)
    parser.add_argument("--contacts", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="reuse data from an earlier run")
    args = parser.parse_args()
    ensure_database(fresh=not args.keep)
    import django

    django.setup()
    from django.core.management import call_command
    from django.template.loader import render_to_string
    from rest_framework.test import APIClient

    from loket.cases.models import Zaak
    from loket.contacts import selectors, services
    from loket.contacts.models import ContactMoment, Party
    from loket.platform.accounts.models import User
    from loket.platform.organisations.models import Department, Organisation

    call_command("migrate", verbosity=0)
    start = time.monotonic()
    if args.keep and Organisation.objects.filter(slug="bench-contacts").exists():
        organisation = Organisation.objects.get(slug="bench-contacts")
        departments = {d.slug: d for d in Department.objects.filter(organisation=organisation)}
        users = {u.memberships.first().role: u for u in User.objects.filter(organisation=organisation)}
        party = Party.objects.get(organisation=organisation, last_name="Benchmark")
        print("reusing existing data")
    else:
        organisation, departments, users, types = build_world()
        print(f"world (organisation, departments, staff, 2 case types via the services): {time.monotonic() - start:.1f} s")
        t0 = time.monotonic()
        generate(organisation, args.parties, args.contacts, users)
        print(f"generated in {time.monotonic() - t0:.1f} s")
        t0 = time.monotonic()
        party = big_party(organisation, departments, users, types)
        print(f"big party (1,000 contacts, 200 cases, 20 tasks; services): {time.monotonic() - t0:.1f} s")
    agent = users["kcc"]
    print(f"parties: {Party.objects.filter(organisation=organisation).count():,}   "
          f"contact moments: {ContactMoment.objects.filter(organisation=organisation).count():,}")

    rng = random.Random(5)  # noqa: S311 - synthetic data
    sample = list(Party.objects.filter(organisation=organisation, kind="persoon").order_by("?")[:200]
                  .values("first_name", "last_name", "street", "house_number", "email", "phone", "national_number_encrypted"))
    from loket.contacts import identifiers

    zaak_numbers = list(Zaak.objects.filter(organisation=organisation).values_list("identificatie", flat=True)[:50])
    mixes = {
        "last name": [p["last_name"] for p in sample],
        "first + last name": [f"{p['first_name']} {p['last_name']}" for p in sample],
        "national number (formatted)": [
            (lambda n: f"{n[:2]}.{n[2:4]}.{n[4:6]}-{n[6:9]}.{n[9:]}")(identifiers.decrypt(p["national_number_encrypted"]))
            for p in sample],
        "phone (local format)": ["0" + p["phone"][3:6] + " " + p["phone"][6:8] + " " + p["phone"][8:10] + " " + p["phone"][10:]
                                 for p in sample],
        "e-mail": [p["email"].upper() for p in sample],
        "street + number": [f"{p['street']} {p['house_number']}" for p in sample],
        "case number": zaak_numbers,
    }
    print(f"\nsearch_parties (audit entries included), {args.runs} runs each:")
    all_timings = []
    for label, queries in mixes.items():
        rng.shuffle(queries)
        counts = []

        def search(query, counts=counts):
            counts.append(len(selectors.search_parties(organisation, query, user=agent, reason="Benchmark")))

        p50, p95 = timed(search, args.runs, queries)
        all_timings.append(p95)
        print(f"  {label:30s} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   (mean hits {statistics.mean(counts):.1f})")

    def timeline_first():
        page = selectors.party_timeline(party, user=agent, limit=50)
        assert len(page.items) == 50

    def timeline_all():
        page = selectors.party_timeline(party, user=agent, limit=2000)
        assert len(page.items) == 1220, len(page.items)
        render_to_string("contacts/_timeline.html", {"timeline": page.items, "kinds": [], "kind": "", "next_cursor": None})

    def timeline_first_rendered():
        page = selectors.party_timeline(party, user=agent, limit=50)
        render_to_string("contacts/_timeline.html", {"timeline": page.items, "kinds": [], "kind": "", "next_cursor": page.next_cursor})

    runs = max(10, args.runs // 5)
    print(f"\nparty_timeline of a party with 1,000 contacts, 200 cases (20 confidential), 20 tasks, {runs} runs:")
    for label, func in (("first page of 50", timeline_first), ("first page of 50, rendered", timeline_first_rendered),
                        ("all 1,220 items, rendered", timeline_all)):
        p50, p95 = timed(func, runs)
        print(f"  {label:30s} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")

    targets = list(Party.objects.filter(organisation=organisation).exclude(pk=party.pk).order_by("?")[:50])

    def register(target):
        services.register_contact(organisation=organisation, channel="telefoon", outcome="beantwoord", actor=agent,
                                  party=target, question="Wanneer komt het grofvuil?", wait_seconds=30, handling_seconds=95)

    p50, p95 = timed(register, args.runs, targets)
    print(f"\nregister_contact (services, audit entry included): p50 {p50:.1f} ms   p95 {p95:.1f} ms")

    client = APIClient(SERVER_NAME="localhost")
    client.force_authenticate(agent)
    base = "/klantinteracties/api/v1"
    api_runs = max(10, args.runs // 4)
    numbers = mixes["national number (formatted)"]
    emails = mixes["e-mail"]
    print(f"\nKlantinteracties API (in-process HTTP, session user, audit included), {api_runs} runs:")
    for label, func, values in (
        ("partij by national number", lambda v: client.get(f"{base}/partijen", {"partijIdentificator__objectId": v}), numbers),
        ("partij by e-mail", lambda v: client.get(f"{base}/partijen", {"email": v}), emails),
        ("first 100 klantcontacten of the big party", lambda v: client.get(f"{base}/klantcontacten", {"wasPartij__uuid": v}),
         [str(party.uuid)]),
    ):
        def call(value, func=func):
            response = func(value)
            assert response.status_code == 200, response.content[:300]

        p50, p95 = timed(call, api_runs, values)
        print(f"  {label:42s} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
    print(f"\ntotal {time.monotonic() - start:.0f} s")


if __name__ == "__main__":
    main()
