"""A small world for the form runner tests: a gemeente with a published case type (statuses, initiator and
mede-initiator roles, properties, a document type), a product delivered by it with an online channel (log-in
"substantial"), a published form with logic, a computed field and a computed fee, and a resident."""

import dataclasses
import datetime

import pytest
from django.conf import settings
from django.test import RequestFactory

from loket.cases import services as case_services
from loket.cases.models import CaseSettings
from loket.catalog.models import Channel, ChannelKind, Product, State
from loket.eforms.spec import build_form
from loket.platform.tests.factories import DepartmentFactory, OrganisationFactory, PartyFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

SPEC = {
    "title": "Bewonerskaart aanvragen",
    "intro": "Parkeren in uw wijk.",
    "fee_expression": "if(aantal >= 2, 130, 30)",
    "fee_label": "Bewonerskaart",
    "steps": [
        {"slug": "gegevens", "title": "Uw gegevens", "fields": [
            {"key": "naam", "kind": "text", "label": "Naam", "prefill": "full_name", "max_length": 100},
            {"key": "email", "kind": "email", "label": "E-mailadres", "prefill": "email"},
            {"key": "telefoon", "kind": "phone", "label": "Telefoon", "prefill": "phone", "required": False},
        ]},
        {"slug": "wagen", "title": "Uw wagen", "fields": [
            {"key": "aantal", "kind": "choice", "label": "Hoeveel wagens?",
             "options": [{"value": "1", "label": "Eén"}, {"value": "2", "label": "Twee"}]},
            {"key": "nummerplaat", "kind": "text", "label": "Nummerplaat", "pattern": r"[0-9]-?[A-Z]{3}-?[0-9]{3}",
             "pattern_message": "Vul een nummerplaat in, bijvoorbeeld 1-ABC-123."},
            {"key": "nummerplaat_2", "kind": "text", "label": "Tweede nummerplaat",
             "condition": {"field": "aantal", "op": "eq", "value": "2"}},
            {"key": "eigen_naam", "kind": "yes_no", "label": "Op uw naam?"},
            {"key": "bewijs", "kind": "file", "label": "Bewijs van gebruik", "accept": ".pdf,.png",
             "condition": {"field": "eigen_naam", "op": "eq", "value": "nee"}},
            {"key": "te_betalen", "kind": "computed", "label": "Te betalen", "required": False,
             "expression": "if(aantal >= 2, 130, 30)"},
        ]},
        {"slug": "start", "title": "Startdatum", "fields": [
            {"key": "startdatum", "kind": "date", "label": "Vanaf wanneer?", "min_date": "vandaag",
             "max_date": "vandaag+90"},
        ]},
    ],
}


@dataclasses.dataclass
class RunnerWorld:
    gemeente: object
    department: object
    zaaktype: object
    doc_type: object
    product: object
    version: object
    party: object
    other: object


def build_runner_world(*, spec=None, login: str = "substantial") -> RunnerWorld:
    gemeente = OrganisationFactory(name="Gemeente Testdorp", slug="testdorp-eforms")
    CaseSettings.objects.create(organisation=gemeente, holiday_country="BE", case_number_prefix="TD")
    department = DepartmentFactory(organisation=gemeente, name="Burgerzaken", slug="burgerzaken")
    catalogus = case_services.create_catalogus(organisation=gemeente, naam="Zaaktypen Testdorp", domein="TD")
    zaaktype = case_services.create_case_type(
        catalogus=catalogus, identificatie="PARKEERKAART", omschrijving="Bewonersparkeerkaart", department=department,
        doorlooptijd_days=10, begin_geldigheid=datetime.date(2020, 1, 1),
        selectielijst_procestype="3e1f6d3e-617f-43e1-87be-8bd255ef4745",
    )
    for name in ("Ontvangen", "Afgehandeld"):
        case_services.add_status_type(zaaktype=zaaktype, omschrijving=name)
    case_services.add_result_type(zaaktype=zaaktype, omschrijving="Verleend", archiefnominatie="vernietigen",
                                  archiefactietermijn="P5Y")
    case_services.add_role_type(zaaktype=zaaktype, omschrijving="Aanvrager", omschrijving_generiek="initiator")
    case_services.add_role_type(zaaktype=zaaktype, omschrijving="Vertegenwoordiger",
                                omschrijving_generiek="mede_initiator")
    case_services.add_eigenschap(zaaktype=zaaktype, naam="nummerplaat", definitie="Nummerplaat")
    case_services.add_eigenschap(zaaktype=zaaktype, naam="startdatum", definitie="Start", formaat="datum")
    doc_type = case_services.create_document_type(catalogus=catalogus, omschrijving="Aanvraagformulier", publish=True,
                                                  allowed_mime_types=["application/pdf", "image/png"])
    case_services.add_document_type(zaaktype=zaaktype, informatieobjecttype=doc_type)
    product = Product.objects.create(organisation=gemeente, key="bewonerskaart", name="Bewonerskaart",
                                     state=State.PUBLISHED)
    Channel.objects.create(product=product, kind=ChannelKind.ONLINE, login=login)
    zaaktype.products.add(product)
    case_services.publish_case_type(zaaktype=zaaktype)
    zaaktype.refresh_from_db()
    version = build_form(product=product, spec=spec or SPEC)
    party = PartyFactory(organisation=gemeente, first_name="Marie", last_name="Peeters", email="marie@voorbeeld.be",
                         phone="+3234123456", national_number="85.07.30-033.28", date_of_birth=datetime.date(1985, 7, 30))
    other = PartyFactory(organisation=gemeente, first_name="Jan", last_name="Janssens")
    return RunnerWorld(gemeente=gemeente, department=department, zaaktype=zaaktype, doc_type=doc_type, product=product,
                       version=version, party=party, other=other)


@pytest.fixture
def runner(db, settings, tmp_path):
    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages
    settings.LOKET_PAYMENT_PROVIDER = "loket.eforms.payments.FakeProvider"
    return build_runner_world()


def log_in(client, party, *, assurance="substantial", acting_for=None):
    """Log ``party`` in as a resident in the test client's session (the identity API, as the log-in flow does)."""
    from loket.portal.identity import login_resident

    request = RequestFactory().get("/")
    request.session = client.session
    options = {"acting_for": acting_for} if acting_for is not None else {}
    login_resident(request, party, assurance=assurance, provider="test", **options)
    request.session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
