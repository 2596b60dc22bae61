"""Documenten API 1.4.2, objectinformatieobjecten with objects in another installation: a Zaken or Besluiten API
elsewhere registers its relation first, then Loket's Documenten API checks it there (over HTTP, allowlisted hosts)
before storing it, and refuses to drop it while it still exists there."""

import base64

import pytest
import requests

from loket.cases.models import ExternalObjectRelation
from loket.cases.tests.conftest import PDF, build_world
from loket.platform.notifications.models import Notification

API = "/documenten/api/v1"
ZAAK = "https://zaken.elders.example/zaken/api/v1/zaken/7d7e1c1a-0000-4000-8000-000000000001"
BESLUIT = "https://zaken.elders.example/besluiten/api/v1/besluiten/7d7e1c1a-0000-4000-8000-000000000002"
PAGE = "https://zaken.elders.example/over-ons"


class _Response:
    def __init__(self, status, data):
        self.status_code, self._data = status, data

    def json(self):
        if self._data is None:  # an HTML page, say
            raise ValueError("no JSON")
        return self._data


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages


@pytest.fixture
def remote(monkeypatch, settings):
    """The other installation: a zaak, a besluit, and the relations it has registered (``links``)."""
    settings.LOKET_ZGW_ALLOWED_HOSTS = ["zaken.elders.example"]
    state = {"links": set(), "calls": [], "down": False}

    def fake_get(url, params=None, **kwargs):
        state["calls"].append((url, params))
        if state["down"]:
            raise requests.ConnectionError("down")
        if url == ZAAK:
            return _Response(200, {"url": ZAAK, "zaaktype": "https://zaken.elders.example/catalogi/api/v1/zaaktypen/1"})
        if url == BESLUIT:
            return _Response(200, {"url": BESLUIT, "besluittype": "https://zaken.elders.example/bt/1"})
        if url == PAGE:
            return _Response(200, None)
        if url.endswith("informatieobjecten"):
            kind = "zaak" if url.endswith("/zaakinformatieobjecten") else "besluit"
            found = [{"url": "x"}] if (params[kind], params["informatieobject"]) in state["links"] else []
            return _Response(200, found)
        return _Response(404, {})

    monkeypatch.setattr(requests, "get", fake_get)
    from django.core.cache import cache

    cache.clear()
    return state


@pytest.fixture
def world(db):
    return build_world()


def document(zgw_client, world):
    response = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten", {
        "bronorganisatie": "002220647", "creatiedatum": "2024-03-01", "titel": "Advies", "auteur": "Marie",
        "taal": "nld", "bestandsnaam": "advies.pdf", "inhoud": base64.b64encode(PDF).decode(),
        "informatieobjecttype": f"http://testserver/catalogi/api/v1/informatieobjecttypen/{world.doc_type.uuid}"},
        format="json")
    assert response.status_code == 201, response.json()
    return response.json()["url"]


def relate(zgw_client, doc, obj=ZAAK, object_type="zaak"):
    return zgw_client.post(f"{API}/objectinformatieobjecten", {"informatieobject": doc, "object": obj,
                                                                "objectType": object_type}, format="json")


def test_a_relation_registered_by_another_zaken_api_is_checked_there_and_stored(zgw_client, world, remote):
    doc = document(zgw_client, world)
    remote["links"].add((ZAAK, doc))

    response = relate(zgw_client, doc)

    assert response.status_code == 201, response.json()
    assert (response.json()["object"], response.json()["objectType"]) == (ZAAK, "zaak")
    listed = zgw_client.get(f"{API}/objectinformatieobjecten", {"object": ZAAK}).json()
    assert [r["informatieobject"] for r in listed] == [doc]
    assert zgw_client.get(response.json()["url"].replace("http://testserver", "")).json() == response.json()
    assert (ZAAK.rsplit("/", 2)[0] + "/zaakinformatieobjecten", {"informatieobject": doc, "zaak": ZAAK}) in remote["calls"]
    assert Notification.objects.filter(resource="objectinformatieobject", actie="create").exists()
    # the document is in use elsewhere: it cannot be deleted
    assert zgw_client.delete(doc.replace("http://testserver", "")).json()["code"] == "pending-relations"


def test_a_relation_the_other_api_does_not_have_is_refused(zgw_client, world, remote):
    doc = document(zgw_client, world)

    response = relate(zgw_client, doc)

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "inconsistent-relation"
    assert not ExternalObjectRelation.objects.exists()


def test_an_external_besluit_relation_works_the_same(zgw_client, world, remote):
    doc = document(zgw_client, world)
    remote["links"].add((BESLUIT, doc))

    assert relate(zgw_client, doc, BESLUIT, "besluit").status_code == 201
    assert relate(zgw_client, doc, BESLUIT, "besluit").json()["invalidParams"][0]["code"] == "unique"


@pytest.mark.parametrize(("obj", "object_type", "code"), [
    ("https://elders.example/zaken/api/v1/zaken/1", "zaak", "bad-url"),  # host not allowlisted
    ("https://zaken.elders.example/zaken/api/v1/zaken/onbekend", "zaak", "bad-url"),  # 404 there
    (BESLUIT, "zaak", "invalid-resource"),  # a besluit is no zaak
    (PAGE, "zaak", "invalid-resource"),  # it answers, but not with a resource
    (PAGE, "besluit", "invalid-resource"),
    ("http://testserver/geen/resource", "zaak", "bad-url"),  # our host, none of our resources: fetched, not allowed
])
def test_an_object_that_cannot_be_resolved_is_a_validatiefout(zgw_client, world, remote, obj, object_type, code):
    doc = document(zgw_client, world)

    response = relate(zgw_client, doc, obj, object_type)

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "object"
    assert response.json()["invalidParams"][0]["code"] == code


def test_the_other_api_being_down_is_a_relation_lookup_error(zgw_client, world, remote):
    doc = document(zgw_client, world)
    remote["links"].add((ZAAK, doc))
    fetched = relate(zgw_client, doc)
    assert fetched.status_code == 201
    remote["down"] = True

    from django.core.cache import cache

    cache.clear()
    other = document(zgw_client, world)
    assert relate(zgw_client, other).json()["invalidParams"][0]["code"] == "bad-url"
    deleted = zgw_client.delete(fetched.json()["url"].replace("http://testserver", ""))
    assert (deleted.status_code, deleted.json()["code"]) == (409, "relation-lookup-error")


def test_an_external_relation_is_removed_only_after_the_other_api_removed_it(zgw_client, world, remote):
    doc = document(zgw_client, world)
    remote["links"].add((ZAAK, doc))
    relation = relate(zgw_client, doc).json()
    url = relation["url"].replace("http://testserver", "")

    still = zgw_client.delete(url)
    assert (still.status_code, still.json()["code"]) == (409, "remote-relation-exists")

    remote["links"].clear()
    assert zgw_client.delete(url).status_code == 204
    assert not ExternalObjectRelation.objects.exists()
    assert zgw_client.delete(doc.replace("http://testserver", "")).status_code == 204


def test_a_verzoek_relation_is_stored_without_a_lookup(zgw_client, world, remote):
    doc = document(zgw_client, world)

    response = relate(zgw_client, doc, "https://verzoeken.example/api/v1/verzoeken/1", "verzoek")

    assert response.status_code == 201, response.json()
    assert remote["calls"] == []
