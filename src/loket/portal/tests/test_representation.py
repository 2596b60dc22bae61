"""Acting for someone else after log-in: a child, a mandate, a business; refused when not (or no longer) valid."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from loket.contacts import services as contacts
from loket.contacts.models import PartyKind
from loket.platform.tests.factories import OrganisationFactory, PartyFactory
from loket.portal.identity import SESSION_KEY
from loket.portal.models import LoginEvent, LoginEventKind

from .identity_helpers import log_in_via_test_idp

TODAY = timezone.localdate()


@pytest.fixture
def world(db, settings):
    settings.LOKET_TEST_IDP = True
    settings.LOKET_RESIDENT_OIDC_PROVIDERS = ""
    gemeente = OrganisationFactory(slug="testdorp")
    anna = PartyFactory(organisation=gemeente, first_name="Anna", last_name="Peeters", national_number="85073003328")
    child = PartyFactory(organisation=gemeente, first_name="Lotte", last_name="Peeters")
    bert = PartyFactory(organisation=gemeente, first_name="Bert", last_name="Claes")
    contacts.add_representation(representative=anna, represented=child, reason="familie",
                                valid_from=TODAY - datetime.timedelta(days=30))
    return gemeente, anna, child, bert


def acting_for(client):
    return client.session[SESSION_KEY]["acting_for"]


def test_a_parent_chooses_to_act_for_her_child(client, world):
    _gemeente, anna, child, _bert = world
    log_in_via_test_idp(client, anna)
    page = client.get(reverse("portal:act_for")).content.decode()
    assert "Namens Lotte Peeters" in page and "Familielid" in page

    response = client.post(reverse("portal:act_for"), {"party": str(child.uuid)}, follow=True)

    assert acting_for(client) == child.pk
    page = response.content.decode()
    assert "U handelt nu namens Lotte Peeters." in page
    assert "Namens <strong>Lotte Peeters</strong>" in page  # on every portal page, in the identity bar
    event = LoginEvent.objects.get(kind=LoginEventKind.ACT_FOR)
    assert event.party == anna and event.acting_for == child

    client.post(reverse("portal:act_for"), {"party": str(anna.uuid)})
    assert acting_for(client) == anna.pk


def test_acting_for_a_stranger_is_refused(client, world):
    _gemeente, anna, _child, bert = world
    log_in_via_test_idp(client, anna)
    response = client.post(reverse("portal:act_for"), {"party": str(bert.uuid)})
    assert response.status_code == 400
    assert "U kunt niet namens deze persoon of onderneming handelen." in response.content.decode()
    assert acting_for(client) == anna.pk
    response = client.post(reverse("portal:act_for"), {"party": "not-a-uuid"})
    assert response.status_code == 400


@pytest.mark.parametrize(("valid_from", "valid_until"), [
    (TODAY - datetime.timedelta(days=60), TODAY - datetime.timedelta(days=1)),
    (TODAY + datetime.timedelta(days=1), None),
], ids=["ended", "not-yet-started"])
def test_a_representation_outside_its_period_is_refused(client, world, valid_from, valid_until):
    _gemeente, anna, _child, bert = world
    contacts.add_representation(representative=anna, represented=bert, reason="volmacht", valid_from=valid_from,
                                valid_until=valid_until)
    log_in_via_test_idp(client, anna)
    assert "Bert Claes" not in client.get(reverse("portal:act_for")).content.decode()
    assert client.post(reverse("portal:act_for"), {"party": str(bert.uuid)}).status_code == 400
    assert acting_for(client) == anna.pk


def test_a_representation_ended_during_the_session_falls_back_to_own_affairs(client, world):
    _gemeente, anna, child, _bert = world
    log_in_via_test_idp(client, anna)
    client.post(reverse("portal:act_for"), {"party": str(child.uuid)})
    representation = anna.represents.get()
    contacts.end_representation(representation=representation, valid_until=TODAY - datetime.timedelta(days=1))

    response = client.get(reverse("portal:act_for"))

    assert acting_for(client) == anna.pk
    assert "die vertegenwoordiging is beëindigd" in response.content.decode()


def test_a_contact_person_acts_for_the_business(client, world):
    gemeente, anna, _child, _bert = world
    business = PartyFactory(organisation=gemeente, kind=PartyKind.BUSINESS, business_name="Bakkerij Peeters",
                            first_name="", last_name="")
    contacts.add_representation(representative=anna, represented=business, reason="contactpersoon")
    log_in_via_test_idp(client, anna)
    client.post(reverse("portal:act_for"), {"party": str(business.uuid)})
    assert acting_for(client) == business.pk


def test_a_mandate_giver_of_another_organisation_is_not_offered(client, world):
    _gemeente, anna, _child, _bert = world
    other = PartyFactory(organisation=OrganisationFactory(slug="elders"), first_name="Elders")
    log_in_via_test_idp(client, anna)
    assert client.post(reverse("portal:act_for"), {"party": str(other.uuid)}).status_code == 400


def test_a_business_log_in_cannot_switch(client, world):
    gemeente, anna, child, _bert = world
    business = PartyFactory(organisation=gemeente, kind=PartyKind.BUSINESS, business_name="Brouwerij Hop",
                            first_name="", last_name="")
    business.business_number = "0203201340"
    business.save()
    contacts.add_representation(representative=anna, represented=business, reason="contactpersoon")
    response = log_in_via_test_idp(client, business)
    assert response.status_code == 302
    data = client.session[SESSION_KEY]
    assert data["party"] == business.pk and data["acting_person"] == "Anna Peeters"
    page = client.get(reverse("portal:act_for")).content.decode()
    assert "U bent ingelogd voor Brouwerij Hop" in page
    assert client.post(reverse("portal:act_for"), {"party": str(child.uuid)}).status_code == 400
    assert acting_for(client) == business.pk
