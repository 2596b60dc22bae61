"""The Klantinteracties API: the Open Klant sequence (partij, klantcontact, betrokkene, interne taak) works for staff,
finds parties by number/e-mail/phone/name, audits every read of personal data and answers bad input with problem JSON."""

import pytest
from rest_framework.test import APIClient

from loket.contacts import services
from loket.contacts.models import ContactMoment, InternalTaskStatus
from loket.platform.audit.models import AuditAction, AuditEntry

BASE = "/klantinteracties/api/v1"


@pytest.fixture
def api(contacts_world):
    client = APIClient()
    client.force_authenticate(contacts_world.agent)
    return client


def test_anonymous_clients_are_refused(contacts_world):
    response = APIClient().get(f"{BASE}/partijen")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")


def test_a_party_is_found_by_bsn_email_phone_and_name_and_the_search_is_audited(api, contacts_world):
    marie = contacts_world.marie
    for query in ("partijIdentificator__objectId=90.02.01-001.30", "email=MARIE.V@example.org",
                  "telefoonnummer=0470%2012%2034%2056", "naam=vandenbroucke"):
        response = api.get(f"{BASE}/partijen?{query}")
        assert response.status_code == 200, response.json()
        assert [p["uuid"] for p in response.json()["results"]] == [str(marie.uuid)], query
    body = response.json()["results"][0]
    assert body["partijIdentificatoren"][0]["partijIdentificator"]["objectId"] == "••••••••130"
    assert body["partijIdentificatie"]["contactnaam"]["achternaam"] == "Vandenbroucke"
    assert AuditEntry.objects.filter(subject_id=str(marie.pk), action=AuditAction.SEARCH).count() == 4


def test_creating_a_party_with_a_wrong_check_number_is_a_problem_json_400(api):
    response = api.post(f"{BASE}/partijen", {
        "soortPartij": "persoon", "partijIdentificatie": {"contactnaam": {"voornaam": "Piet", "achternaam": "Janssens"}},
        "partijIdentificatoren": [{"partijIdentificator": {"codeSoortObjectId": "rijksregisternummer", "objectId": "85073003329"}}],
    }, format="json")
    assert response.status_code == 400
    problem = response.json()
    assert problem["invalid-params"][0]["name"] == "national_number"
    assert "controlegetal" in problem["invalid-params"][0]["reason"]


def test_a_duplicate_national_number_is_a_conflict(api):
    response = api.post(f"{BASE}/partijen", {
        "soortPartij": "persoon", "partijIdentificatie": {"contactnaam": {"achternaam": "Dubbel"}},
        "partijIdentificatoren": [{"partijIdentificator": {"codeSoortObjectId": "rijksregisternummer", "objectId": "90020100130"}}],
    }, format="json")
    assert response.status_code == 409


def test_the_open_klant_sequence_registers_a_contact_with_its_party_and_a_callback_task(api, contacts_world):
    world = contacts_world
    handler_actor = services.actor_for_user(world.cases.handler, world.gemeente)
    contact = api.post(f"{BASE}/klantcontacten", {"kanaal": "telefoon", "onderwerp": "Grofvuil",
                                                   "inhoud": "Wanneer komt het grofvuil?", "uitkomst": "doorgezet"},
                       format="json")
    assert contact.status_code == 201, contact.json()
    contact_uuid = contact.json()["uuid"]
    betrokkene = api.post(f"{BASE}/betrokkenen", {"wasPartij": {"uuid": str(world.marie.uuid)},
                                                 "hadKlantcontact": {"uuid": contact_uuid}, "rol": "klant"}, format="json")
    assert betrokkene.status_code == 201, betrokkene.json()
    assert api.get(betrokkene.json()["url"]).json()["wasPartij"]["uuid"] == str(world.marie.uuid)
    task = api.post(f"{BASE}/internetaken", {"aanleidinggevendKlantcontact": {"uuid": contact_uuid},
                                             "toegewezenAanActoren": [{"uuid": str(handler_actor.uuid)}],
                                             "gevraagdeHandeling": "Terugbellen"}, format="json")
    assert task.status_code == 201, task.json()
    assert task.json()["status"] == "te_verwerken" and task.json()["termijn"]
    listed = api.get(f"{BASE}/klantcontacten?wasPartij__uuid={world.marie.uuid}").json()
    assert [c["uuid"] for c in listed["results"]] == [contact_uuid]
    assert listed["results"][0]["leiddeTotInterneTaken"][0]["uuid"] == task.json()["uuid"]
    handler = APIClient()
    handler.force_authenticate(world.cases.handler)
    done = handler.patch(task.json()["url"], {"status": "verwerkt", "antwoord": "Dinsdag"}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == InternalTaskStatus.DONE and len(done.json()["antwoord"]) == 1
    assert ContactMoment.objects.filter(answers_task__uuid=task.json()["uuid"], direction="uitgaand").exists()


def test_a_contact_with_an_unknown_channel_is_refused(api):
    response = api.post(f"{BASE}/klantcontacten", {"kanaal": "postduif", "onderwerp": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["invalid-params"][0]["name"] == "kanaal"


def test_parties_of_another_organisation_are_invisible(api, contacts_world):
    from loket.platform.tests.factories import OrganisationFactory, PartyFactory

    stranger = PartyFactory(organisation=OrganisationFactory())
    assert api.get(f"{BASE}/partijen/{stranger.uuid}").status_code == 404


def test_digital_addresses_and_onderwerpobjecten(api, contacts_world):
    world = contacts_world
    created = api.post(f"{BASE}/digitaleadressen", {"verstrektDoorPartij": {"uuid": str(world.marie.uuid)},
                                                    "adres": "03 412 34 56", "soortDigitaalAdres": "telefoonnummer"},
                       format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["genormaliseerdAdres"] == "+3234123456"
    found = api.get(f"{BASE}/digitaleadressen?adres=%2B32%203%20412%2034%2056").json()["results"]
    assert [a["uuid"] for a in found] == [created.json()["uuid"]]
    zaak = world.cases.create_case(initiator=world.marie)
    contact = world.contact()
    subject = api.post(f"{BASE}/onderwerpobjecten", {"klantcontact": {"uuid": str(contact.uuid)},
                                                     "onderwerpobjectidentificator": {"objectId": str(zaak.uuid),
                                                                                      "codeObjecttype": "zaak"}},
                       format="json")
    assert subject.status_code == 201, subject.json()
    assert api.get(subject.json()["url"]).json()["onderwerpobjectidentificator"]["zaaknummer"] == zaak.identificatie


def test_the_schema_documents_the_klantinteracties_endpoints(api):
    response = api.get("/api/v1/schema/openapi.yaml")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/klantinteracties/api/v1/partijen" in text and "/klantinteracties/api/v1/internetaken/{uuid}" in text


@pytest.mark.parametrize("path", [
    "partijen?partijIdentificator__objectId=abc", "partijen?email=%00", "partijen?telefoonnummer=xyz", "partijen?naam=ab",
    "partijen?page=0", "partijen?page=abc", "partijen?soortPartij=x&indicatieActief=maybe", "partijen?zaaknummer=%25",
    "klantcontacten?wasPartij__uuid=geen-uuid", "klantcontacten?plaatsgevondenOp__gte=gisteren",
    "klantcontacten?kanaal=%00", "betrokkenen?wasPartij__uuid=x", "betrokkenen?hadKlantcontact__uuid=x",
    "betrokkenen/00000000-0000-0000-0000-000000000000", "onderwerpobjecten?klantcontact__uuid=x",
    "onderwerpobjecten?onderwerpobjectidentificator__objectId=99999999999999999999", "internetaken?status=x",
    "internetaken?wasPartij__uuid=x", "internetaken?toegewezenAanActoren__uuid=x",
    "internetaken?aanleidinggevendKlantcontact__uuid=x", "digitaleadressen?verstrektDoorPartij__uuid=x",
    "digitaleadressen?adres=%00", "partijen/not-a-uuid", "actoren/00000000-0000-0000-0000-000000000000",
])
def test_odd_query_input_never_gives_a_server_error(api, path):
    response = api.get(f"{BASE}/{path}")
    assert response.status_code in (200, 400, 404), (path, response.status_code)
    if response.status_code != 200:
        assert response["Content-Type"].startswith("application/problem+json")


@pytest.mark.parametrize("body", [
    {}, {"soortPartij": "persoon"}, {"soortPartij": "persoon", "partijIdentificatie": {"contactnaam": {"achternaam": "\x00"}}},
    {"soortPartij": "organisatie", "partijIdentificatie": {"naam": "Bakkerij"},
     "partijIdentificatoren": [{"partijIdentificator": {"codeSoortObjectId": "kbo_nummer", "objectId": "123"}}]},
    {"soortPartij": "persoon", "partijIdentificatie": {"contactnaam": {"achternaam": "X"}}, "geboortedatum": "2999-01-01"},
    {"soortPartij": "persoon", "partijIdentificatie": {"contactnaam": {"achternaam": "X"}}, "voorkeurstaal": "toolong"},
])
def test_odd_party_input_is_a_400(api, body):
    response = api.post(f"{BASE}/partijen", body, format="json")
    assert response.status_code == 400, response.content


@pytest.mark.parametrize("body", [
    {"kanaal": "telefoon"}, {"kanaal": "telefoon", "inhoud": "x", "partij": {"uuid": "00000000-0000-0000-0000-000000000000"}},
    {"kanaal": "telefoon", "inhoud": "x", "wachttijdSeconden": -1}, {"kanaal": "telefoon", "inhoud": "x", "plaatsgevondenOp": "gisteren"},
    {"kanaal": "telefoon", "inhoud": "x", "plaatsgevondenOp": "2999-01-01T10:00:00Z"},
])
def test_odd_contact_input_is_a_400(api, body):
    response = api.post(f"{BASE}/klantcontacten", body, format="json")
    assert response.status_code == 400, response.content


def test_an_application_with_a_zgw_jwt_registers_contacts_for_its_organisation(contacts_world):
    from loket.platform.api_clients.services import AutorisatieSpec
    from loket.platform.zgw.testing import make_application

    world = contacts_world
    application = make_application(organisation=world.gemeente, label="Website")
    client = APIClient()
    found = client.get(f"{BASE}/partijen", {"email": "marie.v@example.org"}, **application.django)
    assert found.status_code == 200 and found.json()["results"][0]["uuid"] == str(world.marie.uuid)
    created = client.post(f"{BASE}/klantcontacten", {"kanaal": "webformulier", "onderwerp": "Grofvuil", "inhoud": "Wanneer?",
                                                     "partij": {"uuid": str(world.marie.uuid)}}, format="json",
                          **application.django)
    assert created.status_code == 201, created.json()
    contact = ContactMoment.objects.get(uuid=created.json()["uuid"])
    assert contact.actor.kind == "geautomatiseerde_actor" and "Website" in contact.actor.name
    assert AuditEntry.objects.filter(subject_id=str(world.marie.pk), actor_display__contains="Website").exists()
    limited = make_application(organisation=world.gemeente, all=False, autorisaties=[
        AutorisatieSpec(component="zrc", scopes=["zaken.lezen"], zaaktype="http://testserver/catalogi/api/v1/zaaktypen/x",
                        max_vertrouwelijkheidaanduiding="openbaar")])
    assert client.get(f"{BASE}/partijen", **limited.django).status_code == 403  # only applications trusted with everything
