"""The log-in against an external OpenID Connect provider over real HTTP (a fake provider on a server thread):
discovery, PKCE, state, nonce, expiry, audience, signature, claims, and the DigiD / eHerkenning / ACM-IDM presets."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from loket.contacts.models import Party, PartyKind
from loket.platform.tests.factories import OrganisationFactory, PartyFactory
from loket.portal import oidc, providers
from loket.portal.identity import SESSION_KEY
from loket.portal.models import LoginEvent, LoginEventKind

from .fake_provider import CLIENT_ID, CLIENT_SECRET, FakeProvider

BSN = "111222333"
DIGID = "urn:oasis:names:tc:SAML:2.0:ac:classes:"


@pytest.fixture
def fake():
    oidc.clear_caches()
    with FakeProvider() as provider:
        yield provider
    oidc.clear_caches()


def configure(settings, fake, **extra):
    config = [{"id": "digid", "label": "DigiD", "issuer": fake.url, "client_id": CLIENT_ID,
               "client_secret": CLIENT_SECRET, "preset": "digid", **extra}]
    settings.LOKET_RESIDENT_OIDC_PROVIDERS = json.dumps(config)
    settings.LOKET_TEST_IDP = False


@pytest.fixture
def gemeente(db, settings, fake):
    configure(settings, fake)
    return OrganisationFactory(name="Gemeente Grensdorp", slug="grensdorp", country="NL")


def start(client, provider_id="digid", assurance=""):
    response = client.post(reverse("portal:login_start", args=[provider_id]),
                           {"next": "/mijn/zaken/", **({"niveau": assurance} if assurance else {})})
    assert response.status_code == 302, response.content[:400]
    parts = urlsplit(response["Location"])
    return parts, {k: v[0] for k, v in parse_qs(parts.query).items()}


def back(client, params, code="", **extra):
    query = {"state": params["state"], **({"code": code} if code else {}), **extra}
    return client.get(params["redirect_uri"].replace("http://testserver", ""), query)


def test_log_in_with_digid_through_a_broker(client, gemeente, fake):
    parts, params = start(client, assurance="substantial")
    assert f"{parts.scheme}://{parts.netloc}" == fake.url and parts.path == "/authorize"
    assert params["code_challenge_method"] == "S256" and len(params["code_challenge"]) == 43
    assert params["acr_values"].split() == [DIGID + "MobileTwoFactorContract", DIGID + "Smartcard", DIGID + "SmartcardPKI"]
    code = fake.grant(params, {"sub": "digid-1", "bsn": BSN, "acr": DIGID + "MobileTwoFactorContract"})

    response = back(client, params, code)

    assert response.status_code == 302 and response["Location"] == "/mijn/zaken/"
    data = client.session[SESSION_KEY]
    party = Party.objects.get(pk=data["party"])
    assert party.reveal_national_number() == BSN and data["assurance"] == "substantial" and data["provider"] == "digid"
    # PKCE: the token request carried the verifier (the fake provider checked it against the challenge).
    assert fake.token_requests[-1]["form"]["code_verifier"]
    assert fake.discovery_hits == 1


def test_password_only_digid_is_low(client, gemeente, fake):
    _parts, params = start(client)
    assert "acr_values" not in params
    back(client, params, fake.grant(params, {"sub": "d", "bsn": BSN, "acr": DIGID + "PasswordProtectedTransport"}))
    assert client.session[SESSION_KEY]["assurance"] == "low"


def test_an_existing_resident_is_found_by_bsn(client, gemeente, fake):
    known = PartyFactory(organisation=gemeente, first_name="Kees", last_name="Bakker", national_number=BSN)
    _parts, params = start(client)
    back(client, params, fake.grant(params, {"sub": "d", "bsn": BSN, "acr": DIGID + "Smartcard"}))
    assert client.session[SESSION_KEY]["party"] == known.pk
    assert Party.objects.filter(organisation=gemeente).count() == 1


@pytest.mark.parametrize(("misbehave", "claims"), [
    ({"nonce": "another-nonce"}, {}),
    ({"lifetime": -600}, {}),
    ({"aud": "someone-else"}, {}),
    ({"wrong_key": True}, {}),
    ({}, {"bsn": ""}),
    ({}, {"bsn": "123456789"}),
    ({}, {"acr": "urn:unknown"}),
], ids=["nonce", "expired", "audience", "signature", "missing-bsn", "invalid-bsn", "unknown-level"])
def test_a_bad_answer_is_refused_with_a_dutch_page(client, gemeente, fake, misbehave, claims):
    _parts, params = start(client)
    token_claims = {"sub": "d", "bsn": BSN, "acr": DIGID + "Smartcard", **claims}
    token_claims = {k: v for k, v in token_claims.items() if v != ""}
    response = back(client, params, fake.grant(params, token_claims, **misbehave))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Inloggen is niet gelukt" in page and "Opnieuw inloggen" in page
    assert SESSION_KEY not in client.session
    assert LoginEvent.objects.get().kind == LoginEventKind.REFUSED
    assert not Party.objects.exists()


def test_missing_bsn_says_so(client, gemeente, fake):
    _parts, params = start(client)
    response = back(client, params, fake.grant(params, {"sub": "d", "acr": DIGID + "Smartcard"}))
    assert "burgerservicenummer of rijksregisternummer niet door" in response.content.decode()


def test_a_state_mismatch_is_refused(client, gemeente, fake):
    _parts, params = start(client)
    code = fake.grant(params, {"sub": "d", "bsn": BSN, "acr": DIGID + "Smartcard"})
    response = client.get(reverse("portal:login_callback", args=["digid"]), {"state": "not-the-state", "code": code})
    assert response.status_code == 400
    assert "verlopen of al gebruikt" in response.content.decode()
    assert not fake.token_requests  # the code was never exchanged


def test_a_cancelled_log_in(client, gemeente, fake):
    _parts, params = start(client)
    response = back(client, params, error="access_denied")
    assert response.status_code == 200
    assert "U heeft het aanmelden afgebroken" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_provider_error(client, gemeente, fake):
    _parts, params = start(client)
    response = back(client, params, error="server_error", error_description="boom")
    assert response.status_code == 400
    assert "Het aanmeldmiddel meldde een fout" in response.content.decode()


def test_a_refused_code(client, gemeente, fake):
    _parts, params = start(client)
    response = back(client, params, "a-code-the-provider-never-gave")
    assert response.status_code == 400
    assert SESSION_KEY not in client.session


def test_an_unreachable_provider(client, db, settings):
    oidc.clear_caches()
    settings.LOKET_TEST_IDP = False
    settings.LOKET_RESIDENT_OIDC_PROVIDERS = json.dumps([{"id": "digid", "issuer": "http://127.0.0.1:9",
                                                          "client_id": "x", "preset": "digid"}])
    OrganisationFactory()
    response = client.post(reverse("portal:login_start", args=["digid"]), {"next": "/mijn/"})
    assert response.status_code == 502
    assert "niet bereikbaar" in response.content.decode()


def test_only_providers_that_reach_the_level_are_offered(client, gemeente, fake, settings):
    config = [
        {"id": "digid", "label": "DigiD", "issuer": fake.url, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
         "preset": "digid"},
        {"id": "zwak", "label": "Alleen wachtwoord", "issuer": fake.url, "client_id": CLIENT_ID,
         "assurance_map": {"pwd": "low"}},
    ]
    settings.LOKET_RESIDENT_OIDC_PROVIDERS = json.dumps(config)
    page = client.get(reverse("portal:login") + "?niveau=high").content.decode()
    assert "Inloggen met DigiD" in page and "Alleen wachtwoord" not in page
    assert "Inloggen met Alleen wachtwoord" in client.get(reverse("portal:login")).content.decode()
    assert client.post(reverse("portal:login_start", args=["zwak"]), {"niveau": "high"}).status_code == 400


def test_eherkenning_maps_to_the_business_with_the_acting_person(client, gemeente, fake, settings):
    configure(settings, fake, id="eherkenning", label="eHerkenning", preset="eherkenning")
    _parts, params = start(client, "eherkenning")
    claims = {"sub": "eh-1", "kvk": "12345678", "company_name": "Bakkerij Brood", "acting_name": "Jan Jansen",
              "acr": "urn:etoegang:core:assurance-class:loa3"}
    response = back(client, params, fake.grant(params, claims))
    assert response.status_code == 302
    data = client.session[SESSION_KEY]
    business = Party.objects.get(pk=data["party"])
    assert business.kind == PartyKind.BUSINESS and business.business_name == "Bakkerij Brood"
    assert business.business_number == "12345678" and data["acting_for"] == business.pk
    assert data["assurance"] == "substantial" and data["acting_person"] == "Jan Jansen"
    assert LoginEvent.objects.get(kind=LoginEventKind.LOGIN).acting_person == "Jan Jansen"
    page = client.get(reverse("portal:act_for")).content.decode()
    assert "Bakkerij Brood" in page and "Jan Jansen" in page


def test_acm_idm_with_a_chosen_organisation(client, db, settings, fake):
    configure(settings, fake, id="acm", label="CSAM", preset="acm-idm")
    gemeente = OrganisationFactory(country="BE")
    person = PartyFactory(organisation=gemeente, first_name="Anna", last_name="Peeters", national_number="85073003328")
    _parts, params = start(client, "acm")
    claims = {"sub": "acm-1", "rrn": "85073003328", "vo_orgcode": "0203201340", "vo_orgnaam": "Brouwerij Hop",
              "given_name": "Anna", "family_name": "Peeters", "acr": "urn:be:vlaanderen:authmech:itsme"}
    back(client, params, fake.grant(params, claims))
    data = client.session[SESSION_KEY]
    assert Party.objects.get(pk=data["party"]).business_number == "0203201340"
    assert data["assurance"] == "high" and data["acting_person"] == person.display_name


def test_a_configuration_mistake_is_named():
    with pytest.raises(ImproperlyConfigured, match="misses client_id"):
        providers._provider_from({"id": "x", "issuer": "https://idp.example"})
    with pytest.raises(ImproperlyConfigured, match="https"):
        providers._provider_from({"id": "x", "issuer": "http://idp.example", "client_id": "c"})
    with pytest.raises(ImproperlyConfigured, match="unknown preset"):
        providers._provider_from({"id": "x", "issuer": "https://idp.example", "client_id": "c", "preset": "nope"})
    provider = providers._provider_from({"id": "x", "issuer": "https://idp.example", "client_id": "c",
                                         "preset": "digid", "assurance_map": {"custom": "high"}})
    assert provider.level_of("custom") == "high" and provider.levels == ["low", "substantial", "high"]


def test_the_system_check_names_a_configuration_mistake(settings):
    from loket.portal.checks import resident_oidc_providers

    settings.LOKET_RESIDENT_OIDC_PROVIDERS = '[{"id": "digid"}]'
    errors = resident_oidc_providers(None)
    assert errors and errors[0].id == "loket.portal.E001" and "misses issuer, client_id" in errors[0].msg
    settings.LOKET_RESIDENT_OIDC_PROVIDERS = "not json"
    assert "not valid JSON" in resident_oidc_providers(None)[0].msg
    settings.LOKET_RESIDENT_OIDC_PROVIDERS = ""
    assert resident_oidc_providers(None) == []
