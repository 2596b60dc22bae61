"""A small world for the case tests: a gemeente with two departments, a partner (police) and a published case type."""

import dataclasses
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loket.cases import services
from loket.cases.models import CaseSettings
from loket.platform.organisations.models import OrganisationKind
from loket.platform.tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PartyFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="aanvraag.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@dataclasses.dataclass
class World:
    gemeente: object
    police: object
    roads: object
    mobility: object
    police_dept: object
    handler: object
    manager: object
    clerk_other: object
    officer: object
    party: object
    catalogus: object
    zaaktype: object
    statuses: list
    results: dict
    initiator_role: object
    advisor_role: object
    doc_type: object
    decision_type: object

    def create_case(self, **kwargs):
        options = {"organisation": self.gemeente, "zaaktype": self.zaaktype, "omschrijving": "Container op straat",
                   "actor": self.handler, "initiator": self.party}
        options.update(kwargs)
        return services.create_case(**options)


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages


def build_world(*, start=None) -> World:
    start = start or datetime.date(2020, 1, 1)
    gemeente = OrganisationFactory(name="Gemeente Testdorp", slug="testdorp-cases")
    CaseSettings.objects.create(organisation=gemeente, holiday_country="BE", case_number_prefix="TD")
    police = OrganisationFactory(name="Politiezone Test", slug="pz-test", kind=OrganisationKind.POLITIEZONE)
    gemeente.partners.add(police)
    roads = DepartmentFactory(organisation=gemeente, name="Wegen", slug="wegen")
    mobility = DepartmentFactory(organisation=gemeente, name="Mobiliteit", slug="mobiliteit")
    police_dept = DepartmentFactory(organisation=police, name="Wijkwerking", slug="wijkwerking")
    handler = UserFactory(organisation=gemeente)
    MembershipFactory(user=handler, department=roads, role="behandelaar")
    manager = UserFactory(organisation=gemeente)
    MembershipFactory(user=manager, department=roads, role="leidinggevende")
    clerk_other = UserFactory(organisation=gemeente)
    MembershipFactory(user=clerk_other, department=mobility, role="behandelaar")
    officer = UserFactory(organisation=police)
    MembershipFactory(user=officer, department=police_dept, role="behandelaar")
    party = PartyFactory(organisation=gemeente, national_number="85.07.30-033.28")
    catalogus = services.create_catalogus(organisation=gemeente, naam="Zaaktypecatalogus Testdorp", domein="TD")
    zaaktype = services.create_case_type(
        catalogus=catalogus, identificatie="INNAME-OPENBAAR-DOMEIN", omschrijving="Inname openbaar domein",
        department=roads, doorlooptijd_days=10, begin_geldigheid=start, opschorting_en_aanhouding_mogelijk=True,
        verlenging_mogelijk=True, verlengingstermijn_days=5,
        selectielijst_procestype="3e1f6d3e-617f-43e1-87be-8bd255ef4745",
    )
    statuses = [
        services.add_status_type(zaaktype=zaaktype, omschrijving=name)
        for name in ("Ontvangen", "In behandeling", "Afgehandeld")
    ]
    results = {
        "verleend": services.add_result_type(zaaktype=zaaktype, omschrijving="Verleend", archiefnominatie="vernietigen",
                                             archiefactietermijn="P5Y"),
        "geweigerd": services.add_result_type(zaaktype=zaaktype, omschrijving="Geweigerd", archiefnominatie="vernietigen",
                                              archiefactietermijn="P10Y"),
    }
    initiator_role = services.add_role_type(zaaktype=zaaktype, omschrijving="Aanvrager", omschrijving_generiek="initiator")
    advisor_role = services.add_role_type(zaaktype=zaaktype, omschrijving="Adviseur", omschrijving_generiek="adviseur")
    services.add_eigenschap(zaaktype=zaaktype, naam="straat", definitie="Straat van de inname")
    services.add_eigenschap(zaaktype=zaaktype, naam="startdatum_inname", definitie="Begin", formaat="datum")
    doc_type = services.create_document_type(catalogus=catalogus, omschrijving="Aanvraag", publish=True,
                                             allowed_mime_types=["application/pdf", "image/png"], max_size=1024 * 1024)
    services.add_document_type(zaaktype=zaaktype, informatieobjecttype=doc_type)
    decision_type = services.create_decision_type(catalogus=catalogus, omschrijving="Vergunning inname", publish=True,
                                                  reactietermijn_days=30)
    services.add_decision_type(zaaktype=zaaktype, besluittype=decision_type)
    services.publish_case_type(zaaktype=zaaktype)
    zaaktype.refresh_from_db()
    return World(gemeente=gemeente, police=police, roads=roads, mobility=mobility, police_dept=police_dept, handler=handler,
                 manager=manager, clerk_other=clerk_other, officer=officer, party=party, catalogus=catalogus, zaaktype=zaaktype,
                 statuses=statuses, results=results, initiator_role=initiator_role, advisor_role=advisor_role,
                 doc_type=doc_type, decision_type=decision_type)


@pytest.fixture
def world(db) -> World:
    return build_world()
