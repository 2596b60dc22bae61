"""Autorisaties API 1.0.0: applicaties with nested autorisaties; the gedragsregels, one test each."""

import pytest
from rest_framework.test import APIClient

from loket.platform.api_clients.models import Applicatie
from loket.platform.api_clients.services import AutorisatieSpec
from loket.platform.notifications.models import Notification
from loket.platform.zgw.testing import make_application

URL = "/autorisaties/api/v1/applicaties"
ZAAKTYPE = "https://catalogus.elders.example/catalogi/api/v1/zaaktypen/11111111-1111-1111-1111-111111111111"


def zrc(**extra):
    data = {"component": "zrc", "scopes": ["zaken.lezen"], "zaaktype": ZAAKTYPE, "maxVertrouwelijkheidaanduiding": "openbaar"}
    data.update(extra)
    return data


def codes(response):
    assert response.status_code == 400, response.content
    return {(p["name"], p["code"]) for p in response.json()["invalidParams"]}


def test_create_application_with_autorisaties_and_read_it_back(zgw_client):
    response = zgw_client.post(URL, {"clientIds": ["portaal"], "label": "Portaal", "autorisaties": [zrc()]}, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["heeftAlleAutorisaties"] is False
    assert created["autorisaties"] == [{"component": "zrc", "componentWeergave": "Zaakregistratiecomponent",
                                        "scopes": ["zaken.lezen"], "zaaktype": ZAAKTYPE,
                                        "maxVertrouwelijkheidaanduiding": "openbaar"}]
    assert zgw_client.get(created["url"]).json() == created


def test_client_id_may_belong_to_one_application_only(zgw_client, zgw_auth):
    response = zgw_client.post(URL, {"clientIds": [zgw_auth.client_id], "label": "Dubbel", "heeftAlleAutorisaties": True}, format="json")
    assert ("clientIds", "clientId-exists") in codes(response)


def test_heeft_alle_autorisaties_and_autorisaties_exclude_each_other(zgw_client):
    both = zgw_client.post(URL, {"clientIds": ["a"], "label": "A", "heeftAlleAutorisaties": True, "autorisaties": [zrc()]}, format="json")
    assert ("nonFieldErrors", "ambiguous-authorizations-specified") in codes(both)
    neither = zgw_client.post(URL, {"clientIds": ["b"], "label": "B"}, format="json")
    assert ("nonFieldErrors", "missing-authorizations") in codes(neither)


def test_scopes_must_belong_to_the_component(zgw_client):
    response = zgw_client.post(URL, {"clientIds": ["c"], "label": "C", "autorisaties": [zrc(scopes=["documenten.lezen"])]}, format="json")
    assert ("autorisaties.0.scopes", "scopes-component-mismatch") in codes(response)


def test_a_scope_every_component_shares_needs_no_type_nor_max_vertrouwelijkheid(zgw_client):
    """VNG test scenarios ac-003b/d/f: an autorisatie without scopes on the component's own resources."""
    for component in ("zrc", "drc", "brc"):
        response = zgw_client.post(URL, {"clientIds": [f"melder-{component}"], "label": "Melder", "autorisaties": [
            {"component": component, "scopes": ["notificaties.publiceren"], "zaaktype": "", "maxVertrouwelijkheidaanduiding": ""},
        ]}, format="json")
        assert response.status_code == 201, response.json()


def test_every_missing_field_of_an_autorisatie_is_reported_at_once(zgw_client):
    empty = {"component": "zrc", "scopes": ["zaken.lezen"], "zaaktype": "", "maxVertrouwelijkheidaanduiding": ""}
    assert codes(zgw_client.post(URL, {"clientIds": ["e"], "label": "E", "autorisaties": [empty]}, format="json")) == {
        ("autorisaties.0.zaaktype", "required"), ("autorisaties.0.maxVertrouwelijkheidaanduiding", "required"),
    }


def test_zrc_autorisatie_needs_zaaktype_and_max_vertrouwelijkheid(zgw_client):
    no_type = {"component": "zrc", "scopes": ["zaken.lezen"], "maxVertrouwelijkheidaanduiding": "openbaar"}
    assert ("autorisaties.0.zaaktype", "required") in codes(
        zgw_client.post(URL, {"clientIds": ["d"], "label": "D", "autorisaties": [no_type]}, format="json"))
    no_max = {"component": "zrc", "scopes": ["zaken.lezen"], "zaaktype": ZAAKTYPE}
    assert ("autorisaties.0.maxVertrouwelijkheidaanduiding", "required") in codes(
        zgw_client.post(URL, {"clientIds": ["d"], "label": "D", "autorisaties": [no_max]}, format="json"))


def test_filter_on_client_ids(zgw_client, zgw_auth):
    make_application(organisation=zgw_auth.organisation, client_id="gezocht")
    make_application(organisation=zgw_auth.organisation, client_id="andere")
    found = zgw_client.get(URL, {"clientIds": "gezocht"}).json()
    assert [a["clientIds"] for a in found["results"]] == [["gezocht"]]


def test_consumer_finds_the_application_of_a_client_id(zgw_client, zgw_auth):
    response = zgw_client.get(f"{URL}/consumer", {"clientId": zgw_auth.client_id})
    assert response.status_code == 200 and response.json()["clientIds"] == [zgw_auth.client_id]
    assert zgw_client.get(f"{URL}/consumer", {"clientId": "onbekend"}).status_code == 404


def test_put_replaces_autorisaties_and_patch_keeps_them(zgw_client):
    created = zgw_client.post(URL, {"clientIds": ["e"], "label": "E", "autorisaties": [zrc()]}, format="json").json()
    patched = zgw_client.patch(created["url"], {"label": "E2"}, format="json")
    assert patched.status_code == 200 and patched.json()["label"] == "E2" and len(patched.json()["autorisaties"]) == 1
    put = zgw_client.put(created["url"], {"clientIds": ["e"], "label": "E3", "heeftAlleAutorisaties": True}, format="json")
    assert put.status_code == 200, put.json()
    assert put.json()["autorisaties"] == [] and put.json()["heeftAlleAutorisaties"] is True


def test_changed_rights_take_effect_for_the_client(zgw_client, zgw_auth):
    app = make_application(organisation=zgw_auth.organisation, autorisaties=[
        AutorisatieSpec(component="ac", scopes=["autorisaties.lezen"])])
    client = APIClient()
    client.credentials(**app.django)
    assert client.get(URL).status_code == 200
    url = f"http://testserver{URL}/{app.applicatie.uuid}"
    zgw_client.patch(url, {"autorisaties": [{"component": "nrc", "scopes": ["notificaties.consumeren"]}]}, format="json")
    assert client.get(URL).status_code == 403


def test_changes_are_published_on_kanaal_autorisaties(zgw_client):
    created = zgw_client.post(URL, {"clientIds": ["f"], "label": "F", "heeftAlleAutorisaties": True}, format="json").json()
    zgw_client.delete(created["url"])
    messages = [n.message() for n in Notification.objects.filter(kanaal__naam="autorisaties").order_by("pk")]
    messages = [m for m in messages if m["resourceUrl"] == created["url"]]
    assert [(m["actie"], m["resource"]) for m in messages] == [("create", "applicatie"), ("destroy", "applicatie")]
    assert messages[0]["resourceUrl"] == created["url"]


def test_delete_removes_the_application(zgw_client):
    created = zgw_client.post(URL, {"clientIds": ["g"], "label": "G", "heeftAlleAutorisaties": True}, format="json").json()
    assert zgw_client.delete(created["url"]).status_code == 204
    assert not Applicatie.objects.filter(client_ids__contains=["g"]).exists()
    assert zgw_client.get(created["url"]).status_code == 404


@pytest.mark.parametrize("scope, allowed", [("autorisaties.lezen", False), ("autorisaties.bijwerken", True)])
def test_writing_needs_autorisaties_bijwerken(zgw_auth, scope, allowed):
    app = make_application(organisation=zgw_auth.organisation, autorisaties=[AutorisatieSpec(component="ac", scopes=[scope])])
    client = APIClient()
    client.credentials(**app.django)
    response = client.post(URL, {"clientIds": ["h"], "label": "H", "heeftAlleAutorisaties": True}, format="json")
    assert response.status_code == (201 if allowed else 403)


def test_local_type_url_must_point_to_an_existing_type_of_the_right_kind(zgw_client, world):
    local = f"http://testserver/catalogi/api/v1/zaaktypen/{world.zaaktype.uuid}"
    ok = zgw_client.post(URL, {"clientIds": ["l1"], "label": "L1", "autorisaties": [zrc(zaaktype=local)]}, format="json")
    assert ok.status_code == 201, ok.json()
    missing = "http://testserver/catalogi/api/v1/zaaktypen/00000000-0000-0000-0000-000000000000"
    assert ("autorisaties.0.zaaktype", "bad-url") in codes(
        zgw_client.post(URL, {"clientIds": ["l2"], "label": "L2", "autorisaties": [zrc(zaaktype=missing)]}, format="json"))
    wrong = f"http://testserver/catalogi/api/v1/besluittypen/{world.decision_type.uuid}"
    assert ("autorisaties.0.zaaktype", "invalid-resource") in codes(
        zgw_client.post(URL, {"clientIds": ["l3"], "label": "L3", "autorisaties": [zrc(zaaktype=wrong)]}, format="json"))
