"""A small world for the form builder tests: a gemeente with two departments, a product with an online channel
(Omgeving), one without, and staff with different roles. Import the fixtures (``world_fixture``, ``staff_client_fixture``) into a test module."""

import dataclasses
import time

import pytest

from loket.catalog.models import Channel, Product
from loket.platform.tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PartyFactory,
    UserFactory,
    log_in_with_second_factor,
)


@dataclasses.dataclass
class BuilderWorld:
    gemeente: object
    omgeving: object
    burgerzaken: object
    product: object
    offline_product: object
    other_product: object
    handler: object  # case handler of Omgeving: builds drafts
    manager: object  # manager of Omgeving: builds and publishes
    administrator: object  # functional administrator elsewhere in the organisation: builds and publishes anywhere
    clerk_other: object  # case handler of Burgerzaken: no rights on Omgeving's forms
    stranger: object  # administrator of another organisation
    resident: object


def build_world() -> BuilderWorld:
    gemeente = OrganisationFactory(name="Gemeente Bouwdorp", slug="bouwdorp")
    other = OrganisationFactory(name="Gemeente Elders", slug="elders")
    omgeving = DepartmentFactory(organisation=gemeente, name="Omgeving", slug="omgeving")
    burgerzaken = DepartmentFactory(organisation=gemeente, name="Burgerzaken", slug="burgerzaken")
    informatie = DepartmentFactory(organisation=gemeente, name="Informatiebeheer", slug="informatiebeheer")
    product = Product.objects.create(organisation=gemeente, key="bewonerskaart", name="Bewonerskaart parkeren",
                                     state="published", department=omgeving)
    Channel.objects.create(product=product, kind="online", login="substantial")
    offline = Product.objects.create(organisation=gemeente, key="trouwen", name="Trouwen", state="published",
                                     department=burgerzaken)
    Channel.objects.create(product=offline, kind="counter")
    other_product = Product.objects.create(organisation=gemeente, key="identiteitskaart", name="Identiteitskaart",
                                           state="published", department=burgerzaken)
    Channel.objects.create(product=other_product, kind="online", login="high")

    def member(department, role, organisation=gemeente):
        user = UserFactory(organisation=organisation)
        MembershipFactory(user=user, department=department, role=role)
        return user

    return BuilderWorld(
        gemeente=gemeente, omgeving=omgeving, burgerzaken=burgerzaken, product=product, offline_product=offline,
        other_product=other_product,
        handler=member(omgeving, "behandelaar"), manager=member(omgeving, "leidinggevende"),
        administrator=member(informatie, "beheerder"), clerk_other=member(burgerzaken, "behandelaar"),
        stranger=member(DepartmentFactory(organisation=other), "beheerder", organisation=other),
        resident=PartyFactory(organisation=gemeente),
    )


@pytest.fixture(name="world")
def world_fixture(db) -> BuilderWorld:
    return build_world()


@pytest.fixture(name="staff_client")
def staff_client_fixture(client):
    """``staff_client(user)``: the test client logged in as that staff member (second factor done)."""

    def log_in(user):
        log_in_with_second_factor(client, user)
        return client

    return log_in


def log_in_resident(client, party) -> None:
    """A resident session (as the portal log-in leaves it) in the test client."""
    from loket.portal.identity import SESSION_KEY

    session = client.session
    now = int(time.time())
    session[SESSION_KEY] = {"party": party.pk, "acting_for": party.pk, "assurance": "high", "provider": "test",
                            "since": now, "seen": now, "acting_person": ""}
    session.save()
