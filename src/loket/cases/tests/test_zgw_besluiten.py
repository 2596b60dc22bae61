"""Besluiten API 1.0.2: the behaviour rules (gedragsregels), each test named after the rule it checks."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from loket.cases import services
from loket.cases.models import Besluit
from loket.platform.api_clients.services import AutorisatieSpec
from loket.platform.audit.models import ApiAuditTrail
from loket.platform.notifications.models import Notification
from loket.platform.zgw.testing import make_application

BASE = "http://testserver"
API = "/besluiten/api/v1"
RSIN = "002220647"


def besluittype_url(besluittype):
    return f"{BASE}/catalogi/api/v1/besluittypen/{besluittype.uuid}"


def zaak_url(zaak):
    return f"{BASE}/zaken/api/v1/zaken/{zaak.uuid}"


def body(world, **extra):
    data = {"verantwoordelijkeOrganisatie": RSIN, "besluittype": besluittype_url(world.decision_type),
            "datum": "2024-03-01", "ingangsdatum": "2024-03-02"}
    data.update(extra)
    return data


def create(client, world, **extra):
    response = client.post(f"{API}/besluiten", body(world, **extra), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.fixture
def client(zgw_client, world):
    return zgw_client


def invalid_codes(response):
    assert response.status_code == 400, response.content
    return {(p["name"], p["code"]) for p in response.json()["invalidParams"]}


def test_besluit_without_identificatie_gets_a_generated_unique_one(client, world):
    first, second = create(client, world), create(client, world)
    assert first["identificatie"] == "BESLUIT-2024-0000000001"
    assert second["identificatie"] == "BESLUIT-2024-0000000002"
    assert first["url"].startswith(f"{BASE}{API}/besluiten/")
    assert "zaak" not in first  # optional; "" would not be a valid uri


def test_identificatie_is_unique_within_the_organisation(client, world):
    create(client, world, identificatie="B-1")
    response = client.post(f"{API}/besluiten", body(world, identificatie="B-1"), format="json")
    assert ("identificatie", "identificatie-niet-uniek") in invalid_codes(response)


def test_verantwoordelijke_organisatie_must_be_a_valid_rsin(client, world):
    assert ("verantwoordelijkeOrganisatie", "invalid") in invalid_codes(
        client.post(f"{API}/besluiten", body(world, verantwoordelijkeOrganisatie="123456789"), format="json"))
    assert ("verantwoordelijkeOrganisatie", "invalid-length") in invalid_codes(
        client.post(f"{API}/besluiten", body(world, verantwoordelijkeOrganisatie="1234"), format="json"))


def test_datum_may_not_lie_in_the_future(client, world):
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    assert ("datum", "future-not-allowed") in invalid_codes(client.post(f"{API}/besluiten", body(world, datum=future), format="json"))


def test_besluittype_must_be_published(client, world):
    concept = services.create_decision_type(catalogus=world.catalogus, omschrijving="Concept", publish=False)
    response = client.post(f"{API}/besluiten", body(world, besluittype=besluittype_url(concept)), format="json")
    assert ("besluittype", "not-published") in invalid_codes(response)


def test_besluittype_url_of_another_resource_type_is_invalid_resource(client, world):
    wrong = f"{BASE}/catalogi/api/v1/zaaktypen/{world.zaaktype.uuid}"
    assert ("besluittype", "invalid-resource") in invalid_codes(
        client.post(f"{API}/besluiten", body(world, besluittype=wrong), format="json"))


def test_besluittype_url_that_points_nowhere_is_bad_url(client, world):
    for url in ("http://example.com/catalogi/api/v1/besluittypen/1", f"{BASE}/catalogi/api/v1/besluittypen/00000000-0000-0000-0000-000000000000", "geen-url"):
        assert ("besluittype", "bad-url") in invalid_codes(client.post(f"{API}/besluiten", body(world, besluittype=url), format="json"))


def test_besluittype_url_on_another_host_that_answers_is_invalid_resource(client, world, external_host):
    """VNG scenario brc-001e: a URL that answers, but with no besluittype of this installation."""
    external_host.answers["/zaak"] = (200, None)
    response = client.post(f"{API}/besluiten", body(world, besluittype=f"{external_host.url}/zaak"), format="json")
    assert ("besluittype", "invalid-resource") in invalid_codes(response)


def test_besluittype_must_belong_to_the_zaaktype_of_the_zaak(client, world):
    zaak = world.create_case()
    other = services.create_decision_type(catalogus=world.catalogus, omschrijving="Ander besluit", publish=True)
    response = client.post(f"{API}/besluiten", body(world, besluittype=besluittype_url(other), zaak=zaak_url(zaak)), format="json")
    assert ("nonFieldErrors", "zaaktype-mismatch") in invalid_codes(response)
    created = create(client, world, zaak=zaak_url(zaak))
    assert created["zaak"] == zaak_url(zaak)
    assert Besluit.objects.get(zaak=zaak).identificatie == created["identificatie"]


def test_identificatie_verantwoordelijke_organisatie_and_besluittype_cannot_change(client, world):
    besluit = create(client, world)
    response = client.patch(besluit["url"], {"identificatie": "ANDERS"}, format="json")
    assert ("identificatie", "wijzigen-niet-toegelaten") in invalid_codes(response)
    other = services.create_decision_type(catalogus=world.catalogus, omschrijving="Ander", publish=True)
    response = client.patch(besluit["url"], {"besluittype": besluittype_url(other)}, format="json")
    assert ("besluittype", "wijzigen-niet-toegelaten") in invalid_codes(response)
    response = client.patch(besluit["url"], {"toelichting": "Aangepast", "vervalreden": "tijdelijk"}, format="json")
    assert response.status_code == 200
    assert response.json()["toelichting"] == "Aangepast"
    assert response.json()["vervalredenWeergave"] == "Besluit met tijdelijke werking"


def test_put_replaces_all_changeable_fields(client, world):
    besluit = create(client, world, toelichting="Eerst", vervaldatum="2025-01-01")
    response = client.put(besluit["url"], body(world, identificatie=besluit["identificatie"]), format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["toelichting"] == "" and response.json()["vervaldatum"] is None


def test_list_filters_on_identificatie_besluittype_and_zaak(client, world):
    zaak = world.create_case()
    create(client, world, identificatie="MET-ZAAK", zaak=zaak_url(zaak))
    create(client, world, identificatie="ZONDER-ZAAK")
    assert [b["identificatie"] for b in client.get(f"{API}/besluiten", {"zaak": zaak_url(zaak)}).json()["results"]] == ["MET-ZAAK"]
    assert client.get(f"{API}/besluiten", {"identificatie": "ZONDER-ZAAK"}).json()["count"] == 1
    assert client.get(f"{API}/besluiten", {"besluittype": besluittype_url(world.decision_type)}).json()["count"] == 2
    assert client.get(f"{API}/besluiten", {"zaak": "geen-url"}).status_code == 400


def test_list_only_shows_authorised_besluittypen(client, world):
    create(client, world, identificatie="ZICHTBAAR")
    other = services.create_decision_type(catalogus=world.catalogus, omschrijving="Geheim besluit", publish=True)
    create(client, world, identificatie="ONZICHTBAAR", besluittype=besluittype_url(other))
    limited = make_application(organisation=world.gemeente, autorisaties=[
        AutorisatieSpec(component="brc", scopes=["besluiten.lezen"], besluittype=besluittype_url(world.decision_type))])
    api = APIClient()
    api.credentials(**limited.django)
    listed = api.get(f"{API}/besluiten").json()
    assert [b["identificatie"] for b in listed["results"]] == ["ZICHTBAAR"]
    hidden = Besluit.objects.get(identificatie="ONZICHTBAAR")
    assert api.get(f"{API}/besluiten/{hidden.uuid}").status_code == 403
    assert api.post(f"{API}/besluiten", body(world), format="json").status_code == 403


def test_other_organisations_besluiten_are_not_visible(client, world):
    create(client, world, identificatie="VAN-TESTDORP")
    outsider = make_application(organisation=world.police)
    response = APIClient().get(f"{API}/besluiten", **outsider.django)
    assert response.json()["count"] == 0


def test_changes_publish_on_kanaal_besluiten_and_write_the_audit_trail(client, world):
    besluit = create(client, world)
    client.patch(besluit["url"], {"toelichting": "Nieuw"}, format="json")
    notification = Notification.objects.filter(kanaal__naam="besluiten").latest("pk").message()
    assert notification["hoofdObject"] == besluit["url"] and notification["actie"] == "partial_update"
    assert notification["kenmerken"]["besluittype"] == besluittype_url(world.decision_type)
    trail = client.get(f"{besluit['url']}/audittrail").json()
    assert [t["actie"] for t in trail] == ["create", "partial_update"]
    assert trail[1]["wijzigingen"]["oud"]["toelichting"] == "" and trail[1]["wijzigingen"]["nieuw"]["toelichting"] == "Nieuw"
    one = client.get(f"{besluit['url']}/audittrail/{trail[0]['uuid']}")
    assert one.status_code == 200 and one.json()["bron"] == "brc"


def test_destroy_removes_the_besluit_and_is_audited(client, world):
    besluit = create(client, world)
    uuid = besluit["url"].rsplit("/", 1)[1]
    assert client.delete(besluit["url"]).status_code == 204
    assert not Besluit.objects.filter(uuid=uuid).exists()
    assert ApiAuditTrail.objects.filter(hoofd_object_uuid=uuid, actie="destroy").exists()


def test_retrieve_has_etag_and_if_none_match_gives_304(client, world):
    besluit = create(client, world)
    first = client.get(besluit["url"])
    assert first.status_code == 200 and first["ETag"]
    assert client.get(besluit["url"], HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def _document(world):
    zaak = world.create_case()
    pdf = SimpleUploadedFile("besluit.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                             content_type="application/pdf")
    return zaak, services.add_document(zaak=zaak, file=pdf, titel="Besluitbrief", informatieobjecttype=world.doc_type).informatieobject


def test_document_of_a_besluit_must_have_a_document_type_of_the_besluittype(client, world):
    zaak, document = _document(world)
    besluit = create(client, world, zaak=zaak_url(zaak))
    eio = f"{BASE}/documenten/api/v1/enkelvoudiginformatieobjecten/{document.uuid}"
    response = client.post(f"{API}/besluitinformatieobjecten", {"besluit": besluit["url"], "informatieobject": eio}, format="json")
    assert ("nonFieldErrors", "missing-besluittype-informatieobjecttype-relation") in invalid_codes(response)
    world.decision_type.informatieobjecttypen.add(world.doc_type)
    response = client.post(f"{API}/besluitinformatieobjecten", {"besluit": besluit["url"], "informatieobject": eio}, format="json")
    assert response.status_code == 201, response.json()
    again = client.post(f"{API}/besluitinformatieobjecten", {"besluit": besluit["url"], "informatieobject": eio}, format="json")
    assert ("nonFieldErrors", "unique") in invalid_codes(again)
    listed = client.get(f"{API}/besluitinformatieobjecten", {"besluit": besluit["url"]}).json()
    assert [link["informatieobject"] for link in listed] == [eio]
    assert client.delete(response.json()["url"]).status_code == 204
    assert client.get(f"{API}/besluitinformatieobjecten", {"besluit": besluit["url"]}).json() == []


def test_schema_is_the_official_besluiten_spec(client, world):
    response = client.get(f"{API}/schema/openapi.yaml")
    assert response.status_code == 200 and b"Besluiten API" in response.content
