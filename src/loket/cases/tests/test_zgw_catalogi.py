"""Catalogi API 1.3.1: the behaviour rules (gedragsregels), named after the rule they check."""

import datetime

import pytest

from loket.cases.models import ResultaatType, StatusType, ZaakType
from loket.platform.api_clients.models import Component
from loket.platform.api_clients.services import AutorisatieSpec
from loket.platform.zgw.testing import make_application

API = "/catalogi/api/v1"
PROCESTYPE = "3e1f6d3e-617f-43e1-87be-8bd255ef4745"  # the world's zaaktype procestype
SELECTIELIJST = "https://selectielijst.openzaak.nl/api/v1"


def absolute(path):
    return f"http://testserver{API}/{path}"


def _ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def _client_with_scopes(organisation, scopes):
    from rest_framework.test import APIClient

    auth = make_application(organisation=organisation, autorisaties=[AutorisatieSpec(component=Component.ZTC, scopes=scopes)])
    client = APIClient()
    client.credentials(**auth.django)
    return client


@pytest.fixture
def writer(world):
    """A client with catalogi.lezen + catalogi.schrijven only (no forced writing)."""
    return _client_with_scopes(world.gemeente, ["catalogi.lezen", "catalogi.schrijven"])


def zaaktype_body(world, **overrides):
    body = {
        "identificatie": "NIEUW-ZAAKTYPE",
        "omschrijving": "Een nieuw zaaktype",
        "vertrouwelijkheidaanduiding": "openbaar",
        "doel": "Testen",
        "aanleiding": "Een test",
        "indicatieInternOfExtern": "extern",
        "handelingInitiator": "Aanvragen",
        "onderwerp": "Test",
        "handelingBehandelaar": "Behandelen",
        "doorlooptijd": "P30D",
        "opschortingEnAanhoudingMogelijk": False,
        "verlengingMogelijk": False,
        "publicatieIndicatie": False,
        "productenOfDiensten": ["https://producten.example.org/api/producten/1"],
        "selectielijstProcestype": f"{SELECTIELIJST}/procestypen/{PROCESTYPE}",
        "referentieproces": {"naam": "Referentie"},
        "verantwoordelijke": "Wegen",
        "catalogus": absolute(f"catalogussen/{world.catalogus.uuid}"),
        "besluittypen": [],
        "gerelateerdeZaaktypen": [],
        "beginGeldigheid": "2030-01-01",
        "versiedatum": "2030-01-01",
    }
    body.update(overrides)
    return body


def test_lists_only_published_zaaktypen_by_default(world, zgw_client):
    draft = ZaakType.objects.get(pk=world.zaaktype.pk)
    data = _ok(zgw_client.get(f"{API}/zaaktypen"))
    assert [z["url"] for z in data["results"]] == [absolute(f"zaaktypen/{draft.uuid}")]
    item = data["results"][0]
    assert item["concept"] is False
    assert item["doorlooptijd"] == "P10D"
    assert item["selectielijstProcestype"].endswith(f"/procestypen/{PROCESTYPE}")
    assert len(item["statustypen"]) == 3 and len(item["roltypen"]) == 2


KLASSE = "183352aa-26d1-4bc3-8bbf-aec3a180ebbb"  # a selectielijstklasse of PROCESTYPE (procestermijn nihil)
KLASSE_ZONDER_PROCESTERMIJN = "fffefd71-9891-4e78-b896-b7aa77b9d9ec"  # of PROCESTYPE, procestermijn empty
KLASSE_BESTAANSDUUR = "67348398-2263-4aab-823d-92ae5fe8129d"  # of PROCESTYPE, procestermijn bestaansduur_procesobject
OTHER_KLASSE = "6711baff-798b-4c7f-9133-8ad02c8b7c6f"  # of another procestype
OMSCHRIJVING = "a6a0bd73-262a-401a-b629-9c4a908c69b5"


def resultaattype_body(zaaktype_url, **overrides):
    body = {
        "zaaktype": zaaktype_url,
        "omschrijving": "Toegekend",
        "resultaattypeomschrijving": f"{SELECTIELIJST}/resultaattypeomschrijvingen/{OMSCHRIJVING}",
        "selectielijstklasse": f"{SELECTIELIJST}/resultaten/{KLASSE}",
        "brondatumArchiefprocedure": {"afleidingswijze": "afgehandeld"},
    }
    body.update(overrides)
    return body


def _draft_with_parts(client, world, identificatie="NIEUW-ZAAKTYPE"):
    zaaktype = _ok(client.post(f"{API}/zaaktypen", zaaktype_body(world, identificatie=identificatie), format="json"), 201)
    for volgnummer, omschrijving in ((1, "Ontvangen"), (2, "Afgehandeld")):
        _ok(client.post(f"{API}/statustypen", {"zaaktype": zaaktype["url"], "omschrijving": omschrijving,
                                                "volgnummer": volgnummer}, format="json"), 201)
    _ok(client.post(f"{API}/roltypen", {"zaaktype": zaaktype["url"], "omschrijving": "Aanvrager",
                                         "omschrijvingGeneriek": "initiator"}, format="json"), 201)
    _ok(client.post(f"{API}/resultaattypen", resultaattype_body(zaaktype["url"]), format="json"), 201)
    return zaaktype


def test_a_new_zaaktype_is_a_concept_with_its_parts(world, writer):
    zaaktype = _draft_with_parts(writer, world)
    assert zaaktype["concept"] is True
    detail = _ok(writer.get(zaaktype["url"]))
    assert len(detail["statustypen"]) == 2 and len(detail["roltypen"]) == 1 and len(detail["resultaattypen"]) == 1
    assert detail["productenOfDiensten"] == ["https://producten.example.org/api/producten/1"]
    statustypen = _ok(writer.get(f"{API}/statustypen", {"zaaktype": zaaktype["url"], "status": "alles"}))["results"]
    assert [s["isEindstatus"] for s in statustypen] == [False, True]
    resultaattype = _ok(writer.get(detail["resultaattypen"][0]))
    # archiefnominatie and archiefactietermijn come from the selectielijstklasse
    assert resultaattype["archiefnominatie"] == "vernietigen" and resultaattype["archiefactietermijn"] == "P1Y"
    assert resultaattype["omschrijvingGeneriek"]


def test_concept_zaaktypen_are_only_listed_with_status_concept_or_alles(world, writer):
    zaaktype = _draft_with_parts(writer, world)
    default = [z["url"] for z in _ok(writer.get(f"{API}/zaaktypen"))["results"]]
    concept = [z["url"] for z in _ok(writer.get(f"{API}/zaaktypen", {"status": "concept"}))["results"]]
    alles = _ok(writer.get(f"{API}/zaaktypen", {"status": "alles"}))["count"]
    assert zaaktype["url"] not in default and concept == [zaaktype["url"]] and alles == 2


def test_publishing_freezes_the_zaaktype_and_its_parts(world, writer):
    zaaktype = _draft_with_parts(writer, world)
    published = _ok(writer.post(f"{zaaktype['url']}/publish", {}, format="json"))
    assert published["concept"] is False
    response = writer.patch(zaaktype["url"], {"doorlooptijd": "P40D"}, format="json")
    assert response.status_code in (400, 409)
    assert response.json()["invalidParams"][0]["code"] == "non-concept-object"
    statustype = published["statustypen"][0]
    assert writer.patch(statustype, {"omschrijving": "Anders"}, format="json").status_code in (400, 409)
    assert writer.delete(statustype).status_code in (400, 409)
    assert writer.post(f"{API}/statustypen", {"zaaktype": zaaktype["url"], "omschrijving": "Nog één", "volgnummer": 3},
                       format="json").status_code in (400, 409)
    assert writer.delete(zaaktype["url"]).status_code in (400, 409)
    assert ZaakType.objects.get(uuid=zaaktype["url"].rsplit("/", 1)[1]).doorlooptijd_days == 30


def test_published_zaaktype_accepts_additive_corrections(world, writer):
    zaaktype = _draft_with_parts(writer, world)
    _ok(writer.post(f"{zaaktype['url']}/publish", {}, format="json"))
    changed = _ok(writer.patch(zaaktype["url"], {"toelichting": "Verduidelijking"}, format="json"))
    assert changed["toelichting"] == "Verduidelijking"


def test_geforceerd_schrijven_may_change_a_published_zaaktype(world, writer):
    zaaktype = _draft_with_parts(writer, world)
    _ok(writer.post(f"{zaaktype['url']}/publish", {}, format="json"))
    forced = _client_with_scopes(world.gemeente, ["catalogi.lezen", "catalogi.geforceerd-schrijven"])
    assert _ok(forced.patch(zaaktype["url"], {"doorlooptijd": "P6W"}, format="json"))["doorlooptijd"] == "P42D"


def test_geforceerd_verwijderen_may_delete_a_published_zaaktype_without_cases(world, writer):
    zaaktype = _draft_with_parts(writer, world)
    _ok(writer.post(f"{zaaktype['url']}/publish", {}, format="json"))
    forced = _client_with_scopes(world.gemeente, ["catalogi.lezen", "catalogi.geforceerd-verwijderen"])
    assert forced.delete(zaaktype["url"]).status_code == 204
    assert writer.get(zaaktype["url"]).status_code == 404


def test_a_zaaktype_with_cases_cannot_be_deleted_even_when_forced(world, zgw_client):
    world.create_case()
    response = zgw_client.delete(absolute(f"zaaktypen/{world.zaaktype.uuid}"))
    assert response.status_code in (400, 409)
    assert ZaakType.objects.filter(pk=world.zaaktype.pk).exists()


def test_a_concept_zaaktype_can_be_deleted(world, writer):
    zaaktype = _draft_with_parts(writer, world)
    assert writer.delete(zaaktype["url"]).status_code == 204
    assert not ZaakType.objects.filter(identificatie="NIEUW-ZAAKTYPE").exists()


def test_publishing_through_the_api_does_not_need_statuses_results_or_roles(world, writer):
    """The standard has no such rule (VNG scenario zrc setUp publishes a deelzaaktype without them); the staff
    workspace has it (test_case_types.test_publishing_needs_statuses_results_and_roles)."""
    zaaktype = _ok(writer.post(f"{API}/zaaktypen", zaaktype_body(world), format="json"), 201)
    published = _ok(writer.post(f"{zaaktype['url']}/publish", {}, format="json"), 200)
    assert published["concept"] is False


def test_selectielijstklasse_must_belong_to_the_procestype_of_the_zaaktype(world, writer):
    zaaktype = _ok(writer.post(f"{API}/zaaktypen", zaaktype_body(world), format="json"), 201)
    body = resultaattype_body(zaaktype["url"], selectielijstklasse=f"{SELECTIELIJST}/resultaten/{OTHER_KLASSE}")
    response = writer.post(f"{API}/resultaattypen", body, format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "procestype-mismatch"


def test_selectielijstklasse_must_be_a_known_resultaat(world, writer):
    zaaktype = _ok(writer.post(f"{API}/zaaktypen", zaaktype_body(world), format="json"), 201)
    wrong_list = resultaattype_body(zaaktype["url"], selectielijstklasse=f"{SELECTIELIJST}/procestypen/{PROCESTYPE}")
    response = writer.post(f"{API}/resultaattypen", wrong_list, format="json")
    assert response.status_code == 400 and response.json()["invalidParams"][0]["code"] == "invalid-resource"
    unknown = resultaattype_body(zaaktype["url"], selectielijstklasse=f"{SELECTIELIJST}/resultaten/{world.zaaktype.uuid}")
    response = writer.post(f"{API}/resultaattypen", unknown, format="json")
    assert response.status_code == 400 and response.json()["invalidParams"][0]["code"] == "bad-url"


@pytest.fixture
def elsewhere(external_host):
    """An allowlisted external host: /leeg answers 200 without JSON, /object 200 with some other object,
    /resultaat 200 with a selectielijst row Loket does not ship, anything else 404."""
    external_host.answers.update({
        "/leeg": (200, None), "/object": (200, {"url": f"{external_host.url}/object"}),
        "/resultaat": (200, {"url": f"{external_host.url}/resultaat", "procesType": "x", "procestermijn": "nihil"}),
    })
    return external_host.url


@pytest.mark.parametrize(("path", "code"), [
    ("leeg", "invalid-resource"), ("object", "invalid-resource"), ("resultaat", "bad-url"), ("weg", "bad-url")])
def test_a_referentielijst_url_that_answers_with_no_such_resource_is_invalid_resource(world, writer, elsewhere, path,
                                                                                         code):
    """bad-url: nothing there (or a row Loket does not know); invalid-resource: it answers, but not with a row of
    that list (VNG scenarios ztc-001b, ztc-002c, ztc-002d)."""
    zaaktype = _ok(writer.post(f"{API}/zaaktypen", zaaktype_body(world), format="json"), 201)
    response = writer.post(f"{API}/resultaattypen",
                           resultaattype_body(zaaktype["url"], selectielijstklasse=f"{elsewhere}/{path}"), format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0] == {"name": "selectielijstklasse", "code": code,
                                                   "reason": response.json()["invalidParams"][0]["reason"]}
    response = writer.post(f"{API}/zaaktypen", zaaktype_body(world, identificatie="ANDER",
                                                             selectielijstProcestype=f"{elsewhere}/{path}"), format="json")
    assert response.status_code == 400
    expected = "bad-url" if path == "weg" else "invalid-resource"  # a resultaat row is no procestype
    assert (response.json()["invalidParams"][0]["name"], response.json()["invalidParams"][0]["code"]) == (
        "selectielijstProcestype", expected)


def _post_with_brondatum(world, writer, brondatum):
    """POST a resultaattype with ``brondatum`` on a new zaaktype, with a selectielijstklasse that allows any
    afleidingswijze (no procestermijn), so only the brondatumArchiefprocedure rules decide."""
    zaaktype = _ok(writer.post(f"{API}/zaaktypen", zaaktype_body(world), format="json"), 201)
    body = resultaattype_body(zaaktype["url"], brondatumArchiefprocedure=brondatum,
                              selectielijstklasse=f"{SELECTIELIJST}/resultaten/{KLASSE_ZONDER_PROCESTERMIJN}")
    return writer.post(f"{API}/resultaattypen", body, format="json")


@pytest.mark.parametrize(("brondatum", "missing"), [
    ({"afleidingswijze": "termijn"}, "brondatumArchiefprocedure.procestermijn"),
    ({"afleidingswijze": "eigenschap"}, "brondatumArchiefprocedure.datumkenmerk"),
    ({"afleidingswijze": "zaakobject", "datumkenmerk": "datum"}, "brondatumArchiefprocedure.objecttype"),
])
def test_brondatum_archiefprocedure_requires_what_its_afleidingswijze_needs(world, writer, brondatum, missing):
    zaaktype = _ok(writer.post(f"{API}/zaaktypen", zaaktype_body(world), format="json"), 201)
    response = writer.post(f"{API}/resultaattypen", resultaattype_body(zaaktype["url"], brondatumArchiefprocedure=brondatum),
                           format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == missing


@pytest.mark.parametrize(("brondatum", "missing"), [
    ({"afleidingswijze": "ander_datumkenmerk", "datumkenmerk": "datum", "registratie": "BRK"},
     "brondatumArchiefprocedure.objecttype"),
    ({"afleidingswijze": "ander_datumkenmerk", "datumkenmerk": "datum", "objecttype": "pand"},
     "brondatumArchiefprocedure.registratie"),
])
def test_ander_datumkenmerk_needs_objecttype_and_registratie(world, writer, brondatum, missing):
    response = _post_with_brondatum(world, writer, brondatum)
    assert response.status_code == 400
    assert response.json()["invalidParams"] == [{"name": missing, "code": "required", "reason": response.json()[
        "invalidParams"][0]["reason"]}]


@pytest.mark.parametrize(("brondatum", "forbidden"), [
    ({"afleidingswijze": "afgehandeld", "datumkenmerk": "identificatie"}, ["datumkenmerk"]),
    ({"afleidingswijze": "afgehandeld", "einddatumBekend": True, "registratie": "BRK"},
     ["einddatumBekend", "registratie"]),
    ({"afleidingswijze": "termijn", "procestermijn": "P5Y", "objecttype": "pand"}, ["objecttype"]),
    ({"afleidingswijze": "termijn", "procestermijn": "P5Y", "einddatumBekend": True}, ["einddatumBekend"]),
    ({"afleidingswijze": "eigenschap", "datumkenmerk": "datum", "objecttype": "pand"}, ["objecttype"]),
    ({"afleidingswijze": "hoofdzaak", "procestermijn": "P5Y"}, ["procestermijn"]),
    ({"afleidingswijze": "zaakobject", "datumkenmerk": "datum", "objecttype": "pand", "registratie": "BRK"},
     ["registratie"]),
])
def test_brondatum_archiefprocedure_forbids_what_its_afleidingswijze_does_not_use(world, writer, brondatum, forbidden):
    response = _post_with_brondatum(world, writer, brondatum)
    assert response.status_code == 400
    errors = response.json()["invalidParams"]
    assert sorted(e["name"] for e in errors) == [f"brondatumArchiefprocedure.{name}" for name in sorted(forbidden)]
    assert {e["code"] for e in errors} == {"must-be-empty"}


def test_einddatum_bekend_is_free_for_the_other_afleidingswijzen(world, writer):
    _ok(_post_with_brondatum(world, writer, {"afleidingswijze": "hoofdzaak", "einddatumBekend": True}), 201)


@pytest.mark.parametrize(("klasse", "brondatum", "allowed"), [
    (KLASSE, {"afleidingswijze": "afgehandeld"}, True),  # procestermijn nihil
    (KLASSE, {"afleidingswijze": "hoofdzaak"}, False),
    (KLASSE, {"afleidingswijze": "termijn", "procestermijn": "P5Y"}, False),
    (KLASSE_BESTAANSDUUR, {"afleidingswijze": "afgehandeld"}, False),  # nihil only
    (KLASSE_BESTAANSDUUR, {"afleidingswijze": "termijn", "procestermijn": "P5Y"}, False),  # ingeschatte_... only
    (KLASSE_BESTAANSDUUR, {"afleidingswijze": "zaakobject", "datumkenmerk": "datum", "objecttype": "pand"}, True),
    (KLASSE_ZONDER_PROCESTERMIJN, {"afleidingswijze": "termijn", "procestermijn": "P5Y"}, True),
])
def test_afleidingswijze_must_fit_the_procestermijn_of_the_selectielijstklasse(world, writer, klasse, brondatum, allowed):
    zaaktype = _ok(writer.post(f"{API}/zaaktypen", zaaktype_body(world), format="json"), 201)
    body = resultaattype_body(zaaktype["url"], brondatumArchiefprocedure=brondatum,
                              selectielijstklasse=f"{SELECTIELIJST}/resultaten/{klasse}")
    response = writer.post(f"{API}/resultaattypen", body, format="json")
    if allowed:
        assert response.status_code == 201, response.content
    else:
        assert response.status_code == 400
        assert response.json()["invalidParams"][0]["name"] == "nonFieldErrors"
        assert response.json()["invalidParams"][0]["code"] == "invalid-afleidingswijze-for-procestermijn"


def test_procestype_mismatch_and_afleidingswijze_for_procestermijn_are_reported_together(world, writer):
    """Both are rules over the whole resultaattype (nonFieldErrors), as in the reference implementation; a
    brondatumArchiefprocedure field error comes alone, before them."""
    zaaktype = _ok(writer.post(f"{API}/zaaktypen", zaaktype_body(world), format="json"), 201)
    body = resultaattype_body(zaaktype["url"], selectielijstklasse=f"{SELECTIELIJST}/resultaten/{OTHER_KLASSE}",
                              brondatumArchiefprocedure={"afleidingswijze": "termijn", "procestermijn": "P5M"})
    errors = writer.post(f"{API}/resultaattypen", body, format="json").json()["invalidParams"]
    assert [(e["name"], e["code"]) for e in errors] == [
        ("nonFieldErrors", "procestype-mismatch"), ("nonFieldErrors", "invalid-afleidingswijze-for-procestermijn")]
    body["brondatumArchiefprocedure"] = {"afleidingswijze": "afgehandeld", "datumkenmerk": "identificatie"}
    errors = writer.post(f"{API}/resultaattypen", body, format="json").json()["invalidParams"]
    assert [(e["name"], e["code"]) for e in errors] == [("brondatumArchiefprocedure.datumkenmerk", "must-be-empty")]


def test_afleidingswijze_rules_are_checked_on_update_only_when_their_fields_change(world, writer):
    zaaktype = _ok(writer.post(f"{API}/zaaktypen", zaaktype_body(world), format="json"), 201)
    created = _ok(writer.post(f"{API}/resultaattypen", resultaattype_body(zaaktype["url"]), format="json"), 201)
    # an older result type (the case-type builder is looser) still takes a new toelichting
    ResultaatType.objects.filter(uuid=created["url"].rsplit("/", 1)[1]).update(einddatum_bekend=True)
    _ok(writer.patch(created["url"], {"toelichting": "Nieuw"}, format="json"))
    response = writer.patch(created["url"], {"brondatumArchiefprocedure": {
        "afleidingswijze": "afgehandeld", "einddatumBekend": True, "registratie": "BRK"}}, format="json")
    assert response.status_code == 400
    assert sorted(e["name"] for e in response.json()["invalidParams"]) == [
        "brondatumArchiefprocedure.einddatumBekend", "brondatumArchiefprocedure.registratie"]


def test_brondatum_archiefprocedure_is_stored_and_returned(world, writer):
    zaaktype = _ok(writer.post(f"{API}/zaaktypen", zaaktype_body(world), format="json"), 201)
    brondatum = {"afleidingswijze": "termijn", "procestermijn": "P5Y", "datumkenmerk": "", "einddatumBekend": False,
                 "objecttype": "", "registratie": ""}
    body = resultaattype_body(zaaktype["url"], brondatumArchiefprocedure=brondatum,
                              selectielijstklasse=f"{SELECTIELIJST}/resultaten/{KLASSE_ZONDER_PROCESTERMIJN}")
    created = _ok(writer.post(f"{API}/resultaattypen", body, format="json"), 201)
    assert created["brondatumArchiefprocedure"] == brondatum
    assert ResultaatType.objects.get(uuid=created["url"].rsplit("/", 1)[1]).afleidingswijze == "termijn"


def test_a_new_version_shares_identificatie_and_may_not_overlap(world, writer):
    body = zaaktype_body(world, identificatie=world.zaaktype.identificatie, beginGeldigheid="2019-06-01")
    overlap = writer.post(f"{API}/zaaktypen", body, format="json")
    assert overlap.status_code == 400 and overlap.json()["invalidParams"][0]["code"] == "overlap"
    world.zaaktype.einde_geldigheid = datetime.date(2029, 12, 31)
    world.zaaktype.save()
    created = _ok(writer.post(f"{API}/zaaktypen", zaaktype_body(world, identificatie=world.zaaktype.identificatie),
                              format="json"), 201)
    versions = _ok(writer.get(f"{API}/zaaktypen", {"identificatie": world.zaaktype.identificatie, "status": "alles"}))
    assert versions["count"] == 2
    assert created["beginObject"] == "2020-01-01"


def test_datum_geldigheid_selects_the_version_valid_on_that_date(world, zgw_client):
    on = _ok(zgw_client.get(f"{API}/zaaktypen", {"datumGeldigheid": "2021-05-01"}))["count"]
    before = _ok(zgw_client.get(f"{API}/zaaktypen", {"datumGeldigheid": "2019-05-01"}))["count"]
    assert (on, before) == (1, 0)


def test_statustype_and_eigenschap_must_belong_to_the_same_zaaktype(world, writer):
    zaaktype = _draft_with_parts(writer, world)
    other_status = StatusType.objects.filter(zaaktype=world.zaaktype).first()
    response = writer.post(f"{API}/eigenschappen", {
        "zaaktype": zaaktype["url"], "naam": "kenmerk", "definitie": "Een kenmerk",
        "specificatie": {"formaat": "tekst", "lengte": "20", "kardinaliteit": "1"},
        "statustype": absolute(f"statustypen/{other_status.uuid}"),
    }, format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "relations-incorrect-zaaktype"


def test_references_of_the_wrong_type_are_invalid_resource(world, writer):
    response = writer.post(f"{API}/roltypen", {"zaaktype": absolute(f"catalogussen/{world.catalogus.uuid}"),
                                                "omschrijving": "X", "omschrijvingGeneriek": "adviseur"}, format="json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "invalid-resource"
    response = writer.post(f"{API}/roltypen", {"zaaktype": "https://elders.example.org/zaaktypen/1",
                                                "omschrijving": "X", "omschrijvingGeneriek": "adviseur"}, format="json")
    assert response.status_code == 400 and response.json()["invalidParams"][0]["code"] == "bad-url"


def test_informatieobjecttype_publish_and_concept_rules(world, writer):
    body = {"catalogus": absolute(f"catalogussen/{world.catalogus.uuid}"), "omschrijving": "Bijlage",
            "vertrouwelijkheidaanduiding": "openbaar", "beginGeldigheid": "2024-01-01", "informatieobjectcategorie": "bijlage",
            "trefwoord": ["bijlage"]}
    created = _ok(writer.post(f"{API}/informatieobjecttypen", body, format="json"), 201)
    assert created["concept"] is True and created["trefwoord"] == ["bijlage"]
    assert _ok(writer.patch(created["url"], {"informatieobjectcategorie": "anders"}, format="json"))["informatieobjectcategorie"] == "anders"
    assert _ok(writer.post(f"{created['url']}/publish", {}, format="json"))["concept"] is False
    assert writer.patch(created["url"], {"informatieobjectcategorie": "weer anders"}, format="json").status_code in (400, 409)
    assert writer.delete(created["url"]).status_code in (400, 409)
    again = writer.post(f"{created['url']}/publish", {}, format="json")
    assert again.status_code in (400, 409)


def test_informatieobjecttype_versions_share_omschrijving_and_may_not_overlap(world, writer):
    body = {"catalogus": absolute(f"catalogussen/{world.catalogus.uuid}"), "omschrijving": world.doc_type.omschrijving,
            "vertrouwelijkheidaanduiding": "openbaar", "beginGeldigheid": "2024-01-01", "informatieobjectcategorie": "x"}
    response = writer.post(f"{API}/informatieobjecttypen", body, format="json")
    assert response.status_code == 400 and response.json()["invalidParams"][0]["code"] == "overlap"


def test_besluittype_publish_and_links_by_omschrijving(world, writer):
    body = {"catalogus": absolute(f"catalogussen/{world.catalogus.uuid}"), "omschrijving": "Weigering",
            "publicatieIndicatie": False, "informatieobjecttypen": [world.doc_type.omschrijving], "beginGeldigheid": "2024-01-01"}
    created = _ok(writer.post(f"{API}/besluittypen", body, format="json"), 201)
    assert created["informatieobjecttypen"] == [absolute(f"informatieobjecttypen/{world.doc_type.uuid}")]
    assert created["vastgelegdIn"] == [world.doc_type.omschrijving]
    assert _ok(writer.post(f"{created['url']}/publish", {}, format="json"))["concept"] is False
    assert writer.patch(created["url"], {"toelichting": "x"}, format="json").status_code in (400, 409)
    unknown = dict(body, omschrijving="Iets", informatieobjecttypen=["Bestaat niet"])
    assert writer.post(f"{API}/besluittypen", unknown, format="json").status_code == 400


def test_zaaktype_links_besluittypen_and_deelzaaktypen_by_omschrijving_and_identificatie(world, writer):
    body = zaaktype_body(world, besluittypen=[world.decision_type.omschrijving],
                         deelzaaktypen=[world.zaaktype.identificatie],
                         gerelateerdeZaaktypen=[{"zaaktype": absolute(f"zaaktypen/{world.zaaktype.uuid}"),
                                                 "aardRelatie": "vervolg", "toelichting": ""}])
    created = _ok(writer.post(f"{API}/zaaktypen", body, format="json"), 201)
    assert created["besluittypen"] == [absolute(f"besluittypen/{world.decision_type.uuid}")]
    assert created["deelzaaktypen"] == [absolute(f"zaaktypen/{world.zaaktype.uuid}")]
    assert created["gerelateerdeZaaktypen"][0]["aardRelatie"] == "vervolg"


def test_zaaktype_informatieobjecttype_by_omschrijving(world, writer):
    zaaktype = _draft_with_parts(writer, world)
    body = {"zaaktype": zaaktype["url"], "informatieobjecttype": world.doc_type.omschrijving, "volgnummer": 1,
            "richting": "inkomend"}
    created = _ok(writer.post(f"{API}/zaaktype-informatieobjecttypen", body, format="json"), 201)
    assert created["informatieobjecttype"] == world.doc_type.omschrijving
    duplicate = writer.post(f"{API}/zaaktype-informatieobjecttypen", dict(body, volgnummer=2), format="json")
    assert duplicate.status_code == 400
    detail = _ok(writer.get(zaaktype["url"]))
    assert detail["informatieobjecttypen"] == [absolute(f"informatieobjecttypen/{world.doc_type.uuid}")]


def test_zaakobjecttypen_belong_to_a_zaaktype(world, writer):
    zaaktype = _draft_with_parts(writer, world)
    body = {"zaaktype": zaaktype["url"], "anderObjecttype": False, "beginGeldigheid": "2030-01-01",
            "objecttype": "https://objecttypen.example.org/api/v2/objecttypes/1", "relatieOmschrijving": "Locatie"}
    created = _ok(writer.post(f"{API}/zaakobjecttypen", body, format="json"), 201)
    detail = _ok(writer.get(zaaktype["url"]))
    assert detail["zaakobjecttypen"] == [created["url"]]
    assert writer.delete(created["url"]).status_code == 204


def test_statustype_checklist_and_required_eigenschappen(world, writer):
    zaaktype = _draft_with_parts(writer, world)
    eigenschap = _ok(writer.post(f"{API}/eigenschappen", {
        "zaaktype": zaaktype["url"], "naam": "kenmerk", "definitie": "Een kenmerk",
        "specificatie": {"formaat": "getal", "lengte": "5", "kardinaliteit": "N", "waardenverzameling": []},
    }, format="json"), 201)
    statustype = _ok(writer.post(f"{API}/statustypen", {
        "zaaktype": zaaktype["url"], "omschrijving": "Controle", "volgnummer": 3, "doorlooptijd": "P5D",
        "checklistitemStatustype": [{"itemnaam": "Stuk", "vraagstelling": "Is het stuk er?", "verplicht": True}],
        "eigenschappen": [eigenschap["url"]],
    }, format="json"), 201)
    assert statustype["eigenschappen"] == [eigenschap["url"]]
    assert statustype["checklistitemStatustype"][0]["verplicht"] is True
    assert statustype["isEindstatus"] is True
    assert _ok(writer.get(eigenschap["url"]))["statustype"] == statustype["url"]


def test_volgnummer_of_a_statustype_is_unique_within_the_zaaktype(world, writer):
    zaaktype = _draft_with_parts(writer, world)
    response = writer.post(f"{API}/statustypen", {"zaaktype": zaaktype["url"], "omschrijving": "Dubbel", "volgnummer": 1},
                           format="json")
    assert response.status_code == 400


def test_an_application_sees_only_the_catalogues_of_its_organisation(world, zgw_client):
    from loket.platform.tests.factories import OrganisationFactory

    other = OrganisationFactory(slug="elders", name="Elders")
    outsider = _client_with_scopes(other, ["catalogi.lezen", "catalogi.schrijven"])
    assert _ok(outsider.get(f"{API}/catalogussen"))["count"] == 0
    assert outsider.get(absolute(f"zaaktypen/{world.zaaktype.uuid}")).status_code == 404
    assert _ok(zgw_client.get(f"{API}/catalogussen"))["count"] == 1


def test_reading_needs_the_catalogi_lezen_scope(world):
    nothing = _client_with_scopes(world.gemeente, ["catalogi.schrijven"])
    assert nothing.get(f"{API}/zaaktypen").status_code == 403
    reader = _client_with_scopes(world.gemeente, ["catalogi.lezen"])
    assert reader.get(f"{API}/zaaktypen").status_code == 200
    assert reader.post(f"{API}/zaaktypen", zaaktype_body(world), format="json").status_code == 403


def test_zaken_clients_may_read_zaaktypen(world):
    from rest_framework.test import APIClient

    auth = make_application(organisation=world.gemeente, autorisaties=[AutorisatieSpec(
        component=Component.ZRC, scopes=["zaken.lezen"], zaaktype=absolute(f"zaaktypen/{world.zaaktype.uuid}"),
        max_vertrouwelijkheidaanduiding="geheim")])
    client = APIClient()
    client.credentials(**auth.django)
    assert _ok(client.get(f"{API}/zaaktypen"))["count"] == 1
    assert client.get(absolute(f"zaaktypen/{world.zaaktype.uuid}")).status_code == 200
    assert client.get(f"{API}/statustypen").status_code == 403
    assert client.post(f"{API}/zaaktypen", zaaktype_body(world), format="json").status_code == 403


def test_catalogus_create_and_filters(world, zgw_client):
    created = _ok(zgw_client.post(f"{API}/catalogussen", {
        "domein": "NEW", "rsin": "123456782", "contactpersoonBeheerNaam": "Beheer",
    }, format="json"), 201)
    assert created["zaaktypen"] == [] and created["domein"] == "NEW"
    assert _ok(zgw_client.get(f"{API}/catalogussen", {"domein__in": "NEW,TD"}))["count"] == 2
    assert _ok(zgw_client.get(f"{API}/catalogussen", {"domein": "TD"}))["results"][0]["zaaktypen"] == [
        absolute(f"zaaktypen/{world.zaaktype.uuid}")]
    duplicate = zgw_client.post(f"{API}/catalogussen", {"domein": "NEW", "rsin": "123456782",
                                                         "contactpersoonBeheerNaam": "Beheer"}, format="json")
    assert duplicate.status_code == 400


def test_detail_answers_carry_an_etag_and_honour_if_none_match(world, zgw_client):
    url = absolute(f"zaaktypen/{world.zaaktype.uuid}")
    response = zgw_client.get(url)
    assert response["API-version"] == "1.3.1"
    etag = response["ETag"]
    assert zgw_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_changes_to_zaaktypen_publish_a_notification(world, writer):
    from loket.platform.notifications.models import Notification

    zaaktype = _draft_with_parts(writer, world)
    _ok(writer.post(f"{zaaktype['url']}/publish", {}, format="json"))
    messages = [n.message() for n in Notification.objects.filter(kanaal__naam="zaaktypen").order_by("pk")]
    assert [m["actie"] for m in messages] == ["create", "update"]
    assert messages[0]["resourceUrl"] == zaaktype["url"]
    assert messages[0]["kenmerken"] == {"catalogus": absolute(f"catalogussen/{world.catalogus.uuid}")}


def test_invalid_filters_and_input_are_validatiefout_not_errors(world, zgw_client):
    response = zgw_client.get(f"{API}/zaaktypen", {"datumGeldigheid": "gisteren"})
    assert response.status_code == 400 and response.json()["invalidParams"][0]["name"] == "datumGeldigheid"
    response = zgw_client.get(f"{API}/zaaktypen", {"status": "misschien"})
    assert response.status_code == 400
    response = zgw_client.post(f"{API}/zaaktypen", zaaktype_body(world, doorlooptijd="drie dagen"), format="json")
    assert response.status_code == 400 and response.json()["invalidParams"][0]["name"] == "doorlooptijd"


def test_schema_is_served(client):
    response = client.get(f"{API}/schema/openapi.yaml")
    assert response.status_code == 200 and b"Catalogi API" in response.content


def test_a_new_version_copies_object_types_relations_and_result_links(world, zgw_client):
    from loket.cases import services
    from loket.cases.services import catalogi_zgw

    with services.catalogi.forced_write():
        objecttype = catalogi_zgw.create_object_type(
            zaaktype=world.zaaktype, objecttype="https://objecttypen.example.org/api/v2/objecttypes/1",
            relatie_omschrijving="Locatie", begin_geldigheid=datetime.date(2020, 1, 1),
            statustypen=[world.statuses[0]], resultaattypen=[world.results["verleend"]])
        catalogi_zgw.update_result_type(resultaattype=world.results["verleend"], besluittypen=[world.decision_type])
        catalogi_zgw.set_case_type_links(zaaktype=world.zaaktype, gerelateerde_zaaktypen=[
            {"zaaktype": "https://elders.example.org/zaaktypen/1", "aard_relatie": "bijdrage"}])
    assert not services.catalogi.is_forced()
    copy = services.new_case_type_version(zaaktype=world.zaaktype, begin_geldigheid=datetime.date(2031, 1, 1))
    copied_object_type = copy.zaakobjecttypen.get()
    assert copied_object_type.pk != objecttype.pk
    assert copy.statustypen.get(volgnummer=1).zaakobjecttype == copied_object_type
    copied_result = copy.resultaattypen.get(omschrijving="Verleend")
    assert list(copied_result.besluittypen.all()) == [world.decision_type]
    assert copied_result.zaakobjecttype == copied_object_type
    assert copy.gerelateerde_zaaktypen.get().aard_relatie == "bijdrage"
    # the published original stays frozen outside forced_write()
    with pytest.raises(services.catalogi.CaseTypeFrozen):
        catalogi_zgw.update_result_type(resultaattype=world.results["verleend"], besluittypen=[])


def test_a_nul_byte_in_a_filter_is_a_validatiefout(zgw_client):
    response = zgw_client.get(f"{API}/zaaktypen?identificatie=a%00b")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["invalidParams"][0]["name"] == "nonFieldErrors"
