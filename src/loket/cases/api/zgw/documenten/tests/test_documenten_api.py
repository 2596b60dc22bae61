"""Documenten API 1.4.2: documents with base64 content, versions, locks, gebruiksrechten, relations, audit trail."""

import base64

import pytest

from loket.cases import services
from loket.cases.models import EnkelvoudigInformatieObject
from loket.cases.tests.conftest import PDF, build_world, pdf_file
from loket.platform.api_clients.services import AutorisatieSpec
from loket.platform.notifications.models import Notification
from loket.platform.zgw.testing import make_application

API = "/documenten/api/v1"
RSIN = "002220647"


@pytest.fixture
def world(db):
    return build_world()


def iot_url(world):
    return f"http://testserver/catalogi/api/v1/informatieobjecttypen/{world.doc_type.uuid}"


def body(world, **overrides):
    data = {"bronorganisatie": RSIN, "creatiedatum": "2024-03-01", "titel": "Aanvraag terras", "auteur": "Marie",
            "taal": "nld", "bestandsnaam": "aanvraag.pdf", "inhoud": base64.b64encode(PDF).decode(),
            "informatieobjecttype": iot_url(world), "vertrouwelijkheidaanduiding": "openbaar",
            "trefwoorden": ["terras"]}
    data.update(overrides)
    return data


def create(zgw_client, world, **overrides):
    response = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten", body(world, **overrides), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_document_with_base64_content_is_stored_and_downloadable(zgw_client, world):
    document = create(zgw_client, world)

    assert document["versie"] == 1
    assert document["bestandsomvang"] == len(PDF)
    assert document["formaat"] == "application/pdf"
    assert document["locked"] is False
    assert document["bestandsdelen"] == []
    assert document["identificatie"].startswith("DOC-")
    download = zgw_client.get(document["inhoud"].replace("http://testserver", ""))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    notification = Notification.objects.get(kanaal__naam="documenten")
    assert notification.resource_url == document["url"]
    assert notification.kenmerken == {"bronorganisatie": RSIN, "informatieobjecttype": iot_url(world),
                                      "vertrouwelijkheidaanduiding": "openbaar"}


def test_content_that_fails_the_documents_checks_is_refused(zgw_client, world):
    response = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten",
                               body(world, inhoud=base64.b64encode(b"MZ\x90\x00binary").decode(),
                                    bestandsnaam="virus.pdf"), format="json")
    assert response.status_code == 400
    assert not EnkelvoudigInformatieObject.objects.exists()

    not_base64 = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten", body(world, inhoud="!!!"), format="json")
    assert not_base64.status_code == 400
    assert not_base64.json()["invalidParams"][0]["name"] == "inhoud"


@pytest.mark.parametrize(("field", "value", "code"), [
    ("bronorganisatie", "12345678", "invalid-length"),
    ("bronorganisatie", "123456789", "invalid"),
    ("informatieobjecttype", "http://testserver/catalogi/api/v1/informatieobjecttypen/"
                             "00000000-0000-4000-8000-000000000000", "bad-url"),
    ("indicatieGebruiksrecht", True, "missing-gebruiksrechten"),
])
def test_invalid_document_is_a_validatiefout(zgw_client, world, field, value, code):
    response = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten", body(world, **{field: value}), format="json")

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == code


def test_identificatie_is_unique_per_bronorganisatie(zgw_client, world):
    create(zgw_client, world, identificatie="DOC-1")
    response = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten", body(world, identificatie="DOC-1"), format="json")

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "identificatie-niet-uniek"


def test_a_concept_informatieobjecttype_is_refused(zgw_client, world):
    concept = services.create_document_type(catalogus=world.catalogus, omschrijving="Concept", publish=False)
    url = f"http://testserver/catalogi/api/v1/informatieobjecttypen/{concept.uuid}"
    response = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten", body(world, informatieobjecttype=url),
                               format="json")

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "not-published"


def test_changing_a_document_needs_its_lock_and_makes_a_new_version(zgw_client, world):
    document = create(zgw_client, world)
    url = document["url"].replace("http://testserver", "")

    unlocked = zgw_client.patch(url, {"titel": "Nieuw"}, format="json")
    assert unlocked.status_code == 400
    assert unlocked.json()["invalidParams"][0]["code"] == "unlocked"

    lock = zgw_client.post(f"{url}/lock").json()["lock"]
    assert zgw_client.post(f"{url}/lock").json()["invalidParams"][0]["code"] == "existing-lock"
    wrong = zgw_client.patch(url, {"titel": "Nieuw", "lock": "fout"}, format="json")
    assert wrong.json()["invalidParams"][0]["code"] == "incorrect-lock-id"

    changed = zgw_client.patch(url, {"titel": "Nieuw", "lock": lock}, format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["versie"], changed.json()["titel"], changed.json()["locked"]) == (2, "Nieuw", True)
    assert changed.json()["bestandsomvang"] == len(PDF)  # the content carries over

    new_content = b"%PDF-1.4\nversie drie\n%%EOF\n"
    third = zgw_client.put(url, body(world, titel="Drie", lock=lock, inhoud=base64.b64encode(new_content).decode()),
                           format="json")
    assert third.json()["versie"] == 3

    assert zgw_client.get(url, {"versie": 1}).json()["titel"] == "Aanvraag terras"
    assert zgw_client.get(url).json()["titel"] == "Drie"
    first = zgw_client.get(f"{url}/download", {"versie": 1})
    assert b"".join(first.streaming_content) == PDF
    latest = zgw_client.get(f"{url}/download")
    assert b"".join(latest.streaming_content) == new_content
    assert zgw_client.get(url, {"versie": 9}).status_code == 404

    assert zgw_client.post(f"{url}/unlock", {"lock": lock}, format="json").status_code == 204
    assert zgw_client.get(url).json()["locked"] is False


def test_forced_unlock_needs_the_geforceerd_unlock_scope(client, zgw_client, world):
    document = create(zgw_client, world)
    url = document["url"].replace("http://testserver", "")
    zgw_client.post(f"{url}/lock")
    locker = make_application(organisation=world.gemeente, autorisaties=[AutorisatieSpec(
        component="drc", scopes=["documenten.lock", "documenten.lezen"], informatieobjecttype=iot_url(world),
        max_vertrouwelijkheidaanduiding="zeer_geheim")])

    assert client.post(f"{url}/unlock", {}, content_type="application/json", **locker.django).status_code == 400
    assert zgw_client.post(f"{url}/unlock", {}, format="json").status_code == 204  # all scopes: forced


def test_list_is_paginated_filtered_and_limited_to_authorised_types(client, zgw_client, world):
    create(zgw_client, world, identificatie="DOC-A")
    create(zgw_client, world, identificatie="DOC-B", vertrouwelijkheidaanduiding="geheim", trefwoorden=["x"])
    reader = make_application(organisation=world.gemeente, autorisaties=[AutorisatieSpec(
        component="drc", scopes=["documenten.lezen"], informatieobjecttype=iot_url(world),
        max_vertrouwelijkheidaanduiding="openbaar")])

    everything = zgw_client.get(f"{API}/enkelvoudiginformatieobjecten").json()
    assert everything["count"] == 2
    assert [d["identificatie"] for d in zgw_client.get(
        f"{API}/enkelvoudiginformatieobjecten", {"trefwoorden": "x"}).json()["results"]] == ["DOC-B"]
    limited = client.get(f"{API}/enkelvoudiginformatieobjecten", **reader.django).json()
    assert [d["identificatie"] for d in limited["results"]] == ["DOC-A"]


def test_zoek_finds_documents_by_uuid(zgw_client, world):
    first = create(zgw_client, world)
    create(zgw_client, world)
    uuid = first["url"].rsplit("/", 1)[-1]

    response = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten/_zoek", {"uuid__in": [uuid]}, format="json")

    assert [d["url"] for d in response.json()["results"]] == [first["url"]]


def test_gebruiksrechten_set_and_clear_the_indicatie(zgw_client, world):
    document = create(zgw_client, world)
    url = document["url"].replace("http://testserver", "")
    rights = zgw_client.post(f"{API}/gebruiksrechten", {
        "informatieobject": document["url"], "startdatum": "2024-03-01T00:00:00Z",
        "omschrijvingVoorwaarden": "Alleen intern gebruik"}, format="json")
    assert rights.status_code == 201, rights.json()
    assert zgw_client.get(url).json()["indicatieGebruiksrecht"] is True
    listed = zgw_client.get(f"{API}/gebruiksrechten", {"informatieobject": document["url"]}).json()
    assert [r["omschrijvingVoorwaarden"] for r in listed] == ["Alleen intern gebruik"]

    lock = zgw_client.post(f"{url}/lock").json()["lock"]
    refused = zgw_client.patch(url, {"indicatieGebruiksrecht": None, "lock": lock}, format="json")
    assert refused.json()["invalidParams"][0]["code"] == "existing-gebruiksrechten"

    assert zgw_client.delete(rights.json()["url"].replace("http://testserver", "")).status_code == 204
    assert zgw_client.get(url).json()["indicatieGebruiksrecht"] is None


def test_objectinformatieobjecten_follow_the_zaak_links_and_block_deletion(zgw_client, world):
    zaak = world.create_case()
    link = services.add_document(zaak=zaak, file=pdf_file(), titel="Aanvraag", informatieobjecttype=world.doc_type)
    document_url = f"http://testserver{API}/enkelvoudiginformatieobjecten/{link.informatieobject.uuid}"
    zaak_url = f"http://testserver/zaken/api/v1/zaken/{zaak.uuid}"

    (relation,) = zgw_client.get(f"{API}/objectinformatieobjecten", {"informatieobject": document_url}).json()
    assert (relation["object"], relation["objectType"]) == (zaak_url, "zaak")
    existing = zgw_client.post(f"{API}/objectinformatieobjecten", {
        "informatieobject": document_url, "object": zaak_url, "objectType": "zaak"}, format="json")
    assert existing.status_code == 400
    assert existing.json()["invalidParams"][0]["name"] == "nonFieldErrors"
    assert existing.json()["invalidParams"][0]["code"] == "unique"
    other_zaak = world.create_case()
    missing = zgw_client.post(f"{API}/objectinformatieobjecten", {
        "informatieobject": document_url, "object": f"http://testserver/zaken/api/v1/zaken/{other_zaak.uuid}",
        "objectType": "zaak"}, format="json")
    assert missing.json()["invalidParams"][0]["code"] == "inconsistent-relation"

    deleted = zgw_client.delete(document_url.replace("http://testserver", ""))
    assert deleted.status_code == 409
    assert deleted.json()["code"] == "pending-relations"


@pytest.mark.parametrize(("object_path", "object_type", "name", "code"), [
    ("/zaken/api/v1/zaken/00000000-0000-4000-8000-000000000000", "zaak", "object", "bad-url"),
    ("/besluiten/api/v1/besluiten/00000000-0000-4000-8000-000000000000", "besluit", "object", "bad-url"),
    ("{zaak}", "besluit", "object", "invalid-resource"),
    ("/catalogi/api/v1/zaaktypen/{zaaktype}", "zaak", "object", "invalid-resource"),
])
def test_objectinformatieobject_object_must_be_an_existing_zaak_or_besluit(zgw_client, world, object_path,
                                                                           object_type, name, code):
    zaak = world.create_case()
    link = services.add_document(zaak=zaak, file=pdf_file(), titel="Aanvraag", informatieobjecttype=world.doc_type)
    object_path = object_path.format(zaak=f"/zaken/api/v1/zaken/{zaak.uuid}", zaaktype=world.zaaktype.uuid)
    response = zgw_client.post(f"{API}/objectinformatieobjecten", {
        "informatieobject": f"http://testserver{API}/enkelvoudiginformatieobjecten/{link.informatieobject.uuid}",
        "object": f"http://testserver{object_path}", "objectType": object_type}, format="json")

    assert response.status_code == 400
    assert (response.json()["invalidParams"][0]["name"], response.json()["invalidParams"][0]["code"]) == (name, code)


def test_content_without_a_file_name_is_typed_by_formaat_or_as_plain_text(zgw_client, world):
    notes = services.create_document_type(catalogus=world.catalogus, omschrijving="Notitie", publish=True)
    url = f"http://testserver/catalogi/api/v1/informatieobjecttypen/{notes.uuid}"
    text = create(zgw_client, world, bestandsnaam="", informatieobjecttype=url,
                  inhoud=base64.b64encode(b"string").decode())
    assert (text["bestandsomvang"], text["formaat"]) == (6, "text/plain")
    pdf = create(zgw_client, world, bestandsnaam="", formaat="application/pdf", informatieobjecttype=url)
    assert pdf["formaat"] == "application/pdf"

    binary = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten", body(
        world, bestandsnaam="", informatieobjecttype=url, inhoud=base64.b64encode(b"\x00\x01\x02binary").decode()),
        format="json")
    assert binary.status_code == 400  # untyped content stays refused, as in the web UI
    disguised = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten", body(
        world, bestandsnaam="", formaat="application/pdf", informatieobjecttype=url,
        inhoud=base64.b64encode(b"not a pdf").decode()), format="json")
    assert disguised.status_code == 400  # the content must still match the type


@pytest.mark.parametrize(("status", "refused"), [
    ("in_bewerking", True), ("ter_vaststelling", True), ("definitief", False), ("gearchiveerd", False),
])
def test_a_received_document_cannot_be_in_bewerking_or_ter_vaststelling(zgw_client, world, status, refused):
    response = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten",
                               body(world, ontvangstdatum="2024-03-01", status=status), format="json")
    if refused:
        assert response.status_code == 400
        assert response.json()["invalidParams"][0]["name"] == "status"
        assert response.json()["invalidParams"][0]["code"] == "invalid_for_received"
    else:
        assert response.status_code == 201, response.json()

    document = create(zgw_client, world, status=status)
    url = document["url"].replace("http://testserver", "")
    lock = zgw_client.post(f"{url}/lock").json()["lock"]
    changed = zgw_client.patch(url, {"ontvangstdatum": "2024-03-01", "lock": lock}, format="json")
    assert changed.status_code == (400 if refused else 200), changed.json()


def test_a_change_of_a_locked_document_must_give_the_lock(zgw_client, world):
    document = create(zgw_client, world)
    url = document["url"].replace("http://testserver", "")
    zgw_client.post(f"{url}/lock")

    put = zgw_client.put(url, body(world, titel="Nieuw"), format="json")
    assert put.status_code == 400
    assert (put.json()["invalidParams"][0]["name"], put.json()["invalidParams"][0]["code"]) == ("lock", "required")
    patch = zgw_client.patch(url, {"titel": "Nieuw"}, format="json")
    assert patch.status_code == 400
    assert (patch.json()["invalidParams"][0]["name"], patch.json()["invalidParams"][0]["code"]) == (
        "nonFieldErrors", "missing-lock-id")


def test_deleting_a_document_removes_it_and_is_in_the_audit_trail(zgw_client, world):
    document = create(zgw_client, world)
    url = document["url"].replace("http://testserver", "")

    trail = zgw_client.get(f"{url}/audittrail").json()
    assert [entry["actie"] for entry in trail] == ["create"]
    assert zgw_client.delete(url).status_code == 204
    assert zgw_client.get(url).status_code == 404
    assert not EnkelvoudigInformatieObject.objects.exists()
    assert list(Notification.objects.filter(kanaal__naam="documenten").values_list("actie", flat=True)
                .order_by("created_at")) == ["create", "destroy"]


def test_schema_is_served(zgw_client):
    assert zgw_client.get(f"{API}/schema/openapi.yaml").status_code == 200
