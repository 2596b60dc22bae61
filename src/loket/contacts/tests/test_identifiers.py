"""National identifiers: checked, masked, encrypted at rest and found again through a blind index."""

import base64

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from loket.contacts import identifiers, selectors
from loket.contacts.models import Party, PartyKind
from loket.platform.tests.factories import OrganisationFactory, PartyFactory

# Made-up numbers that pass their checks.
BORN_1985 = "85073003328"           # 85.07.30-033.28
BORN_2001 = "01020300467"           # 01.02.03-004.67: check computed over "2" + first 9 digits
VALID_BSN = "999990019"             # the test BSN of the Dutch government
VALID_KBO = "0207450039"


@pytest.mark.parametrize("number", [BORN_1985, "85.07.30-033.28", " 85 07 30 033 28 ", BORN_2001, "01.02.03-004.67"])
def test_valid_rijksregisternummer(number):
    assert identifiers.is_valid_rijksregisternummer(number)


@pytest.mark.parametrize("number", [
    "85073003329",   # wrong check digits
    "01020300468",   # wrong check digits, born in 2001
    "8507300332",    # too short
    "850730033280",  # too long
    "",
    "abcdefghijk",
])
def test_invalid_rijksregisternummer(number):
    assert not identifiers.is_valid_rijksregisternummer(number)


def test_born_from_2000_the_check_includes_a_leading_2():
    base = BORN_2001[:9]
    check_for_2001 = 97 - int("2" + base) % 97
    check_for_1901 = 97 - int(base) % 97
    assert check_for_2001 != check_for_1901
    assert identifiers.is_valid_rijksregisternummer(f"{base}{check_for_2001:02d}")
    assert identifiers.is_valid_rijksregisternummer(f"{base}{check_for_1901:02d}")  # someone born in 1901


@pytest.mark.parametrize(("number", "valid"), [
    (VALID_BSN, True),
    ("9999.90.019", True),
    ("111222333", True),
    ("123456789", False),
    ("999990018", False),
    ("000000000", False),
    ("99999001", False),
    ("", False),
])
def test_bsn_elfproef(number, valid):
    assert identifiers.is_valid_bsn(number) is valid


@pytest.mark.parametrize(("number", "valid"), [
    (VALID_KBO, True),
    ("0207.450.039", True),
    ("BE 0207.450.039", True),
    ("207450039", True),       # old notation without the leading 0
    ("0207.450.012", False),
    ("020745003", False),
    ("", False),
])
def test_kbo_97_check(number, valid):
    assert identifiers.is_valid_kbo(number) is valid


@pytest.mark.parametrize("number", [BORN_1985, "85.07.30-033.28"])
def test_mask_shows_only_the_last_three_digits(number):
    masked = identifiers.mask(number)
    assert masked == "••••••••328"
    assert sum(character.isdigit() for character in masked) == 3


def test_mask_of_nothing_is_nothing():
    assert identifiers.mask("") == ""


def test_encryption_round_trip_hides_the_number():
    token = identifiers.encrypt(BORN_1985)
    assert BORN_1985 not in token
    assert identifiers.decrypt(token) == BORN_1985
    assert identifiers.encrypt(BORN_1985) != token  # no two ciphertexts alike
    assert identifiers.encrypt("") == identifiers.decrypt("") == ""


def test_separate_encryption_key_survives_a_new_secret_key(settings):
    settings.LOKET_FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    token = identifiers.encrypt(BORN_1985)
    index = identifiers.blind_index(BORN_1985)

    settings.SECRET_KEY = "a-rotated-secret-key-" + "r" * 40

    assert identifiers.decrypt(token) == BORN_1985
    assert identifiers.blind_index(BORN_1985) == index


def test_numbers_cannot_be_read_with_another_key(settings):
    token = identifiers.encrypt(BORN_1985)
    settings.LOKET_FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(identifiers.UnreadableIdentifier):
        identifiers.decrypt(token)


def test_blind_index_matches_formatted_and_plain_input():
    index = identifiers.blind_index(BORN_1985)
    assert identifiers.blind_index("85.07.30-033.28") == index
    assert identifiers.blind_index(" 85 07 30 033 28") == index
    assert identifiers.blind_index(BORN_2001) != index
    assert BORN_1985 not in index
    assert len(index) == 64
    assert identifiers.blind_index("") == identifiers.blind_index("--") == ""


@pytest.mark.django_db
def test_party_stores_the_national_number_only_encrypted():
    party = PartyFactory(first_name="Marie", last_name="Peeters")
    party.set_national_number("85.07.30-033.28")
    party.save()

    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(p)::text FROM contacts_party p WHERE id = %s", [party.pk])
        raw_row = cursor.fetchone()[0]
    assert BORN_1985 not in raw_row
    assert "85.07.30-033.28" not in raw_row
    assert BORN_1985[:6] + BORN_1985[6:9] not in raw_row

    stored = Party.objects.get(pk=party.pk)
    assert stored.reveal_national_number() == BORN_1985
    assert stored.masked_national_number() == "••••••••328"
    assert stored.audit_display() == "Marie Peeters (••••••••328)"
    assert str(stored) == "Marie Peeters"


@pytest.mark.django_db
def test_business_is_named_by_its_company_number():
    business = PartyFactory(kind=PartyKind.BUSINESS, business_name="Bakkerij Peeters", business_number="0207.450.039")
    assert business.display_name == "Bakkerij Peeters"
    assert business.audit_display() == "Bakkerij Peeters (0207.450.039)"


@pytest.mark.django_db
def test_find_a_person_by_national_number_in_any_notation():
    organisation = OrganisationFactory()
    marie = PartyFactory(organisation=organisation, national_number=BORN_1985)
    PartyFactory(organisation=organisation, national_number=BORN_2001)

    assert selectors.party_by_national_number(organisation, "85.07.30-033.28") == marie
    assert selectors.party_by_national_number(organisation, BORN_1985) == marie
    assert selectors.party_by_national_number(organisation, "85073003329") is None
    assert selectors.party_by_national_number(organisation, "") is None


@pytest.mark.django_db
def test_look_up_stays_within_the_organisation():
    PartyFactory(national_number=BORN_1985)
    assert selectors.party_by_national_number(OrganisationFactory(), BORN_1985) is None


@pytest.mark.django_db
def test_a_number_stored_under_another_key_is_shown_as_unreadable_not_an_error(settings):

    party = Party(organisation=OrganisationFactory(), kind="persoon", first_name="An", last_name="Peeters")
    party.set_national_number("85073100372")
    party.save()
    settings.LOKET_FIELD_ENCRYPTION_KEY = base64.urlsafe_b64encode(b"k" * 32).decode()
    with pytest.raises(identifiers.UnreadableIdentifier):
        party.reveal_national_number()
    assert party.masked_national_number() == "[onleesbaar]"
    assert party.audit_display() == "An Peeters ([onleesbaar])"
