"""Test world for the "Mijn loket" overview (H4): the cases test world plus residents, a KCC and a log-in helper."""

import dataclasses
import time

import pytest

from loket.cases.tests.conftest import World, build_world, pdf_file  # noqa: F401 (re-exported for the tests)
from loket.contacts import services as contact_services
from loket.platform.tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    PartyFactory,
    UserFactory,
)
from loket.portal.identity import SESSION_KEY


@dataclasses.dataclass
class OverviewWorld:
    cases: World
    gemeente: object
    anna: object  # resident A
    bert: object  # resident B
    child: object  # Anna's child (Anna represents her)
    kcc: object
    agent: object

    def case(self, initiator=None, **kwargs):
        return self.cases.create_case(initiator=initiator or self.anna, **kwargs)


def log_in(client, party, *, acting_for=None, assurance="substantial"):
    """A resident session as the log-in views leave it."""
    session = client.session
    now = int(time.time())
    session[SESSION_KEY] = {"party": party.pk, "acting_for": (acting_for or party).pk, "assurance": assurance,
                            "provider": "test", "since": now, "seen": now}
    session.save()


def build_overview_world() -> OverviewWorld:
    world = build_world()
    gemeente = world.gemeente
    # The case type tells the resident about its first and last status (ZGW "informeren").
    world.statuses[0].informeren = True
    world.statuses[0].save(update_fields=["informeren"])
    world.statuses[2].informeren = True
    world.statuses[2].save(update_fields=["informeren"])
    kcc = DepartmentFactory(organisation=gemeente, name="Klantcontactcentrum", slug="kcc-portal")
    agent = UserFactory(organisation=gemeente, first_name="Karel", last_name="Cee")
    MembershipFactory(user=agent, department=kcc, role="kcc")
    anna = PartyFactory(organisation=gemeente, first_name="Anna", last_name="Peeters", national_number="85.07.30-033.28")
    contact_services.add_digital_address(party=anna, kind="email", value="anna@example.org", is_default=True, verified=True)
    bert = PartyFactory(organisation=gemeente, first_name="Bert", last_name="Claes")
    contact_services.add_digital_address(party=bert, kind="email", value="bert@example.org", is_default=True)
    child = PartyFactory(organisation=gemeente, first_name="Lotte", last_name="Peeters")
    contact_services.add_representation(representative=anna, represented=child, reason="familie")
    return OverviewWorld(cases=world, gemeente=gemeente, anna=anna, bert=bert, child=child, kcc=kcc, agent=agent)


@pytest.fixture
def overview_world(db, settings, tmp_path) -> OverviewWorld:
    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages
    settings.LOKET_SMS_BACKEND = "loket.portal.channels.FileSmsBackend"
    settings.LOKET_SMS_FILE = str(tmp_path / "sms.log")
    return build_overview_world()
