"""The demo municipality Heidebeek: complete, realistic, deterministic and safe to reload."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from loket.contacts.identifiers import is_valid_kbo, is_valid_rijksregisternummer
from loket.contacts.models import Party, PartyKind
from loket.demo import services
from loket.demo.organisation import DEMO_PASSWORD
from loket.demo.people import belgian_public_holidays
from loket.platform.accounts.models import Membership, Role, User
from loket.platform.audit import services as audit
from loket.platform.audit.models import AuditAction, AuditEntry
from loket.platform.organisations.models import (
    ClosedDay,
    Department,
    Location,
    OpeningHours,
    Organisation,
    OrganisationKind,
)
from loket.platform.tests.factories import OrganisationFactory, UserFactory

SMALL = {"residents": 200, "businesses": 30, "extra_staff": 5, "catalog": False}
# RFC 2606 / RFC 6761: never delivered to anyone.
RESERVED_EMAIL = re.compile(r"@([a-z0-9-]+\.)*(example|example\.(com|org|net))$")

pytestmark = pytest.mark.django_db


def load(seed=7):
    return services.load_demo(seed=seed, **SMALL)


def snapshot():
    """What a user would see of the generated people: names, numbers, addresses, e-mail addresses."""
    people = Party.objects.filter(kind=PartyKind.PERSON).order_by("last_name", "first_name", "email", "street")
    businesses = Party.objects.filter(kind=PartyKind.BUSINESS).order_by("business_name", "business_number")
    colleagues = User.objects.filter(is_demo_account=False).order_by("username")
    return (
        [(p.first_name, p.last_name, p.reveal_national_number(), p.date_of_birth, p.street, p.email) for p in people],
        [(b.business_name, b.business_number, b.street) for b in businesses],
        [(u.username, u.get_full_name(), [m.role for m in u.memberships.all()]) for u in colleagues],
    )


@pytest.fixture
def demo():
    counts = load()
    return counts


def test_counts_match_what_was_asked(demo):
    assert demo["parties"] == 230
    assert Party.objects.filter(kind=PartyKind.PERSON).count() == 200
    assert Party.objects.filter(kind=PartyKind.BUSINESS).count() == 30
    assert User.objects.filter(is_demo_account=True).count() + 5 == User.objects.count() == demo["staff"]


def test_same_seed_gives_the_same_demo_and_another_seed_another():
    load(seed=7)
    first = snapshot()
    load(seed=7)
    assert snapshot() == first
    load(seed=8)
    other = snapshot()
    assert other[0] != first[0]
    assert {row[2] for row in other[0]} != {row[2] for row in first[0]}
    assert other[1] != first[1]


def test_gemeente_with_ocmw_and_partners(demo):
    gemeente = Organisation.objects.get(slug="heidebeek")
    assert gemeente.kind == OrganisationKind.GEMEENTE
    ocmw = gemeente.children.get()
    assert ocmw.kind == OrganisationKind.OCMW
    partners = gemeente.partners.exclude(pk=ocmw.pk)
    assert partners.count() >= 4
    assert {p.kind for p in partners} >= {"caw", "politiezone", "afvalintercommunale", "woonmaatschappij"}
    assert ocmw in gemeente.partners.all()


def test_departments_of_the_gemeente_and_the_social_house(demo):
    gemeente = Organisation.objects.get(slug="heidebeek")
    names = {name.lower() for name in Department.objects.filter(organisation=gemeente).values_list("name", flat=True)}
    assert len(names) >= 6
    for expected in ("burgerzaken", "omgeving", "openbare ruimte", "financiën", "vrije tijd"):
        assert expected in names
    assert Department.objects.filter(organisation__kind=OrganisationKind.OCMW, name="Sociaal Huis").exists()
    assert Department.objects.get(slug="burgerzaken").teams.exists()


def test_locations_have_opening_hours_and_closed_on_public_holidays(demo):
    locations = Location.objects.filter(organisation__slug__in=services.DEMO_SLUGS)
    assert locations.count() == demo["locations"] >= 5
    town_hall = Location.objects.get(name="Gemeentehuis Heidebeek")
    assert town_hall.departments.filter(slug="burgerzaken").exists()
    for location in locations:
        assert location.opening_hours.exists(), location
        closed = {day.date: day.reason for day in location.closed_days.all()}
        for day, reason in belgian_public_holidays(2026):
            assert closed[day] == reason
    assert ClosedDay.objects.filter(location=town_hall, date=datetime.date(2026, 7, 21)).exists()
    assert ClosedDay.objects.filter(location=town_hall, date=datetime.date(2026, 4, 6), reason="Paasmaandag").exists()
    assert not town_hall.is_open_at(datetime.datetime(2026, 12, 25, 10, 0, tzinfo=datetime.UTC))
    assert town_hall.is_open_at(datetime.datetime(2026, 12, 21, 9, 0, tzinfo=datetime.UTC))  # Monday 10:00 in Brussels


def test_belgian_public_holidays_follow_easter():
    holidays = {name: day for day, name in belgian_public_holidays(2027)}
    assert holidays["Paasmaandag"] == datetime.date(2027, 3, 29)
    assert holidays["Onze-Lieve-Heer-Hemelvaart"] == datetime.date(2027, 5, 6)
    assert holidays["Pinkstermaandag"] == datetime.date(2027, 5, 17)
    assert len(holidays) == 11


def test_demo_staff_for_every_role(demo):
    roles = set(Membership.objects.filter(user__is_demo_account=True).values_list("role", flat=True))
    assert roles == set(Role.values)
    for user in User.objects.filter(is_demo_account=True):
        assert user.check_password(DEMO_PASSWORD)
    administrator = User.objects.get(username="beheerder")
    assert administrator.is_superuser and administrator.is_staff
    assert not User.objects.filter(is_demo_account=False, is_superuser=True).exists()


def test_extra_colleagues_cannot_log_in_with_a_password(demo):
    colleagues = User.objects.filter(is_demo_account=False)
    assert colleagues.count() == 5
    assert not any(user.has_usable_password() for user in colleagues)


def test_every_national_number_passes_the_check(demo):
    people = Party.objects.filter(kind=PartyKind.PERSON)
    numbers = [party.reveal_national_number() for party in people]
    assert len(numbers) == 200
    assert all(is_valid_rijksregisternummer(number) for number in numbers)
    assert len(set(numbers)) == len(numbers)
    for party in people:
        number = party.reveal_national_number()
        assert number[:6] == party.date_of_birth.strftime("%y%m%d")


def test_every_business_number_passes_the_check(demo):
    numbers = Party.objects.filter(kind=PartyKind.BUSINESS).values_list("business_number", flat=True)
    assert all(is_valid_kbo(number) for number in numbers)


def test_every_demo_organisation_has_a_valid_enterprise_number(demo):
    numbers = Organisation.objects.filter(slug__in=services.DEMO_SLUGS).values_list("identifier", flat=True)
    assert numbers and all(is_valid_kbo(number) for number in numbers)


def test_loading_twice_replaces_the_demo():
    load()
    counts = {model: model.objects.count() for model in (Organisation, Department, Location, OpeningHours,
                                                          ClosedDay, User, Membership, Party)}
    load()
    assert {model: model.objects.count() for model in counts} == counts


def test_reload_keeps_other_data():
    own = OrganisationFactory(name="Gemeente Elders")
    own_user = UserFactory(organisation=own)
    load()
    load()
    assert Organisation.objects.filter(pk=own.pk).exists()
    assert User.objects.filter(pk=own_user.pk).exists()


def test_reload_keeps_the_access_log_of_the_previous_demo():
    load()
    resident = Party.objects.filter(kind=PartyKind.PERSON).first()
    clerk = User.objects.get(username="balie.tom")
    entry = audit.record(actor=clerk, action=AuditAction.VIEW, subject=resident, reason="Aanvraag identiteitskaart")

    load()

    kept = AuditEntry.objects.get(pk=entry.pk)
    assert kept.actor_display == "Tom Janssens"
    assert kept.reason == "Aanvraag identiteitskaart"


def test_email_addresses_are_only_on_reserved_domains(demo):
    addresses = [
        *Party.objects.exclude(email="").values_list("email", flat=True),
        *User.objects.values_list("email", flat=True),
        *Organisation.objects.exclude(email="").values_list("email", flat=True),
        *Department.objects.exclude(email="").values_list("email", flat=True),
    ]
    assert len(addresses) > 200
    assert [address for address in addresses if not RESERVED_EMAIL.search(address)] == []


def test_demo_command_loads_and_reports(capsys):
    call_command("demo", "--seed", "3", "--residents", "20", "--businesses", "5", "--extra-staff", "2")
    out = capsys.readouterr().out
    assert "Demo municipality Heidebeek loaded" in out
    assert "25 parties" in out
    assert services.demo_loaded()
    with translation.override("nl"):
        logins = services.demo_logins()
    assert logins[0]["username"] == "beheerder"
    assert "Functioneel beheerder" in logins[0]["roles"]
