"""Load and reset the demo municipality. Deterministic: the same seed gives the same data."""

import logging
import random

from django.db import transaction

from loket.contacts import demo as contacts_demo
from loket.contacts.models import Party, PartyKind
from loket.eforms import demo as eforms_demo
from loket.meldingen import demo as meldingen_demo
from loket.platform.accounts.models import Membership, User
from loket.platform.accounts.services import create_staff_user
from loket.platform.organisations.models import (
    ClosedDay,
    Department,
    Location,
    OpeningHours,
    Organisation,
    Team,
)
from loket.portal import demo as portal_demo

from . import case_types, catalog_loader, people
from .organisation import DEMO_PASSWORD, DEPARTMENTS, LOCATIONS, ORGANISATIONS, STAFF

logger = logging.getLogger(__name__)

DEFAULT_SEED = 2026
DEFAULT_RESIDENTS = 3000
DEFAULT_BUSINESSES = 600
DEFAULT_EXTRA_STAFF = 60
DEMO_SLUGS = [row[0] for row in ORGANISATIONS]


def demo_loaded() -> bool:
    return Organisation.objects.filter(slug=DEMO_SLUGS[0]).exists()


def database_is_empty() -> bool:
    return not Organisation.objects.exists()


@transaction.atomic
def reset_demo() -> None:
    """Remove the demo organisations and everything that belongs to them (audit entries stay)."""
    organisations = Organisation.objects.filter(slug__in=DEMO_SLUGS)
    portal_demo.reset(organisations)
    eforms_demo.reset(organisations)
    meldingen_demo.reset(organisations)
    case_types.reset(organisations)
    contacts_demo.reset(organisations)
    Party.objects.filter(organisation__in=organisations).delete()
    catalog_loader.delete_demo_catalog(organisations)
    User.objects.filter(organisation__in=organisations).delete()
    Location.objects.filter(organisation__in=organisations).delete()
    Department.objects.filter(organisation__in=organisations).delete()
    for organisation in organisations.order_by("-parent_id"):  # children before parents
        organisation.partners.clear()
    organisations.filter(parent__isnull=False).delete()
    organisations.delete()


@transaction.atomic
def load_demo(*, seed: int = DEFAULT_SEED, residents: int = DEFAULT_RESIDENTS,
              businesses: int = DEFAULT_BUSINESSES, extra_staff: int = DEFAULT_EXTRA_STAFF, catalog: bool = True) -> dict:
    """Create the demo municipality; replaces an earlier demo. Returns counts of what was made.

    ``catalog=False`` leaves out the product catalog (the slowest part), for tests of the rest.
    """
    reset_demo()
    organisations = _organisations()
    departments = _departments(organisations)
    _locations(organisations, departments)
    staff_count = _staff(seed, organisations, departments, extra_staff)
    party_count = _parties(seed, organisations["heidebeek"], residents, businesses)
    if catalog:
        catalog_loader.load_demo_catalog()
    case_types.load(organisations, departments, seed=seed)
    meldingen_demo.load(organisations, departments, seed=seed)
    contact_counts = contacts_demo.load(organisations["heidebeek"], seed=seed)
    contact_counts.update(eforms_demo.load(organisations, departments, seed=seed))
    contact_counts.update(portal_demo.load(organisations, departments, seed=seed))
    return {"organisations": len(organisations), "departments": len(departments),
            "locations": len(LOCATIONS), "staff": staff_count, "parties": party_count, **contact_counts}


def _organisations() -> dict[str, Organisation]:
    made: dict[str, Organisation] = {}
    for slug, name, kind, parent, identifier, phone, email, website, colours in ORGANISATIONS:
        made[slug] = Organisation.objects.create(
            slug=slug, name=name, kind=kind, parent=made.get(parent), identifier=identifier, country="BE",
            phone=phone, email=email, website=website,
            primary_colour=colours[0], primary_text_colour=colours[1], accent_colour=colours[2],
        )
    gemeente, ocmw = made["heidebeek"], made["ocmw-heidebeek"]
    partners = [o for slug, o in made.items() if slug not in ("heidebeek", "ocmw-heidebeek")]
    gemeente.partners.add(ocmw, *partners)
    ocmw.partners.add(*partners)
    return made


def _departments(organisations) -> dict[str, Department]:
    made = {}
    for org_slug, rows in DEPARTMENTS.items():
        for slug, name, description, teams in rows:
            organisation = organisations[org_slug]
            department = Department.objects.create(
                organisation=organisation, slug=slug, name=name, description=description,
                email=f"{slug}@{organisation.email.split('@')[1]}", phone=organisation.phone,
            )
            Team.objects.bulk_create(Team(department=department, name=team) for team in teams)
            made[slug] = department
    return made


def _locations(organisations, departments) -> None:
    years = (2026, 2027)
    for name, org_slug, kind, street, number, town, (lat, lon), phone, dept_slugs, hours, accessibility in LOCATIONS:
        location = Location.objects.create(
            organisation=organisations[org_slug], name=name, kind=kind, street=street, house_number=number,
            postal_code="9999" if town == "Heidebeek" else "9998", city=town, latitude=lat, longitude=lon,
            phone=phone, accessibility=accessibility,
        )
        location.departments.set(departments[slug] for slug in dept_slugs)
        OpeningHours.objects.bulk_create(
            OpeningHours(location=location, weekday=d, opens=o, closes=c, by_appointment_only=a) for d, o, c, a in hours
        )
        ClosedDay.objects.bulk_create(
            ClosedDay(location=location, date=day, reason=reason)
            for year in years for day, reason in people.belgian_public_holidays(year)
        )


def _staff(seed, organisations, departments, extra_staff: int) -> int:
    for username, first, last, org_slug, roles, superuser in STAFF:
        organisation = organisations[org_slug]
        user = create_staff_user(
            username=username, email=f"{username}@{organisation.email.split('@')[1]}", first_name=first,
            last_name=last, password=DEMO_PASSWORD, organisation=organisation, is_superuser=superuser,
            is_demo_account=True,
        )
        for dept_slug, role, team_name in roles:
            department = departments[dept_slug]
            team = department.teams.filter(name=team_name).first() if team_name else None
            Membership.objects.create(user=user, department=department, role=role, team=team)
    # Colleagues: no usable password (they would log in through OIDC in a real installation).
    rng = random.Random(seed + 3)
    gemeente_departments = [d for d in departments.values() if d.organisation.slug in ("heidebeek", "ocmw-heidebeek")]
    roles = ["behandelaar", "behandelaar", "frontoffice", "kcc", "maatschappelijk_werker"]
    for row in people.staff(seed, extra_staff):
        department = rng.choice(gemeente_departments)
        role = "kcc" if department.slug == "klantcontact" else (
            "maatschappelijk_werker" if department.slug == "sociaal-huis" else rng.choice(roles[:3]))
        create_staff_user(
            username=row["username"], email=f"{row['username']}@{department.organisation.email.split('@')[1]}",
            first_name=row["first_name"], last_name=row["last_name"], password=None,
            organisation=department.organisation, roles=[(department, role)],
        )
    return len(STAFF) + extra_staff


def _parties(seed, organisation, residents: int, businesses: int) -> int:
    batch = []
    for row in people.residents(seed, residents):
        number = row.pop("national_number")
        party = Party(organisation=organisation, kind=PartyKind.PERSON, **row)
        party.set_national_number(number)
        batch.append(party)
    for row in people.businesses(seed, businesses):
        batch.append(Party(organisation=organisation, kind=PartyKind.BUSINESS, **row))
    Party.objects.bulk_create(batch, batch_size=1000)
    return len(batch)


def demo_logins() -> list[dict]:
    """The named demo accounts, for the start-up banner."""
    users = {u.username: u for u in User.objects.filter(is_demo_account=True).prefetch_related("memberships__department")}
    rows = []
    for username, *_ in STAFF:
        user = users.get(username)
        if user is None:
            continue
        roles = ", ".join(f"{m.get_role_display()} {m.department.name}" for m in user.memberships.all())
        rows.append({"username": username, "name": user.get_full_name(), "roles": roles})
    return rows


__all__ = ["DEMO_PASSWORD", "demo_loaded", "demo_logins", "load_demo", "reset_demo", "database_is_empty"]
