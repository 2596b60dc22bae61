"""A contact centre for the workspace tests (web and browser): the case world plus a KCC, a social service with a
confidential case type, a resident with a phone number, e-mail, a case, a social-support case and a product with a
knowledge article."""

import dataclasses

from loket.cases import services as case_services
from loket.cases.tests.conftest import World, build_world
from loket.catalog.tests.helpers import product as make_product
from loket.contacts import services
from loket.contacts.models import DigitalAddressKind, PartyKind
from loket.platform.tests.factories import DepartmentFactory, MembershipFactory, UserFactory

NATIONAL_NUMBER = "90.01.01-001.23"


@dataclasses.dataclass
class KccWorld:
    cases: World
    kcc: object
    agent: object
    social: object
    social_worker: object
    resident: object
    guardian: object
    road_case: object
    social_case: object
    product: object

    @property
    def organisation(self):
        return self.cases.gemeente


def build_kcc_world() -> KccWorld:
    world = build_world()
    organisation = world.gemeente
    kcc = DepartmentFactory(organisation=organisation, name="Klantcontactcentrum", slug="kcc")
    social = DepartmentFactory(organisation=organisation, name="Sociale dienst", slug="sociale-dienst")
    agent = UserFactory(organisation=organisation, username="kcc.lotte", first_name="Lotte", last_name="Claes")
    MembershipFactory(user=agent, department=kcc, role="kcc")
    # The agent's KCC role also applies to the departments whose cases they answer questions about.
    MembershipFactory(user=agent, department=world.roads, role="kcc")
    MembershipFactory(user=agent, department=social, role="kcc")
    social_worker = UserFactory(organisation=organisation, username="sw.jan", first_name="Jan", last_name="Maes")
    MembershipFactory(user=social_worker, department=social, role="maatschappelijk_werker")

    resident = services.create_party(
        organisation=organisation, kind=PartyKind.PERSON, first_name="Sofie", last_name="Vermeulen",
        national_number=NATIONAL_NUMBER, street="Molenstraat", house_number="7", postal_code="9999", city="Testdorp",
        email="sofie.vermeulen@example.org", phone="0470 12 34 56",
    )
    guardian = services.create_party(organisation=organisation, kind=PartyKind.PERSON, first_name="Pieter",
                                     last_name="Vermeulen")
    services.add_representation(representative=guardian, represented=resident, reason="familie")
    address = resident.digital_addresses.filter(kind=DigitalAddressKind.EMAIL).first()
    if address is not None:
        services.verify_digital_address(address=address)

    road_case = world.create_case(omschrijving="Container voor de deur", initiator=resident)
    social_type = case_services.create_case_type(
        catalogus=world.catalogus, identificatie="LEEFLOON", omschrijving="Leefloon", department=social,
        doorlooptijd_days=30, vertrouwelijkheidaanduiding="geheim",
        selectielijst_procestype="3e1f6d3e-617f-43e1-87be-8bd255ef4745",
    )
    for name in ("Ontvangen", "Afgehandeld"):
        case_services.add_status_type(zaaktype=social_type, omschrijving=name)
    case_services.add_result_type(zaaktype=social_type, omschrijving="Toegekend", archiefnominatie="vernietigen",
                                  archiefactietermijn="P5Y")
    case_services.add_role_type(zaaktype=social_type, omschrijving="Aanvrager", omschrijving_generiek="initiator")
    case_services.publish_case_type(zaaktype=social_type)
    social_type.refresh_from_db()
    social_case = case_services.create_case(organisation=organisation, zaaktype=social_type,
                                            omschrijving="Leefloon wegens schulden", initiator=resident,
                                            actor=social_worker)

    product = make_product(organisation, "Parkeerkaart voor bewoners", keywords=["parkeren", "bewonerskaart"],
                           short_description="Een kaart om in uw eigen straat te parkeren.")
    services.save_knowledge_article(product=product, actor=None, what_to_ask="Vraag naar de nummerplaat.",
                                    where_to_refer="Dienst Mobiliteit, loket 3.", refer_to_department=world.mobility)
    return KccWorld(cases=world, kcc=kcc, agent=agent, social=social, social_worker=social_worker, resident=resident,
                    guardian=guardian, road_case=road_case, social_case=social_case, product=product)
