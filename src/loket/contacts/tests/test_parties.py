"""Parties: checked identifiers, normalised addresses, duplicates refused or flagged, merging keeps all history."""

import datetime

import pytest

from loket.contacts import selectors, services
from loket.contacts.exceptions import DuplicateParty, InvalidState, ValidationFailed
from loket.contacts.models import (
    DigitalAddress,
    MergeCandidateStatus,
    MergeReason,
    Party,
    PartyKind,
    PartyMergeCandidate,
)
from loket.platform.audit.models import AuditEntry
from loket.platform.tests.factories import OrganisationFactory


def person(world, **fields):
    options = {"organisation": world.gemeente, "kind": PartyKind.PERSON, "first_name": "Jan", "last_name": "Peeters"}
    options.update(fields)
    return services.create_party(**options)


def test_a_rijksregisternummer_with_a_wrong_check_number_is_refused_with_a_clear_message(contacts_world):
    with pytest.raises(ValidationFailed) as error:
        person(contacts_world, national_number="85.07.30-033.29")
    assert error.value.field == "national_number"
    assert "controlegetal" in str(error.value)


def test_a_bsn_failing_the_elfproef_is_refused(contacts_world):
    with pytest.raises(ValidationFailed, match="elfproef"):
        person(contacts_world, national_number="123456789")


def test_a_valid_bsn_is_stored_encrypted_and_typed(contacts_world):
    party = person(contacts_world, national_number="999990019")
    assert party.national_number_type == "bsn"
    assert "999990019" not in party.national_number_encrypted
    assert party.masked_national_number().endswith("019")


def test_the_same_national_number_in_another_format_is_refused_as_duplicate(contacts_world):
    with pytest.raises(DuplicateParty) as error:
        person(contacts_world, national_number="90020100130")
    assert error.value.existing == contacts_world.marie
    assert Party.objects.filter(organisation=contacts_world.gemeente, last_name="Peeters").count() == 0


def test_the_same_national_number_is_fine_in_another_organisation(contacts_world):
    other = OrganisationFactory()
    party = services.create_party(organisation=other, kind=PartyKind.PERSON, last_name="Vandenbroucke",
                                  national_number="90020100130")
    assert party.pk


@pytest.mark.parametrize("written", ["0470 12 34 56", "+32 470/12.34.56", "0032470123456", "+32 (0)470 123456"])
def test_phone_numbers_in_any_format_are_stored_in_e164(contacts_world, written):
    party = person(contacts_world, phone=written)
    assert party.phone == "+32470123456"
    assert DigitalAddress.objects.get(party=party, kind="telefoonnummer").normalised_value == "+32470123456"


def test_a_dutch_mobile_number_is_understood_in_a_dutch_organisation(db):
    organisation = OrganisationFactory(country="NL")
    party = services.create_party(organisation=organisation, kind=PartyKind.PERSON, last_name="de Vries", phone="06-12345678")
    assert party.phone == "+31612345678"


def test_an_impossible_phone_number_is_refused(contacts_world):
    with pytest.raises(ValidationFailed) as error:
        person(contacts_world, phone="12345")
    assert error.value.field == "phone"


def test_a_kbo_number_with_a_wrong_check_is_refused_and_a_kvk_number_accepted(contacts_world):
    with pytest.raises(ValidationFailed) as error:
        services.create_party(organisation=contacts_world.gemeente, kind=PartyKind.BUSINESS, business_name="Bakkerij",
                              business_number="0207.450.038")
    assert error.value.field == "business_number"
    business = services.create_party(organisation=contacts_world.gemeente, kind=PartyKind.BUSINESS, business_name="Bakker BV",
                                     business_number="6943 8219")
    assert (business.business_number, business.business_number_type) == ("69438219", "kvk")


def test_the_same_business_number_is_refused(contacts_world):
    services.create_party(organisation=contacts_world.gemeente, kind=PartyKind.BUSINESS, business_name="Bakkerij",
                          business_number="0207.450.039")
    with pytest.raises(DuplicateParty):
        services.create_party(organisation=contacts_world.gemeente, kind=PartyKind.BUSINESS, business_name="Bakkerij 2",
                              business_number="BE 0207450039")


def test_same_name_and_birth_date_is_flagged_for_merging_not_refused(contacts_world):
    born = datetime.date(1970, 5, 1)
    first = person(contacts_world, date_of_birth=born)
    second = person(contacts_world, first_name="JAN", date_of_birth=born)
    candidate = PartyMergeCandidate.objects.get()
    assert {candidate.party_id, candidate.other_id} == {first.pk, second.pk}
    assert candidate.reason == MergeReason.NAME_AND_BIRTH_DATE


def test_same_email_or_phone_in_another_spelling_is_flagged(contacts_world):
    other = person(contacts_world, email="marie.v@EXAMPLE.org", phone="+32470123456")
    reasons = set(PartyMergeCandidate.objects.filter(other=other).values_list("reason", flat=True))
    assert reasons == {MergeReason.EMAIL, MergeReason.PHONE}
    assert [c.other for c in selectors.merge_candidates(contacts_world.gemeente)] == [other, other]


def test_merging_moves_contacts_cases_and_tasks_to_the_survivor_and_keeps_history(contacts_world):
    world = contacts_world
    duplicate = person(world, first_name="Marie", last_name="Vandenbroucke", email="marie.v@example.org")
    contact = world.contact(party=duplicate)
    task = services.hand_over(contact=contact, actor=world.agent, department=world.cases.roads)
    zaak = world.cases.create_case(initiator=duplicate)
    history = services.merge_parties(survivor=world.marie, merged=duplicate, actor=world.agent, reason="Zelfde persoon")
    contact.refresh_from_db()
    task.refresh_from_db()
    zaak.refresh_from_db()
    duplicate.refresh_from_db()
    assert contact.party == world.marie and task.party == world.marie
    assert zaak.initiator_party == world.marie
    assert zaak.rollen.get().party == world.marie
    assert not duplicate.is_active and duplicate.merged_into == world.marie
    assert history.snapshot["display_name"] == "Marie Vandenbroucke"
    assert history.moved["contacts.contactmoment.party"] == 1
    assert PartyMergeCandidate.objects.get(other=duplicate).status == MergeCandidateStatus.MERGED
    assert AuditEntry.objects.filter(subject_id=str(duplicate.pk), fields=["samenvoeging"]).exists()
    found = selectors.search_parties(world.gemeente, "vandenbroucke", user=world.agent)
    assert found == [world.marie]
    with pytest.raises(InvalidState):
        world.contact(party=duplicate)


def test_two_people_with_different_national_numbers_cannot_be_merged(contacts_world):
    other = person(contacts_world, national_number="01.02.03-004.67")
    with pytest.raises(ValidationFailed, match="verschillende"):
        services.merge_parties(survivor=contacts_world.marie, merged=other, actor=contacts_world.agent, reason="test")


def test_representation_needs_a_valid_period_and_shows_in_the_party_view(contacts_world):
    son = person(contacts_world)
    with pytest.raises(ValidationFailed):
        services.add_representation(representative=son, represented=contacts_world.marie, reason="familie",
                                    valid_from=datetime.date(2025, 1, 1), valid_until=datetime.date(2024, 1, 1))
    services.add_representation(representative=son, represented=contacts_world.marie, reason="familie",
                                actor=contacts_world.agent)
    view = selectors.party_view(contacts_world.marie, user=contacts_world.agent, reason="Telefoon van de zoon")
    assert [r.representative for r in view.representatives] == [son]
    assert AuditEntry.objects.filter(subject_id=str(contacts_world.marie.pk), reason="Telefoon van de zoon").exists()


def test_revealing_the_national_number_is_audited_with_the_reason(contacts_world):
    number = services.reveal_national_number(party=contacts_world.marie, user=contacts_world.agent, reason="Identiteit nagaan")
    assert number == "90020100130"
    entry = AuditEntry.objects.get(reason="Identiteit nagaan")
    assert entry.fields == ["rijksregisternummer"] and "001.30" not in entry.subject_display


