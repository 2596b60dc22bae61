"""Factories for the platform's records, for every app's tests."""

import datetime
from decimal import Decimal

import factory
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.contacts.models import Party, PartyKind
from loket.platform.accounts.models import Membership, User
from loket.platform.organisations.models import (
    Department,
    Location,
    LocationKind,
    OpeningHours,
    Organisation,
    OrganisationKind,
)

PASSWORD = "Correct-Horse-Battery-9"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Gemeente Testdorp {n}")
    slug = factory.Sequence(lambda n: f"testdorp-{n}")
    kind = OrganisationKind.GEMEENTE


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Afdeling {n}")
    slug = factory.Sequence(lambda n: f"afdeling-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@testdorp.example")
    first_name = "Jan"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    role = "behandelaar"


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator-app"
    confirmed = True


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Gemeentehuis {n}")
    kind = LocationKind.TOWN_HALL
    street = "Markt"
    house_number = "1"
    postal_code = "9999"
    city = "Testdorp"
    latitude = Decimal("51.080000")
    longitude = Decimal("4.620000")
    phone = "+32 3 444 10 00"


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    location = factory.SubFactory(LocationFactory)
    weekday = 0
    opens = datetime.time(8, 30)
    closes = datetime.time(12, 0)


class PartyFactory(factory.django.DjangoModelFactory):
    """A resident. Pass ``national_number="..."`` to store one (encrypted, as the app does)."""

    class Meta:
        model = Party
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    kind = PartyKind.PERSON
    first_name = "Marie"
    last_name = factory.Sequence(lambda n: f"Inwoner{n}")
    street = "Kerkstraat"
    house_number = "12"
    postal_code = "9999"
    city = "Testdorp"

    @factory.post_generation
    def national_number(obj, create, extracted, **kwargs):
        if extracted:
            obj.set_national_number(extracted)
            if create:
                obj.save()


def totp_code(device: TOTPDevice, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now (or ``offset_steps`` periods later) for ``device``."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + offset_steps)
    return f"{code:0{device.digits}d}"


def wrong_totp_code(device: TOTPDevice) -> str:
    """A well-formed code that is not accepted now (outside the device's tolerance window)."""
    accepted = {totp_code(device, offset) for offset in range(-2, 3)}
    return next(code for code in ("000000", "111111", "222222", "333333", "444444", "555555") if code not in accepted)


def staff_member(*, organisation=None, department_name="Burgerzaken", role="frontoffice", with_device=True, **user_fields):
    """A staff member with one role in one department and, by default, a linked authenticator app."""
    organisation = organisation or OrganisationFactory()
    department = DepartmentFactory(organisation=organisation, name=department_name)
    user = UserFactory(organisation=organisation, **user_fields)
    MembershipFactory(user=user, department=department, role=role)
    if with_device:
        TOTPDeviceFactory(user=user)
    return user


def log_in_with_second_factor(client, user) -> None:
    """Put ``client`` in the state the full log-in leaves behind: password and TOTP passed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDeviceFactory(user=user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
