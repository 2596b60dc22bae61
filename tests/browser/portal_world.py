"""A municipality for the resident-portal browser tests: the contact-centre world (cases, a KCC, the resident Sofie
Vermeulen with a guardian) plus what Mijn loket shows: a case in progress with a document and a document request, a
closed case with a decision, a melding, an answered and an open question, staff views of her data, and a product
with an online form (a parking card) whose case type is the world's case type.

Residents are logged in for page checks with :func:`log_in_resident` (a session made by the identity API, as the
OIDC callback makes it); the journeys log in through the test identity provider like a resident does.
"""

import dataclasses
import datetime
from importlib import import_module

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclasses.dataclass
class PortalWorld:
    kcc: object
    handler: object
    agent: object
    resident: object
    guardian: object
    open_case: object
    closed_case: object
    melding: object
    product: object
    form_product: object
    document_request: object

    @property
    def organisation(self):
        return self.kcc.organisation


def prepare(settings, tmp_path, monkeypatch) -> PortalWorld:
    """The portal world for a live-server test (the ``portal`` fixtures); documents and photos in a temporary folder, the meldingen classifier
    faked, the test identity provider on (the only provider)."""
    from loket.meldingen.tests.conftest import FakeClassifier

    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("loket.meldingen.classification.classify", FakeClassifier())
    settings.LOKET_TEST_IDP = True
    settings.LOKET_RESIDENT_OIDC_PROVIDERS = ""
    return build_portal_world()


def pdf(name: str = "bijlage.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def load_meldingen(organisation, department):
    from loket.meldingen import services, taxonomy
    from loket.meldingen.tests.conftest import BOUNDARY

    taxonomy.load_taxonomy(organisation, department=department)
    services.configure(organisation=organisation, boundary=BOUNDARY, default_department=department,
                       map_tile_url="/static/vendor/leaflet/images/layers.png", map_attribution="Testkaart")


def build_portal_world() -> PortalWorld:
    from loket.cases import services as cases
    from loket.contacts import services as contacts
    from loket.contacts.tests.kcc_world import build_kcc_world
    from loket.meldingen import services as meldingen
    from loket.meldingen.models import Category
    from loket.platform.tests.factories import TOTPDeviceFactory
    from loket.portal import services as portal

    kcc = build_kcc_world()
    world = kcc.cases
    organisation = world.gemeente
    for user in (world.handler, kcc.agent):
        TOTPDeviceFactory(user=user)
    world.handler.first_name, world.handler.last_name = "Els", "Wouters"
    world.handler.save()
    resident = kcc.resident
    today = datetime.date.today()

    # Her open case: in progress, a letter from the municipality, and a document asked for.
    open_case = kcc.road_case
    cases.set_status(zaak=open_case, statustype=world.statuses[1], actor=world.handler,
                     toelichting="Uw aanvraag is volledig.")
    cases.add_document(zaak=open_case, file=pdf("ontvangstbevestiging.pdf"), titel="Ontvangstbevestiging",
                       informatieobjecttype=world.doc_type, actor=world.handler, vertrouwelijkheidaanduiding="openbaar")
    document_request = portal.request_document(
        zaak=open_case, description="Een plan van de plaats waar de container komt", actor=world.handler,
        due_date=today + datetime.timedelta(days=10))

    # Her closed case: a decision and a result.
    closed_case = world.create_case(omschrijving="Verhuislift Molenstraat 7", initiator=resident)
    cases.create_decision(zaak=closed_case, besluittype=world.decision_type, datum=today, ingangsdatum=today,
                          actor=world.handler, toelichting="U mag de verhuislift plaatsen op 3 maart.")
    cases.close_case(zaak=closed_case, actor=world.handler, resultaattype=world.results["verleend"],
                     toelichting="Toelating verleend")

    # A melding she reported, and her questions (one answered by the KCC).
    load_meldingen(organisation, world.roads)
    category = Category.objects.filter(organisation=organisation, parent__isnull=False).order_by("pk").first()
    melding = meldingen.create_melding(
        organisation=organisation, text="De straatlamp voor nummer 7 brandt niet meer.", latitude=51.0805,
        longitude=4.6205, address="Molenstraat 7, 9999 Testdorp", category=category, party=resident,
        reporter_email="sofie.vermeulen@example.org", wants_updates=True)
    answered = portal.ask_question(organisation=organisation, party=resident, product=kcc.product,
                                   question="Hoeveel kost een tweede parkeerkaart?")
    from loket.contacts.models import ContactChannel, InternalTask

    contacts.answer_task(task=InternalTask.objects.get(contact=answered), actor=world.clerk_other,
                         answer="Een tweede kaart kost 50 euro per jaar.", channel=ContactChannel.EMAIL)
    portal.ask_question(organisation=organisation, party=resident, question="Wanneer wordt het groenafval opgehaald?")
    contacts.record_view(resident, kcc.agent, "Telefoon: vraag over parkeerkaart")

    form_product = form_for_product(kcc.product, world.zaaktype)
    return PortalWorld(kcc=kcc, handler=world.handler, agent=kcc.agent, resident=resident, guardian=kcc.guardian,
                       open_case=open_case, closed_case=closed_case, melding=melding, product=kcc.product,
                       form_product=form_product, document_request=document_request)


def form_for_product(product, zaaktype):
    """A published two-step online form for ``product``, delivered as a case of ``zaaktype``: prefilled name and
    e-mail (ask once), a number plate, a start date, a yes/no with a field it shows, and a fixed fee."""
    from django.utils import timezone

    from loket.cases import services as cases
    from loket.eforms.models import FormDefinition, FormField, FormStep, FormVersion

    cases.add_product(zaaktype=zaaktype, product=product)
    definition = FormDefinition.objects.create(organisation=product.organisation, product=product, name=product.name)
    version = FormVersion.objects.create(
        definition=definition, number=1, state="published", title=f"{product.name} aanvragen",
        intro="Vraag uw parkeerkaart online aan. Het duurt ongeveer 5 minuten.", fee_amount=50,
        fee_label="Parkeerkaart, een jaar", published_at=timezone.now(),
        confirmation_text="We bekijken uw aanvraag binnen 10 werkdagen.")
    you = FormStep.objects.create(version=version, order=1, slug="uw-gegevens", title="Uw gegevens")
    request = FormStep.objects.create(version=version, order=2, slug="uw-aanvraag", title="Uw aanvraag")
    yes_no = [{"value": "ja", "label": "Ja"}, {"value": "nee", "label": "Nee"}]
    for step, order, key, kind, label, options in [
        (you, 1, "voornaam", "text", "Voornaam", {"prefill": "first_name"}),
        (you, 2, "achternaam", "text", "Achternaam", {"prefill": "last_name"}),
        (you, 3, "email", "email", "E-mailadres", {"prefill": "email", "help_text": "We sturen de kaart naar dit adres."}),
        (request, 1, "nummerplaat", "text", "Nummerplaat", {"help_text": "Bijvoorbeeld 1-ABC-123.", "max_length": 12}),
        (request, 2, "ingangsdatum", "date", "Vanaf wanneer?", {"min_date": "vandaag", "max_date": "vandaag+365"}),
        (request, 3, "elektrisch", "yes_no", "Is het een elektrische auto?", {"options": yes_no}),
        (request, 4, "laadpaal", "yes_no", "Wilt u een laadpaal in de straat?",
         {"options": yes_no, "condition": {"field": "elektrisch", "op": "eq", "value": "ja"}}),
    ]:
        FormField.objects.create(version=version, step=step, order=order, key=key, kind=kind, label=label, **options)
    return product


def log_in_resident(page, site: str, party, *, assurance: str = "substantial", acting_for=None) -> None:
    """Give the page's browser context the session cookie of a logged-in resident."""
    from django.conf import settings
    from django.test import RequestFactory

    from loket.portal.identity import login_resident

    request = RequestFactory().get("/")
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    options = {"acting_for": acting_for} if acting_for is not None else {}
    login_resident(request, party, assurance=assurance, provider="test", **options)
    request.session.save()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": request.session.session_key,
                               "url": site}])
