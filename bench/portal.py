"""Mijn loket at scale: every resident page for a resident with 50 cases, and a step of a 50-field form.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_h6_bench .venv/bin/python bench/portal.py \
        [--runs 30] [--others 1000] [--keep]

Creates the database if absent and migrates it. Builds one municipality through the services: a department, a
case handler, a published case type (5 statuses, results, a decision type, a public document type) delivering a
product with an online channel, the meldingen taxonomy, and then one resident (the subject of the figures) with:

- 50 cases made through ``cases.services`` in every state: just received, in progress, suspended, extended,
  closed with a result and a decision (with its document); 2 documents each (one sent by the resident, one by
  the municipality), so the portal's notifications (messages) are made as in real life;
- 20 meldingen (``meldingen.services.create_melding`` with the party), some handled;
- 10 questions asked in Mijn loket (``portal.services.ask_question``), 6 answered through ``contacts.services``;
- 3 documents asked for by staff (``portal.services.request_document``);
- 40 staff views of their data with a reason (the access log), and a paused draft of the 50-field form;

plus ``--others`` cases of 200 other residents, so the resident's rows are a small part of the tables.

Then measures in-process (server time: Django's test client through the whole middleware stack, no network),
logged in as that resident through ``loket.portal.identity.login_resident``: median and p95 of ``--runs`` GETs
of every portal page (after 3 warm-up requests) with its SQL statement count; and for the 50-field form with
logic: validating and saving one step through the service and through the runner (POST), median and p95.

Prints the figures; never fails on slowness. ``--keep`` reuses generated data from a previous run.
"""

import argparse
import datetime
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loket_h6_bench")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOKET_HTTPS", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
# Static file URLs without a collected manifest (as the tests do); the manifest lookup is a dict lookup either way.
os.environ.setdefault("LOKET_STATIC_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")

SLUG = "benchportaal"
NATIONAL_NUMBER = "85.07.30-033.28"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The demo municipality's box (Heidebeek).
LAT, LON, DLAT, DLON = 51.085, 4.627, 0.02, 0.035
TARGET_MS = 100


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


def pdf(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# -- The world ---------------------------------------------------------------------------------------------------

class World:
    organisation = department = handler = zaaktype = product = resident = None
    statuses: list = []
    results: dict = {}
    doc_type = decision_type = None


def build_world() -> World:
    from loket.cases import services as cases
    from loket.cases.models import CaseSettings
    from loket.catalog import services as catalog
    from loket.contacts import services as contacts
    from loket.contacts.models import PartyKind
    from loket.meldingen import services as meldingen
    from loket.meldingen import taxonomy
    from loket.platform.accounts.models import Membership, User
    from loket.platform.organisations.models import Department, Organisation

    world = World()
    start = datetime.date.today() - datetime.timedelta(days=800)
    org = Organisation.objects.create(name="Gemeente Benchportaal", slug=SLUG, kind="gemeente", domain="testserver")
    CaseSettings.objects.create(organisation=org, holiday_country="BE", case_number_prefix="BP")
    dept = Department.objects.create(organisation=org, name="Burgerzaken", slug="burgerzaken")
    handler = User.objects.create(username="bench-handler", email="handler@bench.example", organisation=org,
                                  first_name="Hanne", last_name="Handelaar")
    Membership.objects.create(user=handler, department=dept, role="leidinggevende")
    catalogus = cases.create_catalogus(organisation=org, naam="Zaaktypecatalogus Benchportaal", domein="BP")
    zt = cases.create_case_type(catalogus=catalogus, identificatie="PARKEERVERGUNNING", omschrijving="Parkeervergunning",
                                department=dept, doorlooptijd_days=30, begin_geldigheid=start,
                                opschorting_en_aanhouding_mogelijk=True, verlenging_mogelijk=True,
                                verlengingstermijn_days=15)
    for name in ("Ontvangen", "In behandeling", "Advies gevraagd", "Besluit in voorbereiding", "Afgehandeld"):
        cases.add_status_type(zaaktype=zt, omschrijving=name)
    cases.add_result_type(zaaktype=zt, omschrijving="Verleend", archiefnominatie="vernietigen", archiefactietermijn="P5Y")
    cases.add_result_type(zaaktype=zt, omschrijving="Geweigerd", archiefnominatie="vernietigen", archiefactietermijn="P5Y")
    cases.add_role_type(zaaktype=zt, omschrijving="Aanvrager", omschrijving_generiek="initiator")
    doc_type = cases.create_document_type(catalogus=catalogus, omschrijving="Bijlage", publish=True,
                                          vertrouwelijkheidaanduiding="openbaar", begin_geldigheid=start)
    cases.add_document_type(zaaktype=zt, informatieobjecttype=doc_type)
    decision_type = cases.create_decision_type(catalogus=catalogus, omschrijving="Vergunning", publish=True,
                                               begin_geldigheid=start)
    cases.add_decision_type(zaaktype=zt, besluittype=decision_type)
    product = catalog.create_product(organisation=org, publish=True, source="bench", data={
        "name": "Bewonersparkeervergunning", "key": "bewonersparkeervergunning",
        "short_description": "Een vergunning om in uw straat te parkeren.",
        "costs": [{"label": "Per auto per jaar", "amount": "50"}],
        "channels": [{"kind": "online", "login": "substantial"}, {"kind": "counter"}],
    })
    catalog.rebuild_search(org)
    cases.add_product(zaaktype=zt, product=product)
    cases.publish_case_type(zaaktype=zt)

    taxonomy.load_taxonomy(org, department=dept)
    boundary = {"type": "Polygon", "coordinates": [[[LON - DLON, LAT - DLAT], [LON + DLON, LAT - DLAT],
                                                    [LON + DLON, LAT + DLAT], [LON - DLON, LAT + DLAT],
                                                    [LON - DLON, LAT - DLAT]]]}
    meldingen.configure(organisation=org, boundary=boundary, default_department=dept)
    meldingen.setup_case_type(organisation=org, department=dept)

    resident = contacts.create_party(
        organisation=org, kind=PartyKind.PERSON, first_name="Bea", last_name="Benchmark", national_number=NATIONAL_NUMBER,
        street="Lindelaan", house_number="14", postal_code="9999", city="Benchportaal", email="bea@bench.example",
        phone="+32 470 12 34 56", date_of_birth=datetime.date(1985, 7, 30),
    )
    world.organisation, world.department, world.handler, world.zaaktype = org, dept, handler, zt
    world.product, world.resident = product, resident
    return load_world(world)


def load_world(world: World | None = None) -> World:
    from loket.cases.models import ZaakType
    from loket.catalog.models import Product
    from loket.contacts.models import Party
    from loket.platform.accounts.models import User
    from loket.platform.organisations.models import Organisation

    world = world or World()
    world.organisation = Organisation.objects.get(slug=SLUG)
    world.handler = User.objects.get(username="bench-handler")
    world.department = world.handler.memberships.get().department
    world.zaaktype = (ZaakType.objects.filter(catalogus__organisation=world.organisation, identificatie="PARKEERVERGUNNING")
                      .order_by("-versiedatum", "-pk").first())
    world.product = Product.objects.get(organisation=world.organisation, key="bewonersparkeervergunning")
    world.resident = Party.objects.get(organisation=world.organisation, first_name="Bea", last_name="Benchmark")
    world.statuses = list(world.zaaktype.statustypen.order_by("volgnummer"))
    world.results = {r.omschrijving: r for r in world.zaaktype.resultaattypen.all()}
    world.doc_type = world.zaaktype.informatieobjecttypen.first()
    world.decision_type = world.zaaktype.besluittypen.first()
    return world


def make_cases(world: World, party, count: int, *, rich: bool) -> None:
    """``count`` cases of ``party`` through the services; ``rich``: documents, decisions and every state."""
    from loket.cases import services

    today = datetime.date.today()
    for i in range(count):
        started = today - datetime.timedelta(days=(i * 11) % 700)
        zaak = services.create_case(organisation=world.organisation, zaaktype=world.zaaktype, actor=world.handler,
                                    omschrijving=f"Parkeervergunning {['Lindelaan', 'Kerkstraat', 'Molenweg'][i % 3]} {i + 1}",
                                    initiator=party, startdatum=started, communicatiekanaal="web")
        if not rich:
            if i % 3 == 0:
                services.set_status(zaak=zaak, statustype=world.statuses[1], actor=world.handler)
            continue
        services.add_document(zaak=zaak, file=pdf(f"aanvraag-{i}.pdf"), titel="Aanvraagformulier",
                              informatieobjecttype=world.doc_type, vertrouwelijkheidaanduiding="openbaar",
                              auteur=party.display_name)
        stage = i % 5  # 0 received, 1 in progress, 2 suspended or extended, 3 advice asked, 4 closed
        for statustype in world.statuses[1:min(stage, 3) + 1]:
            services.set_status(zaak=zaak, statustype=statustype, actor=world.handler,
                                toelichting=f"Stap {statustype.volgnummer}")
        if stage >= 1:
            services.add_document(zaak=zaak, file=pdf(f"brief-{i}.pdf"), titel="Ontvangstbevestiging",
                                  informatieobjecttype=world.doc_type, actor=world.handler,
                                  vertrouwelijkheidaanduiding="openbaar")
        if stage == 2:
            if i % 2:
                services.suspend_case(zaak=zaak, reason="Wachten op een attest van de verzekeraar", actor=world.handler)
            else:
                services.extend_case(zaak=zaak, reason="Advies van de politie nodig", actor=world.handler)
        if stage == 4:
            zaak.refresh_from_db()
            services.create_decision(zaak=zaak, besluittype=world.decision_type, datum=today, ingangsdatum=today,
                                     actor=world.handler, toelichting="De vergunning is verleend voor 1 jaar.")
            services.close_case(zaak=zaak, actor=world.handler, resultaattype=world.results["Verleend"],
                                toelichting="Vergunning verleend")


def make_meldingen(world: World, count: int) -> None:
    from loket.meldingen import services
    from loket.meldingen.models import Category

    subs = list(Category.objects.filter(organisation=world.organisation, parent__isnull=False).order_by("pk")[:10])
    for i in range(count):
        melding = services.create_melding(
            organisation=world.organisation, text=f"Losliggende stoeptegel voor huisnummer {i + 1}, gevaarlijk.",
            latitude=LAT + (i % 7) * 0.001, longitude=LON + (i % 5) * 0.001, address=f"Lindelaan {i + 1}",
            category=subs[i % len(subs)], party=world.resident, reporter_email="bea@bench.example",
            wants_updates=True)
        if i % 2:
            for state in services.allowed_transitions(melding)[:1]:
                services.transition(melding=melding, to_state=state, actor=world.handler, note="Bekeken")


def make_questions(world: World, count: int, answered: int) -> None:
    """Questions asked in Mijn loket (portal.services.ask_question: web contact + callback task), some answered."""
    from loket.contacts import services
    from loket.contacts.models import ContactChannel, InternalTask
    from loket.portal.services import ask_question

    for i in range(count):
        contact = ask_question(organisation=world.organisation, party=world.resident, product=world.product,
                               question=f"Vraag {i + 1}: tot wanneer is mijn parkeervergunning geldig?")
        if i < answered:
            task = InternalTask.objects.get(contact=contact)
            services.answer_task(task=task, answer="Uw vergunning is een jaar geldig vanaf de beslissing.",
                                 actor=world.handler, channel=ContactChannel.EMAIL)


def make_document_requests(world: World, count: int) -> None:
    """Staff ask the resident for a document on open cases (portal.services.request_document)."""
    from loket.cases.models import Zaak
    from loket.portal.services import request_document

    due = datetime.date.today() + datetime.timedelta(days=14)
    for zaak in Zaak.objects.filter(initiator_party=world.resident, is_closed=False).order_by("pk")[:count]:
        request_document(zaak=zaak, description="Een kopie van het inschrijvingsbewijs van uw auto", due_date=due,
                         actor=world.handler)


def make_access_log(world: World, count: int) -> None:
    from loket.contacts import services

    reasons = ["Vraag aan de balie", "Telefoon: vraag over vergunning", "Behandeling aanvraag"]
    for i in range(count):
        services.record_view(world.resident, world.handler, reasons[i % len(reasons)])


def make_others(world: World, count: int) -> None:
    from loket.contacts.models import Party, PartyKind

    parties = [Party.objects.create(organisation=world.organisation, kind=PartyKind.PERSON, first_name="Ander",
                                    last_name=f"Inwoner {n}") for n in range(200)]
    for n in range(count):
        make_cases(world, parties[n % len(parties)], 1, rich=False)


def generate(world: World, others: int) -> None:
    t0 = time.perf_counter()
    make_cases(world, world.resident, 50, rich=True)
    print(f"  50 cases of the resident (documents, statuses, decisions): {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    make_meldingen(world, 20)
    make_questions(world, 10, 6)
    make_document_requests(world, 3)
    make_access_log(world, 40)
    print(f"  20 meldingen, 10 questions, 3 document requests, 40 staff views: {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    make_others(world, others)
    print(f"  {others} cases of 200 other residents: {time.perf_counter() - t0:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# -- The 50-field form -------------------------------------------------------------------------------------------

YES_NO = [{"value": "ja", "label": "Ja"}, {"value": "nee", "label": "Nee"}]


def form_fields() -> list[tuple]:
    """50 fields (key, kind, options dict, valid answer) in 5 groups of 10: every kind, 12 conditions, 4 computed
    values and a computed fee -- a large real form (a parking permit with household, vehicles and payment)."""
    cars = {"field": "cars", "op": "gte"}
    return [
        # 1. applicant (prefilled: ask once)
        ("first_name", "text", {"prefill": "first_name"}, "Bea"),
        ("last_name", "text", {"prefill": "last_name"}, "Benchmark"),
        ("national_number", "national_number", {"prefill": "national_number"}, NATIONAL_NUMBER),
        ("birth_date", "date", {"prefill": "date_of_birth", "max_date": "vandaag"}, "30-07-1985"),
        ("email", "email", {"prefill": "email"}, "bea@bench.example"),
        ("phone", "phone", {"prefill": "phone", "required": False}, "0470 12 34 56"),
        ("address", "address", {}, "Lindelaan 14, Heidebeek"),
        ("postcode", "postcode", {}, "2220"),
        ("moved_recently", "yes_no", {"options": YES_NO}, "ja"),
        ("moved_on", "date", {"condition": {"field": "moved_recently", "op": "eq", "value": "ja"},
                              "min_date": "vandaag-3650", "max_date": "vandaag"}, "01-03-2026"),
        # 2. vehicles
        ("cars", "number", {"min_value": 1, "max_value": 3}, "3"),
        ("plate_1", "text", {"pattern": r"[0-9A-Z-]{4,10}", "pattern_message": "Vul een nummerplaat in."}, "1-ABC-123"),
        ("plate_2", "text", {"condition": {**cars, "value": 2}, "pattern": r"[0-9A-Z-]{4,10}"}, "1-DEF-456"),
        ("plate_3", "text", {"condition": {**cars, "value": 3}, "pattern": r"[0-9A-Z-]{4,10}"}, "1-GHI-789"),
        ("electric", "yes_no", {"options": YES_NO}, "ja"),
        ("electric_cars", "number", {"condition": {"field": "electric", "op": "eq", "value": "ja"},
                                     "min_value": 0, "max_value": 3}, "1"),
        ("charging", "choice", {"condition": {"field": "electric", "op": "eq", "value": "ja"}, "display": "radio",
                                "options": [{"value": "thuis", "label": "Thuis"}, {"value": "straat", "label": "Straat"}]},
         "straat"),
        ("vehicle_kind", "choice", {"display": "select", "options": [
            {"value": v, "label": v.capitalize()} for v in ("personenwagen", "bestelwagen", "motorfiets", "kampeerwagen")]},
         "personenwagen"),
        ("fee_cars", "computed", {"expression": "max(cars - electric_cars, 0) * 50 + electric_cars * 25"}, None),
        ("car_count_label", "computed", {"expression": "if(cars > 1, cars, 1)"}, None),
        # 3. household and situation
        ("household", "number", {"min_value": 1, "max_value": 15}, "4"),
        ("children", "number", {"required": False, "min_value": 0, "max_value": 12}, "2"),
        ("has_garage", "yes_no", {"options": YES_NO}, "nee"),
        ("garage_address", "text", {"condition": {"field": "has_garage", "op": "eq", "value": "ja"}}, ""),
        ("days", "choice", {"display": "checkboxes", "options": [
            {"value": d, "label": d} for d in ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag")]},
         ["maandag", "woensdag", "vrijdag"]),
        ("care", "yes_no", {"options": YES_NO}, "ja"),
        ("care_visits", "number", {"condition": {"all": [{"field": "care", "op": "eq", "value": "ja"},
                                                          {"field": "household", "op": "gt", "value": 1}]},
                                   "min_value": 0, "max_value": 50}, "6"),
        ("care_reason", "textarea", {"condition": {"field": "care", "op": "eq", "value": "ja"}, "max_length": 2000},
         "Mijn moeder krijgt thuisverpleging en de verpleegkundige moet kunnen parkeren."),
        ("visitor_cards", "computed", {"expression": "min(count(days) + if(care == 1, 2, 0), 6)"}, None),
        ("remarks", "textarea", {"required": False, "max_length": 2000}, "Graag een kaart voor de zone rond de kerk."),
        # 4. period and payment
        ("start_date", "date", {"min_date": "vandaag", "max_date": "vandaag+365"},
         (datetime.date.today() + datetime.timedelta(days=7)).strftime("%d-%m-%Y")),
        ("duration", "choice", {"display": "select", "options": [
            {"value": "6", "label": "6 maanden"}, {"value": "12", "label": "12 maanden"}]}, "12"),
        ("zone", "choice", {"display": "radio", "options": [
            {"value": z, "label": f"Zone {z}"} for z in "ABCDE"]}, "B"),
        ("pay_by", "choice", {"display": "radio", "options": [
            {"value": "online", "label": "Online"}, {"value": "overschrijving", "label": "Overschrijving"}]},
         "overschrijving"),
        ("iban", "iban", {"condition": {"field": "pay_by", "op": "eq", "value": "overschrijving"}},
         "BE71 0961 2345 6769"),
        ("account_holder", "text", {"condition": {"field": "pay_by", "op": "eq", "value": "overschrijving"}},
         "Bea Benchmark"),
        ("deposit", "amount", {"required": False, "min_value": 0, "max_value": 500}, "25,00"),
        ("social_rate", "yes_no", {"options": YES_NO}, "nee"),
        ("social_proof", "file", {"condition": {"field": "social_rate", "op": "eq", "value": "ja"}, "accept": ".pdf"},
         None),
        ("total", "computed", {"expression": "round(fee_cars * duration / 12 + deposit, 2)"}, None),
        # 5. contact and consent
        ("contact_by", "choice", {"display": "radio", "options": [
            {"value": "email", "label": "E-mail"}, {"value": "sms", "label": "Sms"}, {"value": "brief", "label": "Brief"}]},
         "email"),
        ("sms_number", "phone", {"condition": {"field": "contact_by", "op": "eq", "value": "sms"}}, ""),
        ("language", "choice", {"display": "select", "options": [
            {"value": "nl", "label": "Nederlands"}, {"value": "fr", "label": "Frans"}, {"value": "en", "label": "Engels"}]},
         "nl"),
        ("reminder", "yes_no", {"options": YES_NO}, "ja"),
        ("reminder_days", "number", {"condition": {"field": "reminder", "op": "eq", "value": "ja"},
                                     "min_value": 1, "max_value": 60}, "14"),
        ("newsletter", "yes_no", {"options": YES_NO, "required": False}, "nee"),
        ("truthful", "yes_no", {"options": YES_NO}, "ja"),
        ("privacy", "choice", {"display": "checkboxes", "options": [
            {"value": "gelezen", "label": "Ik heb de privacyverklaring gelezen"},
            {"value": "kopie", "label": "Stuur mij een kopie"}]}, ["gelezen"]),
        ("signature_place", "text", {"max_length": 100}, "Benchportaal"),
        ("signature_date", "date", {"min_date": "vandaag-1", "max_date": "vandaag+1"},
         datetime.date.today().strftime("%d-%m-%Y")),
    ]


def big_form(world: World, *, steps: int = 5, key: str = "bewonersparkeervergunning"):
    """The published 50-field form of ``world.product`` in ``steps`` steps (made once; later runs reuse it)."""
    from loket.eforms.models import FormDefinition, FormField, FormStep, FormVersion

    definition = FormDefinition.objects.filter(product=world.product).first()
    if definition is None:
        definition = FormDefinition.objects.create(organisation=world.organisation, product=world.product,
                                                   name="Bewonersparkeervergunning (50 velden)")
    spec = hashlib.sha256(repr([f[:3] for f in form_fields()]).encode()).hexdigest()[:8]
    name = f"{steps} stappen ({spec})"
    version = definition.versions.filter(title__endswith=name).first()
    if version is not None:  # made by an earlier run: make it the published version again
        definition.versions.filter(state="published").exclude(pk=version.pk).update(state="retired")
        definition.versions.filter(pk=version.pk).update(state="published")
        version.refresh_from_db()
        from loket.eforms.selectors import forget_compiled

        forget_compiled(version.pk)
        return version
    number = (definition.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    definition.versions.filter(state="published").update(state="retired")
    version = FormVersion.objects.create(definition=definition, number=number, state="published",
                                         title=f"Bewonersparkeervergunning aanvragen, {name}",
                                         fee_expression="total", fee_label="Leges",
                                         published_at=datetime.datetime.now(datetime.UTC))
    fields = form_fields()
    per_step = -(-len(fields) // steps)
    for index in range(steps):
        step = FormStep.objects.create(version=version, order=index + 1, slug=f"stap-{index + 1}",
                                       title=f"Stap {index + 1}")
        for order, (field_key, kind, options, _answer) in enumerate(fields[index * per_step:(index + 1) * per_step]):
            FormField.objects.create(version=version, step=step, order=order + 1, key=field_key, kind=kind,
                                     label=field_key.replace("_", " ").capitalize(), **options)
    return version


def answers_for(version, step) -> dict:
    """Valid answers of one step, as a form post sends them."""
    answers = {key: value for key, _kind, _options, value in form_fields() if value not in (None, "")}
    return {f.key: answers[f.key] for f in step.fields.all() if f.key in answers}


# -- Measuring ---------------------------------------------------------------------------------------------------

def resident_client(party, assurance: str = "substantial"):
    """A test client with a resident session made through the identity API (as the OIDC callback does)."""
    from importlib import import_module

    from django.conf import settings
    from django.test import Client, RequestFactory

    from loket.portal.identity import login_resident

    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login_resident(request, party, assurance=assurance, provider="bench")
    request.session.save()
    client = Client(HTTP_HOST="testserver", raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    return client


class QueryCounter:
    """Counts SQL statements (Django resets connection.queries at every request start, so no CaptureQueriesContext)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._context = connection.execute_wrapper(self)
        self._context.__enter__()
        return self

    def __exit__(self, *exc):
        self._context.__exit__(*exc)

    def __len__(self):
        return self.count


def measure_get(client, url: str, runs: int) -> dict:
    for _ in range(3):
        response = client.get(url)
    with QueryCounter() as queries:
        response = client.get(url)
    timings, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    p50, p95 = percentiles(timings)
    return {"status": response.status_code, "queries": len(queries), "p50": p50, "p95": p95,
            "cpu": statistics.median(cpu), "bytes": len(response.content)}


def portal_pages(world: World) -> list[tuple[str, str]]:
    """(label, url) of every resident page that exists now; the case page is the resident's busiest case."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from loket.cases.models import Zaak

    busiest = (Zaak.objects.filter(initiator_party=world.resident).annotate(n=Count("statussen", distinct=True))
               .order_by("-n", "-pk").first())
    closed = Zaak.objects.filter(initiator_party=world.resident, is_closed=True).order_by("-pk").first()
    pages = [
        ("overview", "portal:overview", ()), ("cases", "portal:cases", ()),
        ("case (most statuses)", "portal:case", (busiest.uuid,)),
        ("case (closed, decision)", "portal:case", (closed.uuid,)),
        ("meldingen", "portal:meldingen", ()), ("questions", "portal:questions", ()),
        ("new question", "portal:new_question", ()), ("messages", "portal:messages", ()),
        ("profile", "portal:profile", ()), ("access log", "portal:access_log", ()),
        ("act for", "portal:act_for", ()),
    ]
    try:
        from loket.portal.models import PortalMessage

        message = PortalMessage.objects.filter(party=world.resident).order_by("-pk").first()
        if message is not None:
            pages.append(("message", "portal:message", (message.uuid,)))
    except ImportError:
        pass
    found = []
    for label, name, args in pages:
        try:
            found.append((label, reverse(name, args=args)))
        except NoReverseMatch:
            print(f"  (no page {name} yet)")
    return found


def bench_pages(world: World, runs: int) -> list[tuple]:
    client = resident_client(world.resident)
    rows = []
    for label, url in portal_pages(world):
        result = measure_get(client, url, runs)
        rows.append((label, url, result))
        flag = "" if result["status"] == 200 else f"  <-- status {result['status']}"
        print(f"  {label:26} {result['p50']:6.1f} ms p50 {result['p95']:6.1f} ms p95 {result['cpu']:6.1f} ms CPU"
              f" {result['queries']:3d} queries {result['bytes'] // 1024:4d} KiB{flag}")
    return rows


def bench_form(world: World, runs: int) -> None:
    """Validate + logic + computed values + save of a step, through the service and through the runner (POST)."""
    from loket.eforms import selectors, services

    for steps in (5, 1):
        version = big_form(world, steps=steps)
        issues = list(_publish_problems(version))
        if issues:
            print(f"  the generated form has problems: {issues}")
        compiled_steps = list(version.steps.order_by("order"))
        submission = services.start(version=version, party=world.resident, assurance="substantial")
        # Fill every step once (logic needs the earlier answers), then time the busiest step again and again.
        for step in compiled_steps:
            services.save_step(submission=submission, step_slug=step.slug, answers=answers_for(version, step))
        # The busiest step: most fields, then most logic (conditions and computed values).
        step = max(compiled_steps, key=lambda s: (s.fields.count(), s.fields.exclude(condition={}).count()
                                                  + s.fields.exclude(expression="").count()))
        answers = answers_for(version, step)
        label = f"{len(selectors.compiled_form(version).fields)} fields, {steps} step(s); step '{step.slug}' " \
                f"({step.fields.count()} fields)"
        timings, cpu = [], []
        for _ in range(runs + 3):
            start, start_cpu = time.perf_counter(), time.process_time()
            services.save_step(submission=submission, step_slug=step.slug, answers=answers)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        with QueryCounter() as queries:
            services.save_step(submission=submission, step_slug=step.slug, answers=answers)
        p50, p95 = percentiles(timings[3:])
        print(f"  service save_step, {label}: {p50:6.1f} ms p50 {p95:6.1f} ms p95 "
              f"{statistics.median(cpu[3:]):6.1f} ms CPU {len(queries)} queries")
        bench_runner_post(world, version, submission, step, answers, runs)


def _publish_problems(version) -> list[str]:
    try:
        from loket.eforms.services_builder import publish_problems
    except ImportError:
        return []
    return publish_problems(version)


def bench_runner_post(world: World, version, submission, step, answers, runs: int) -> None:
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse("eforms:step", args=[world.product.key, submission.uuid, step.slug])
    except NoReverseMatch:
        print("  (no runner step page eforms:step yet)")
        return
    client = resident_client(world.resident)
    data = {**answers, "action": "next"}
    timings, cpu, status = [], [], None
    for _ in range(runs + 3):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.post(url, data)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        status = response.status_code
    with QueryCounter() as queries:
        client.post(url, data)
    p50, p95 = percentiles(timings[3:])
    get = measure_get(client, url, runs)
    print(f"  runner POST of that step (full request): {p50:6.1f} ms p50 {p95:6.1f} ms p95 "
          f"{statistics.median(cpu[3:]):6.1f} ms CPU {len(queries)} queries (status {status})")
    print(f"  runner GET of that step page: {get['p50']:6.1f} ms p50 {get['p95']:6.1f} ms p95 {get['cpu']:6.1f} ms CPU "
          f"{get['queries']} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--others", type=int, default=1000, help="cases of other residents (default 1000)")
    parser.add_argument("--keep", action="store_true", help="reuse the data of an earlier run")
    args = parser.parse_args()

    ensure_database()
    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # a failing page shows as its status code
    from django.conf import settings
    from django.core.management import call_command

    documents = Path(tempfile.gettempdir()) / "loket-bench-portal-documents"
    settings.STORAGES = {**settings.STORAGES, "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(documents)}}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)

    from loket.platform.organisations.models import Organisation

    if args.keep and Organisation.objects.filter(slug=SLUG).exists():
        world = load_world()
        print("reusing the data of an earlier run")
    else:
        if Organisation.objects.filter(slug=SLUG).exists():
            sys.exit(f"The database already has the bench municipality: use --keep, or drop {settings.DATABASES['default']['NAME']}.")
        t0 = time.perf_counter()
        world = build_world()
        print(f"built the municipality in {time.perf_counter() - t0:.1f} s")
        generate(world, args.others)

    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (CPU: this process only, not PostgreSQL)")
    print(f"\nResident pages, {args.runs} runs each (target < {TARGET_MS} ms server time):")
    bench_pages(world, args.runs)
    print(f"\n50-field form with logic, {args.runs} runs (target < {TARGET_MS} ms):")
    try:
        bench_form(world, args.runs)
    except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
        print(f"  the form could not be measured: {exc!r}")


if __name__ == "__main__":
    main()
