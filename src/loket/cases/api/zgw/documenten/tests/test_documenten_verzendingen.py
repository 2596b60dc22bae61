"""Documenten API 1.4.2, verzendingen: a document received from or sent to a betrokkene, with exactly one way of
sending; filters, pagination, authorisation through the document, audit trail and notifications."""

import base64

import pytest
from rest_framework.test import APIClient

from loket.cases.models import Verzending
from loket.cases.tests.conftest import PDF, build_world
from loket.platform.api_clients.services import AutorisatieSpec
from loket.platform.notifications.models import Notification
from loket.platform.zgw.testing import make_application

API = "/documenten/api/v1"
BETROKKENE = "https://klanten.example.nl/klantinteracties/api/v1/partijen/6f1a2c3e-0000-4000-8000-000000000001"
CONTACT = "https://klanten.example.nl/klantinteracties/api/v1/partijen/6f1a2c3e-0000-4000-8000-000000000002"
ADRES = {"huisnummer": 12, "naamOpenbareRuimte": "Kerkstraat", "woonplaatsnaam": "Testdorp", "postcode": "1234AB"}


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages


@pytest.fixture
def world(db):
    return build_world()


def iot_url(world):
    return f"http://testserver/catalogi/api/v1/informatieobjecttypen/{world.doc_type.uuid}"


def document(zgw_client, world, vertrouwelijkheid="openbaar"):
    response = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten", {
        "bronorganisatie": "002220647", "creatiedatum": "2024-03-01", "titel": "Besluit", "auteur": "Marie",
        "taal": "nld", "bestandsnaam": "besluit.pdf", "inhoud": base64.b64encode(PDF).decode(),
        "informatieobjecttype": iot_url(world), "vertrouwelijkheidaanduiding": vertrouwelijkheid}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()["url"]


def verzending(document_url, **overrides):
    data = {"betrokkene": BETROKKENE, "informatieobject": document_url, "aardRelatie": "geadresseerde",
            "verzenddatum": "2024-03-02", "contactPersoon": CONTACT, "contactpersoonnaam": "J. Jansen",
            "binnenlandsCorrespondentieadres": ADRES}
    data.update(overrides)
    return data


def path(url):
    return url.replace("http://testserver", "")


def test_a_verzending_is_registered_read_changed_and_removed(zgw_client, world):
    doc = document(zgw_client, world)

    created = zgw_client.post(f"{API}/verzendingen", verzending(doc), format="json")
    assert created.status_code == 201, created.json()
    sent = created.json()
    assert sent["binnenlandsCorrespondentieadres"] == ADRES | {"huisletter": "", "huisnummerToevoeging": ""}
    assert (sent["aardRelatie"], sent["verzenddatum"], sent["mijnOverheid"]) == ("geadresseerde", "2024-03-02", False)
    assert created["Location"] == sent["url"]
    assert zgw_client.get(path(sent["url"])).json() == sent
    assert zgw_client.get(path(sent["url"]), {"expand": "zaaktype"}).json() == sent  # unknown: ignored on a read

    changed = zgw_client.patch(path(sent["url"]), {"binnenlandsCorrespondentieadres": None,
                                                   "emailadres": "jan@example.nl"}, format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["emailadres"], changed.json()["binnenlandsCorrespondentieadres"]) == ("jan@example.nl", None)

    assert zgw_client.delete(path(sent["url"])).status_code == 204
    assert zgw_client.get(path(sent["url"])).status_code == 404
    notifications = Notification.objects.filter(kanaal__naam="documenten", resource="verzending").order_by("created_at")
    assert list(notifications.values_list("actie", flat=True)) == ["create", "partial_update", "destroy"]
    assert {n.hoofd_object for n in notifications} == {doc}
    trail = zgw_client.get(path(doc) + "/audittrail").json()
    assert [(e["resource"], e["actie"]) for e in trail][1:] == [
        ("verzending", "create"), ("verzending", "partial_update"), ("verzending", "destroy")]


@pytest.mark.parametrize("ways", [
    {},
    {"binnenlandsCorrespondentieadres": ADRES, "emailadres": "jan@example.nl"},
    {"telefoonnummer": "0612345678", "faxnummer": "0201234567"},
    {"mijnOverheid": True, "buitenlandsCorrespondentieadres": {"adresBuitenland1": "Rue de la Loi 16",
                                                               "landPostadres": "https://landen.example/be"}},
])
def test_a_verzending_has_exactly_one_way_of_sending(zgw_client, world, ways):
    doc = document(zgw_client, world)
    data = verzending(doc, binnenlandsCorrespondentieadres=None) | ways

    response = zgw_client.post(f"{API}/verzendingen", data, format="json")

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "invalid-address"


@pytest.mark.parametrize("way", [
    {"correspondentiePostadres": {"postBusOfAntwoordnummer": 100, "postadresPostcode": "1000AA",
                                  "postadresType": "postbusnummer", "woonplaatsnaam": "Amsterdam"}},
    {"buitenlandsCorrespondentieadres": {"adresBuitenland1": "Rue de la Loi 16",
                                         "landPostadres": "https://landen.example/be"}},
    {"mijnOverheid": True}, {"telefoonnummer": "0612345678"}, {"faxnummer": "0201234567"},
])
def test_each_way_of_sending_alone_is_accepted(zgw_client, world, way):
    doc = document(zgw_client, world)

    response = zgw_client.post(f"{API}/verzendingen", verzending(doc, binnenlandsCorrespondentieadres=None) | way,
                               format="json")

    assert response.status_code == 201, response.json()


def test_a_received_document_needs_its_ontvangstdatum_and_a_sent_one_its_verzenddatum(zgw_client, world):
    doc = document(zgw_client, world)

    received = zgw_client.post(f"{API}/verzendingen", verzending(doc, aardRelatie="afzender"), format="json")
    sent = zgw_client.post(f"{API}/verzendingen", verzending(doc, verzenddatum=None), format="json")

    assert received.json()["invalidParams"][0]["name"] == "ontvangstdatum"
    assert sent.json()["invalidParams"][0]["name"] == "verzenddatum"
    ok = zgw_client.post(f"{API}/verzendingen", verzending(doc, aardRelatie="afzender", ontvangstdatum="2024-03-01"),
                         format="json")
    assert ok.status_code == 201, ok.json()


def test_invalid_references_and_values_are_a_validatiefout(zgw_client, world):
    doc = document(zgw_client, world)
    unknown_doc = f"http://testserver{API}/enkelvoudiginformatieobjecten/00000000-0000-4000-8000-000000000000"

    assert zgw_client.post(f"{API}/verzendingen", verzending(unknown_doc), format="json").json()[
        "invalidParams"][0]["code"] == "bad-url"
    assert zgw_client.post(f"{API}/verzendingen", verzending(doc, betrokkene="geen url"), format="json").json()[
        "invalidParams"][0]["name"] == "betrokkene"
    bad_mail = zgw_client.post(f"{API}/verzendingen", verzending(doc, binnenlandsCorrespondentieadres=None,
                                                               emailadres="geen-adres"), format="json")
    assert bad_mail.json()["invalidParams"][0]["name"] == "emailadres"
    no_street = zgw_client.post(f"{API}/verzendingen", verzending(doc, binnenlandsCorrespondentieadres={
        "huisnummer": 1, "woonplaatsnaam": "Testdorp"}), format="json")
    assert no_street.json()["invalidParams"][0]["name"] == "binnenlandsCorrespondentieadres.naamOpenbareRuimte"
    assert not Verzending.objects.exists()


def test_the_list_is_filtered_paginated_and_limited_to_authorised_documents(client, zgw_client, world):
    open_doc = document(zgw_client, world)
    secret_doc = document(zgw_client, world, vertrouwelijkheid="geheim")
    zgw_client.post(f"{API}/verzendingen", verzending(open_doc), format="json")
    zgw_client.post(f"{API}/verzendingen", verzending(open_doc, aardRelatie="afzender", ontvangstdatum="2024-03-01",
                                                      betrokkene=CONTACT), format="json")
    zgw_client.post(f"{API}/verzendingen", verzending(secret_doc), format="json")

    everything = zgw_client.get(f"{API}/verzendingen").json()
    assert (everything["count"], everything["next"]) == (3, None)
    assert len(zgw_client.get(f"{API}/verzendingen", {"aardRelatie": "afzender"}).json()["results"]) == 1
    assert len(zgw_client.get(f"{API}/verzendingen", {"informatieobject": secret_doc}).json()["results"]) == 1
    assert len(zgw_client.get(f"{API}/verzendingen", {"betrokkene": CONTACT}).json()["results"]) == 1
    assert zgw_client.get(f"{API}/verzendingen", {"aardRelatie": "ontvanger"}).status_code == 400
    expanded = zgw_client.get(f"{API}/verzendingen", {"informatieobject": secret_doc, "expand": "informatieobject"})
    assert expanded.json()["results"][0]["_expand"]["informatieobject"]["url"] == secret_doc

    reader = make_application(organisation=world.gemeente, autorisaties=[AutorisatieSpec(
        component="drc", scopes=["documenten.lezen"], informatieobjecttype=iot_url(world),
        max_vertrouwelijkheidaanduiding="openbaar")])
    limited = client.get(f"{API}/verzendingen", **reader.django).json()
    assert {v["informatieobject"] for v in limited["results"]} == {open_doc}
    secret = Verzending.objects.get(informatieobject__uuid=secret_doc.rsplit("/", 1)[-1])
    assert client.get(f"{API}/verzendingen/{secret.uuid}", **reader.django).status_code == 403


def test_registering_a_verzending_needs_the_aanmaken_scope_for_the_document(zgw_client, world):
    doc = document(zgw_client, world, vertrouwelijkheid="geheim")
    limited = make_application(organisation=world.gemeente, autorisaties=[AutorisatieSpec(
        component="drc", scopes=["documenten.lezen", "documenten.aanmaken"], informatieobjecttype=iot_url(world),
        max_vertrouwelijkheidaanduiding="openbaar")])
    api = APIClient()
    api.credentials(**limited.django)

    assert api.post(f"{API}/verzendingen", verzending(doc), format="json").status_code == 403
    assert not Verzending.objects.exists()


def test_deleting_a_document_removes_its_verzendingen(zgw_client, world):
    doc = document(zgw_client, world)
    zgw_client.post(f"{API}/verzendingen", verzending(doc), format="json")

    assert zgw_client.delete(path(doc)).status_code == 204

    assert not Verzending.objects.exists()
