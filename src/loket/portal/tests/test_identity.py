"""Resident log-in through the test identity provider, assurance levels, session time-out, log-out."""

import time

import pytest
from django.urls import reverse

from loket.contacts.models import Party
from loket.platform.tests.factories import OrganisationFactory, PartyFactory
from loket.portal import identity
from loket.portal.identity import SESSION_KEY, current_resident, resident_required
from loket.portal.models import LoginEvent, LoginEventKind, PortalIdentity

from .identity_helpers import (
    callback_url,
    choose_at_test_idp,
    log_in_via_test_idp,
    start_test_login,
)

RRN = "85.07.30-033.28"
BSN = "111222333"


@pytest.fixture
def gemeente(db, settings):
    settings.LOKET_TEST_IDP = True
    settings.LOKET_RESIDENT_OIDC_PROVIDERS = ""
    return OrganisationFactory(name="Gemeente Testdorp", slug="testdorp")


@pytest.fixture
def anna(gemeente):
    return PartyFactory(organisation=gemeente, first_name="Anna", last_name="Peeters", national_number=RRN)


def session_data(client):
    return client.session.get(SESSION_KEY)


def test_log_in_as_a_known_resident_through_the_test_provider(client, anna):
    response = log_in_via_test_idp(client, anna, level="substantial", next_url="/mijn/zaken/")

    assert response.status_code == 302
    assert response["Location"] == "/mijn/zaken/"
    data = session_data(client)
    assert data["party"] == anna.pk and data["acting_for"] == anna.pk
    assert data["assurance"] == "substantial" and data["provider"] == "test"
    event = LoginEvent.objects.get(kind=LoginEventKind.LOGIN)
    assert event.party == anna and event.assurance == "substantial" and not event.party_created
    assert PortalIdentity.objects.get(provider="test").party == anna


def test_the_portal_shows_who_is_logged_in_and_a_log_out_button(client, anna):
    log_in_via_test_idp(client, anna)
    page = client.get(reverse("portal:act_for")).content.decode()
    assert "Ingelogd als <strong>Anna Peeters</strong>" in page
    assert 'action="/mijn/afmelden/"' in page


def test_first_log_in_of_an_unknown_resident_creates_the_party(client, gemeente):
    response = log_in_via_test_idp(client, other={"national_number": BSN, "first_name": "Nieuw",
                                                  "last_name": "Persoon"})

    assert response.status_code == 302
    party = Party.objects.get(organisation=gemeente, last_name="Persoon")
    assert party.first_name == "Nieuw" and party.reveal_national_number() == BSN
    assert session_data(client)["party"] == party.pk
    assert LoginEvent.objects.get(kind=LoginEventKind.LOGIN).party_created
    # The second log-in finds the same party.
    client.post(reverse("portal:logout"))
    log_in_via_test_idp(client, other={"national_number": BSN})
    assert Party.objects.filter(organisation=gemeente, national_number_index=party.national_number_index).count() == 1
    assert session_data(client)["party"] == party.pk


def test_a_resident_without_a_name_in_the_claims_is_created_with_a_placeholder(client, gemeente):
    log_in_via_test_idp(client, other={"national_number": BSN})
    party = Party.objects.get(organisation=gemeente)
    assert party.last_name == "(naam nog onbekend)"


def test_an_invalid_number_at_the_test_provider_keeps_the_input_and_explains(client, gemeente):
    params = start_test_login(client)
    response = choose_at_test_idp(client, params, other={"national_number": "123", "last_name": "Jansen"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Geef een geldig BSN" in page and 'value="Jansen"' in page


def test_cancelling_at_the_provider_shows_a_dutch_page_and_logs_in_no_one(client, anna):
    params = start_test_login(client)
    answer = choose_at_test_idp(client, params, cancel=True)
    response = client.get(answer["Location"])
    assert response.status_code == 200
    assert "U heeft het aanmelden afgebroken" in response.content.decode()
    assert session_data(client) is None
    assert LoginEvent.objects.get().kind == LoginEventKind.REFUSED


def test_a_state_works_once(client, anna):
    params = start_test_login(client)
    answer = choose_at_test_idp(client, params, party=anna)
    assert client.get(answer["Location"]).status_code == 302
    client.post(reverse("portal:logout"))
    replay = client.get(answer["Location"])
    assert replay.status_code == 400
    assert "verlopen of al gebruikt" in replay.content.decode()
    assert session_data(client) is None


def test_an_unknown_state_is_refused(client, anna):
    response = client.get(callback_url("test", state="made-up", code="x"))
    assert response.status_code == 400
    assert session_data(client) is None


def test_a_code_from_another_browser_session_is_refused(client, anna, django_user_model):
    from django.test import Client

    params = start_test_login(client)
    answer = choose_at_test_idp(client, params, party=anna)
    attacker = Client()
    response = attacker.get(answer["Location"])
    assert response.status_code == 400
    assert attacker.session.get(SESSION_KEY) is None


def test_the_test_provider_is_off_unless_enabled(client, anna, settings):
    settings.LOKET_TEST_IDP = False
    assert client.get("/testidp/.well-known/openid-configuration").status_code == 404
    assert client.get("/testidp/authorize/").status_code == 404
    page = client.get(reverse("portal:login")).content.decode()
    assert "Inloggen is op deze website nog niet ingesteld" in page
    assert client.post(reverse("portal:login_start", args=["test"])).status_code == 404


def test_the_test_provider_publishes_discovery_and_keys(client, gemeente):
    meta = client.get("/testidp/.well-known/openid-configuration").json()
    assert meta["issuer"] == "http://testserver/testidp"
    assert meta["code_challenge_methods_supported"] == ["S256"]
    keys = client.get("/testidp/jwks/").json()["keys"]
    assert keys[0]["kty"] == "RSA" and "d" not in keys[0]


def test_the_test_provider_refuses_a_foreign_redirect_uri(client, gemeente):
    params = start_test_login(client)
    params["redirect_uri"] = "https://evil.example/mijn/aanmelden/test/terug/"
    response = client.get(reverse("portal:testidp_authorize"), params)
    assert response.status_code == 400
    assert "redirect_uri" in response.content.decode()


def test_the_token_endpoint_checks_pkce(client, anna):
    from loket.portal import testidp

    params = start_test_login(client)
    answer = choose_at_test_idp(client, params, party=anna)
    code = answer["Location"].split("code=")[1].split("&")[0]
    from urllib.parse import unquote

    response = client.post("/testidp/token/", {
        "grant_type": "authorization_code", "code": unquote(code), "redirect_uri": params["redirect_uri"],
        "code_verifier": "wrong-verifier-" + "x" * 40, "client_id": "loket-test",
        "client_secret": testidp.client_secret(),
    })
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


# -- Assurance levels -------------------------------------------------------------------------------------------


def test_the_log_in_page_asks_for_the_level_and_the_provider_gets_acr_values(client, anna):
    page = client.get(reverse("portal:login") + "?niveau=high&next=/mijn/").content.decode()
    assert "minstens betrouwbaarheidsniveau hoog" in page
    params = start_test_login(client, assurance="high")
    assert params["acr_values"] == "http://eidas.europa.eu/LoA/high"
    assert params["code_challenge_method"] == "S256" and params["nonce"] and params["state"]


def test_a_page_needing_a_higher_level_sends_a_weak_log_in_back_with_an_explanation(client, anna, rf):
    log_in_via_test_idp(client, anna, level="low")

    @resident_required(assurance="high")
    def strong(request):
        from django.http import HttpResponse

        return HttpResponse("ok")

    request = rf.get("/aanvragen/paspoort/")
    request.session = client.session
    response = strong(request)
    assert response.status_code == 302
    assert response["Location"] == "/mijn/aanmelden/?next=%2Faanvragen%2Fpaspoort%2F&niveau=high"
    page = client.get(response["Location"]).content.decode()
    assert "U bent ingelogd met betrouwbaarheidsniveau laag" in page
    assert "Inloggen met Testaanmelding" in page


def test_a_strong_enough_log_in_goes_straight_on(client, anna):
    log_in_via_test_idp(client, anna, level="high")
    response = client.get(reverse("portal:login") + "?niveau=substantial&next=/mijn/zaken/")
    assert response.status_code == 302 and response["Location"] == "/mijn/zaken/"


def test_a_log_in_weaker_than_asked_is_kept_but_warned(client, anna):
    params = start_test_login(client, assurance="high", next_url="/mijn/zaken/")
    answer = choose_at_test_idp(client, params, party=anna, level="low")
    response = client.get(answer["Location"], follow=True)
    assert session_data(client)["assurance"] == "low"
    assert "hiervoor is niveau hoog nodig" in response.content.decode()


def test_an_unsafe_next_is_ignored(client, anna):
    response = log_in_via_test_idp(client, anna, next_url="https://evil.example/")
    assert response["Location"] == "/mijn/"


# -- Session time-out and log-out -------------------------------------------------------------------------------


def test_resident_session_ends_after_fifteen_minutes_without_activity(client, anna, settings):
    log_in_via_test_idp(client, anna)
    session = client.session
    data = session[SESSION_KEY]
    data["seen"] = int(time.time()) - 15 * 60 - 5
    session[SESSION_KEY] = data
    session.save()

    response = client.get(reverse("portal:act_for"))
    assert response.status_code == 302 and response["Location"].startswith("/mijn/aanmelden/")
    assert session_data(client) is None
    page = client.get(response["Location"]).content.decode()
    assert "Voor uw veiligheid bent u afgemeld" in page
    assert "is bewaard" in page
    assert LoginEvent.objects.filter(kind=LoginEventKind.EXPIRED, party=anna).exists()


def test_activity_keeps_the_session_alive(client, anna):
    log_in_via_test_idp(client, anna)
    session = client.session
    data = session[SESSION_KEY]
    data["seen"] = int(time.time()) - 14 * 60
    session[SESSION_KEY] = data
    session.save()
    assert client.get(reverse("portal:act_for")).status_code == 200
    assert session_data(client)["seen"] >= int(time.time()) - 5


def test_the_time_out_leaves_a_staff_log_in_alone(client, anna, django_user_model):
    from loket.platform.tests.factories import UserFactory

    user = UserFactory(organisation=anna.organisation)
    client.force_login(user)
    log_in_via_test_idp(client, anna)
    session = client.session
    data = session[SESSION_KEY]
    data["seen"] = int(time.time()) - 3600
    session[SESSION_KEY] = data
    session.save()
    client.get("/")
    assert session_data(client) is None
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_log_out(client, anna):
    log_in_via_test_idp(client, anna)
    response = client.post(reverse("portal:logout"), follow=True)
    assert "U bent afgemeld." in response.content.decode()
    assert session_data(client) is None
    assert LoginEvent.objects.filter(kind=LoginEventKind.LOGOUT, party=anna).exists()


def test_log_in_cycles_the_session_key(client, anna):
    client.get(reverse("portal:login"))
    start_test_login(client)
    before = client.session.session_key
    log_in_via_test_idp(client, anna)
    assert client.session.session_key != before


def test_current_resident_is_none_for_a_deactivated_party(client, anna, rf):
    log_in_via_test_idp(client, anna)
    Party.objects.filter(pk=anna.pk).update(is_active=False)
    request = rf.get("/")
    request.session = client.session
    assert current_resident(request) is None
    assert identity.satisfies("high", "substantial") and not identity.satisfies("low", "substantial")
