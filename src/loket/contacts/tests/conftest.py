"""The contacts world: the cases test world (gemeente Testdorp, departments, a published case type) plus a contact
centre with a KCC agent, a social-support case type that is confidential, and a few residents."""

import dataclasses

import pytest

from loket.cases import services as case_services
from loket.cases.tests.conftest import World, build_world
from loket.contacts import services
from loket.contacts.models import PartyKind
from loket.platform.tests.factories import DepartmentFactory, MembershipFactory, UserFactory


@dataclasses.dataclass
class ContactsWorld:
    cases: World
    gemeente: object
    kcc: object
    agent: object
    social: object
    social_worker: object
    social_type: object
    marie: object

    def contact(self, party=None, **kwargs):
        options = {"organisation": self.gemeente, "channel": "telefoon", "outcome": "beantwoord", "actor": self.agent,
                   "party": party or self.marie, "question": "Wanneer wordt het grofvuil opgehaald?"}
        options.update(kwargs)
        return services.register_contact(**options)


@pytest.fixture
def contacts_world(db) -> ContactsWorld:
    world = build_world()
    gemeente = world.gemeente
    kcc = DepartmentFactory(organisation=gemeente, name="Klantcontactcentrum", slug="kcc")
    agent = UserFactory(organisation=gemeente, first_name="Ka", last_name="Cee")
    MembershipFactory(user=agent, department=kcc, role="kcc")
    social = DepartmentFactory(organisation=gemeente, name="Sociale dienst", slug="sociaal")
    social_worker = UserFactory(organisation=gemeente)
    MembershipFactory(user=social_worker, department=social, role="maatschappelijk_werker")
    social_type = case_services.create_case_type(
        catalogus=world.catalogus, identificatie="LEEFLOON", omschrijving="Leefloon", department=social,
        doorlooptijd_days=30, begin_geldigheid=world.zaaktype.begin_geldigheid, vertrouwelijkheidaanduiding="geheim",
        selectielijst_procestype="3e1f6d3e-617f-43e1-87be-8bd255ef4745",
    )
    for name in ("Ontvangen", "Afgehandeld"):
        case_services.add_status_type(zaaktype=social_type, omschrijving=name)
    case_services.add_role_type(zaaktype=social_type, omschrijving="Aanvrager", omschrijving_generiek="initiator")
    case_services.add_result_type(zaaktype=social_type, omschrijving="Toegekend", archiefnominatie="vernietigen",
                                  archiefactietermijn="P5Y")
    case_services.publish_case_type(zaaktype=social_type)
    social_type.refresh_from_db()
    marie = services.create_party(
        organisation=gemeente, kind=PartyKind.PERSON, first_name="Marie", last_name="Vandenbroucke",
        national_number="90.02.01-001.30", email="Marie.V@example.org", phone="0470 12 34 56",
        street="Molenweg", house_number="7", postal_code="9999", city="Testdorp",
    )
    return ContactsWorld(cases=world, gemeente=gemeente, kcc=kcc, agent=agent, social=social, social_worker=social_worker,
                         social_type=social_type, marie=marie)
