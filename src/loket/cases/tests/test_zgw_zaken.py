"""Zaken API 1.5.1: the behaviour rules (gedragsregels), each test named after the rule it checks."""

import datetime

import pytest

from loket.cases import services
from loket.cases.exceptions import InvalidState
from loket.cases.models import Rol, Status, Zaak, ZaakInformatieObject, ZaakType
from loket.cases.tests.conftest import pdf_file
from loket.platform.api_clients.services import AutorisatieSpec
from loket.platform.zgw.testing import make_application

BASE = "http://testserver"
ZAKEN = f"{BASE}/zaken/api/v1"
CRS = {"HTTP_ACCEPT_CRS": "EPSG:4326", "HTTP_CONTENT_CRS": "EPSG:4326"}
RSIN = "002220647"
SCOPES_ALL_BUT_FORCE = ["zaken.lezen", "zaken.aanmaken", "zaken.bijwerken", "zaken.statussen.toevoegen", "zaken.verwijderen",
                        "audittrails.lezen"]


def catalogi(kind, obj):
    return f"{BASE}/catalogi/api/v1/{kind}/{obj.uuid}"


def zaak_body(world, **extra):
    body = {"bronorganisatie": RSIN, "verantwoordelijkeOrganisatie": RSIN, "zaaktype": catalogi("zaaktypen", world.zaaktype),
            "startdatum": "2024-03-01", "omschrijving": "Terras"}
    body.update(extra)
    return body


def post(client, path, body, **headers):
    return client.post(f"/zaken/api/v1/{path}", body, format="json", **CRS, **headers)


def create_zaak(client, world, **extra):
    response = post(client, "zaken", zaak_body(world, **extra))
    assert response.status_code == 201, response.json()
    return response.json()


def set_result(client, world, zaak_url, resultaat="verleend"):
    response = post(client, "resultaten", {"zaak": zaak_url, "resultaattype": catalogi("resultaattypen", world.results[resultaat])})
    assert response.status_code == 201, response.json()
    return response.json()


def set_status(client, world, zaak_url, index, when="2024-03-05T10:00:00Z", **headers):
    return post(client, "statussen", {"zaak": zaak_url, "statustype": catalogi("statustypen", world.statuses[index]),
                                      "datumStatusGezet": when}, **headers)


def close(client, world, zaak_url, resultaat="verleend"):
    set_result(client, world, zaak_url, resultaat)
    response = set_status(client, world, zaak_url, -1)
    assert response.status_code == 201, response.json()
    return response.json()


def codes(response):
    return {(p["name"], p["code"]) for p in response.json().get("invalidParams", [])}


def other_case_type(world, code="ANDER", **result):
    zaaktype = services.create_case_type(catalogus=world.catalogus, identificatie=code, omschrijving="Ander zaaktype",
                                         department=world.roads, doorlooptijd_days=5, begin_geldigheid=datetime.date(2020, 1, 1))
    statuses = [services.add_status_type(zaaktype=zaaktype, omschrijving=n) for n in ("Nieuw", "Klaar")]
    result = services.add_result_type(zaaktype=zaaktype, omschrijving="Klaar", archiefnominatie="vernietigen", archiefactietermijn="P1Y",
                                      **result)
    roltype = services.add_role_type(zaaktype=zaaktype, omschrijving="Aanvrager", omschrijving_generiek="initiator")
    eigenschap = services.add_eigenschap(zaaktype=zaaktype, naam="kleur", definitie="Kleur", formaat="datum")
    services.publish_case_type(zaaktype=zaaktype)
    zaaktype.refresh_from_db()
    return zaaktype, statuses, result, roltype, eigenschap


def limited_client(world, scopes, zaaktype=None, maximum="zeer_geheim"):
    from rest_framework.test import APIClient

    app = make_application(organisation=world.gemeente, autorisaties=[AutorisatieSpec(
        component="zrc", scopes=scopes, zaaktype=catalogi("zaaktypen", zaaktype or world.zaaktype),
        max_vertrouwelijkheidaanduiding=maximum)])
    api = APIClient()
    api.credentials(**app.django)
    return api


@pytest.fixture
def client(zgw_client):
    return zgw_client


# -- identificatie -----------------------------------------------------------------------------------------------


def test_identificatie_is_generated_when_not_given(client, world):
    zaak = create_zaak(client, world)
    assert zaak["identificatie"].startswith("TD-")
    assert zaak["status"] is None


def test_identificatie_is_unique_per_bronorganisatie(client, world):
    create_zaak(client, world, identificatie="ZAAK-1")
    response = post(client, "zaken", zaak_body(world, identificatie="ZAAK-1"))
    assert response.status_code == 400
    assert ("identificatie", "identificatie-niet-uniek") in codes(response)


# -- URL references ----------------------------------------------------------------------------------------------


def test_url_reference_to_nothing_is_bad_url(client, world):
    response = post(client, "zaken", zaak_body(world, zaaktype=f"{BASE}/catalogi/api/v1/zaaktypen/00000000-0000-0000-0000-000000000000"))
    assert response.status_code == 400
    assert ("zaaktype", "bad-url") in codes(response)


def test_url_reference_to_resource_of_other_type_is_invalid_resource(client, world):
    response = post(client, "zaken", zaak_body(world, zaaktype=catalogi("statustypen", world.statuses[0])))
    assert response.status_code == 400
    assert ("zaaktype", "invalid-resource") in codes(response)


def test_unpublished_zaaktype_is_refused(client, world):
    draft = services.new_case_type_version(zaaktype=world.zaaktype, begin_geldigheid=datetime.date(2030, 1, 1))
    response = post(client, "zaken", zaak_body(world, zaaktype=catalogi("zaaktypen", draft)))
    assert response.status_code == 400
    assert ("zaaktype", "not-published") in codes(response)


# -- types belong to the zaak's zaaktype -------------------------------------------------------------------------


def test_statustype_must_belong_to_zaaktype(client, world):
    _zt, statuses, *_rest = other_case_type(world)
    zaak = create_zaak(client, world)
    response = post(client, "statussen", {"zaak": zaak["url"], "statustype": catalogi("statustypen", statuses[0]),
                                          "datumStatusGezet": "2024-03-02T10:00:00Z"})
    assert response.status_code == 400
    assert ("nonFieldErrors", "zaaktype-mismatch") in codes(response)


def test_roltype_must_belong_to_zaaktype(client, world):
    _zt, _st, _res, roltype, _e = other_case_type(world)
    zaak = create_zaak(client, world)
    response = post(client, "rollen", {"zaak": zaak["url"], "roltype": catalogi("roltypen", roltype), "betrokkeneType": "natuurlijk_persoon",
                                       "roltoelichting": "", "betrokkeneIdentificatie": {"inpBsn": "111222333"}})
    assert response.status_code == 400
    assert ("nonFieldErrors", "zaaktype-mismatch") in codes(response)
    # reported before a missing betrokkene, as Open Zaak does (VNG scenario zrc-019a)
    response = post(client, "rollen", {"zaak": zaak["url"], "roltype": catalogi("roltypen", roltype),
                                       "betrokkeneType": "natuurlijk_persoon", "roltoelichting": ""})
    assert codes(response) == {("nonFieldErrors", "zaaktype-mismatch")}


def test_resultaattype_must_belong_to_zaaktype(client, world):
    _zt, _st, result, _r, _e = other_case_type(world)
    zaak = create_zaak(client, world)
    response = post(client, "resultaten", {"zaak": zaak["url"], "resultaattype": catalogi("resultaattypen", result)})
    assert response.status_code == 400
    assert ("nonFieldErrors", "zaaktype-mismatch") in codes(response)


def test_eigenschap_must_belong_to_zaaktype(client, world):
    _zt, _st, _res, _r, eigenschap = other_case_type(world)
    zaak = create_zaak(client, world)
    response = post(client, f"zaken/{zaak['uuid']}/zaakeigenschappen",
                    {"zaak": zaak["url"], "eigenschap": catalogi("eigenschappen", eigenschap), "waarde": "rood"})
    assert response.status_code == 400
    assert ("nonFieldErrors", "zaaktype-mismatch") in codes(response)


# -- closing, archiving, frozen, reopening -----------------------------------------------------------------------


def test_closing_needs_a_resultaat(client, world):
    zaak = create_zaak(client, world)
    response = set_status(client, world, zaak["url"], -1)
    assert response.status_code == 400
    assert Zaak.objects.get(uuid=zaak["uuid"]).einddatum is None


def test_final_status_sets_einddatum_and_archiving_dates(client, world):
    zaak = create_zaak(client, world)
    close(client, world, zaak["url"])
    closed = client.get(f"/zaken/api/v1/zaken/{zaak['uuid']}", **CRS).json()
    assert closed["einddatum"] == "2024-03-05"
    assert closed["archiefnominatie"] == "vernietigen"
    assert closed["archiefactiedatum"] == "2029-03-05"  # afgehandeld + P5Y
    assert closed["startdatumBewaartermijn"] == "2024-03-05"


def test_archiving_brondatum_from_eigenschap(client, world):
    zaaktype, statuses, resultaattype, _r, eigenschap = other_case_type(world, afleidingswijze="eigenschap", datumkenmerk="kleur")
    zaak = create_zaak(client, world, zaaktype=catalogi("zaaktypen", zaaktype))
    assert post(client, f"zaken/{zaak['uuid']}/zaakeigenschappen",
                {"zaak": zaak["url"], "eigenschap": catalogi("eigenschappen", eigenschap), "waarde": "2024-06-01"}).status_code == 201
    assert post(client, "resultaten", {"zaak": zaak["url"], "resultaattype": catalogi("resultaattypen", resultaattype)}).status_code == 201
    assert post(client, "statussen", {"zaak": zaak["url"], "statustype": catalogi("statustypen", statuses[-1]),
                                      "datumStatusGezet": "2024-03-05T10:00:00Z"}).status_code == 201
    closed = Zaak.objects.get(uuid=zaak["uuid"])
    assert closed.startdatum_bewaartermijn == datetime.date(2024, 6, 1)
    assert closed.archiefactiedatum == datetime.date(2025, 6, 1)


def test_closed_zaak_is_frozen_without_geforceerd_bijwerken(client, world):
    zaak = create_zaak(client, world)
    close(client, world, zaak["url"])
    limited = limited_client(world, SCOPES_ALL_BUT_FORCE)
    response = limited.patch(f"/zaken/api/v1/zaken/{zaak['uuid']}", {"toelichting": "later"}, format="json", **CRS)
    assert response.status_code == 403
    forced = limited_client(world, [*SCOPES_ALL_BUT_FORCE, "zaken.geforceerd-bijwerken"])
    response = forced.patch(f"/zaken/api/v1/zaken/{zaak['uuid']}", {"toelichting": "later"}, format="json", **CRS)
    assert response.status_code == 200, response.json()
    assert response.json()["toelichting"] == "later"


def test_reopening_needs_zaken_heropenen(client, world):
    zaak = create_zaak(client, world)
    close(client, world, zaak["url"])
    limited = limited_client(world, SCOPES_ALL_BUT_FORCE)
    assert set_status(limited, world, zaak["url"], 1, "2024-03-06T10:00:00Z").status_code == 403
    reopener = limited_client(world, [*SCOPES_ALL_BUT_FORCE, "zaken.heropenen"])
    response = set_status(reopener, world, zaak["url"], 1, "2024-03-06T10:00:00Z")
    assert response.status_code == 201, response.json()
    reopened = Zaak.objects.get(uuid=zaak["uuid"])
    assert reopened.einddatum is None and not reopened.is_closed and reopened.archiefactiedatum is None


# -- hoofdzaak / deelzaak ----------------------------------------------------------------------------------------


def test_deelzaak_cannot_be_hoofdzaak(client, world):
    hoofd = create_zaak(client, world)
    deel = create_zaak(client, world, hoofdzaak=hoofd["url"])
    assert client.get(f"/zaken/api/v1/zaken/{hoofd['uuid']}", **CRS).json()["deelzaken"] == [deel["url"]]
    response = post(client, "zaken", zaak_body(world, hoofdzaak=deel["url"]))
    assert response.status_code == 400
    assert ("hoofdzaak", "deelzaak-als-hoofdzaak") in codes(response)


def test_zaak_cannot_be_its_own_hoofdzaak(client, world):
    zaak = create_zaak(client, world)
    response = client.patch(f"/zaken/api/v1/zaken/{zaak['uuid']}", {"hoofdzaak": zaak["url"]}, format="json", **CRS)
    assert response.status_code == 400
    assert ("hoofdzaak", "self-forbidden") in codes(response)


# -- other attribute rules ---------------------------------------------------------------------------------------


def test_emptied_uiterlijke_einddatum_afdoening_falls_back_to_the_zaaktype_term(client, world):
    zaak = create_zaak(client, world)
    original = zaak["uiterlijkeEinddatumAfdoening"]
    moved = client.patch(f"/zaken/api/v1/zaken/{zaak['uuid']}", {"uiterlijkeEinddatumAfdoening": "2099-01-01"},
                         format="json", **CRS)
    assert moved.json()["uiterlijkeEinddatumAfdoening"] == "2099-01-01"
    response = client.patch(f"/zaken/api/v1/zaken/{zaak['uuid']}", {"uiterlijkeEinddatumAfdoening": None},
                            format="json", **CRS)
    assert response.status_code == 200
    assert response.json()["uiterlijkeEinddatumAfdoening"] == original


def test_a_list_parameter_given_twice_or_an_empty_page_is_a_validatiefout(client, world):
    create_zaak(client, world)
    response = client.get("/zaken/api/v1/zaken?page=1&page=2", **CRS)
    assert response.status_code == 400
    assert ("page", "invalid") in codes(response)
    empty = client.get("/zaken/api/v1/zaken?page=", **CRS)
    assert empty.status_code == 400
    assert ("page", "invalid") in codes(empty)


def test_betalingsindicatie_nvt_forbids_laatste_betaaldatum(client, world):
    response = post(client, "zaken", zaak_body(world, betalingsindicatie="nvt", laatsteBetaaldatum="2024-03-01T10:00:00Z"))
    assert response.status_code == 400
    assert ("laatsteBetaaldatum", "betaling-nvt") in codes(response)


def test_bronorganisatie_must_be_a_valid_rsin(client, world):
    response = post(client, "zaken", zaak_body(world, bronorganisatie="123456789"))
    assert response.status_code == 400
    assert ("bronorganisatie", "invalid") in codes(response)


def test_rsin_000000000_passes_the_11_test(client, world):
    """The specs ask for 9 digits passing the 11-test; VNG's test scenarios use 000000000 everywhere."""
    response = post(client, "zaken", zaak_body(world, bronorganisatie="000000000", verantwoordelijkeOrganisatie="000000000"))
    assert response.status_code == 201, response.json()


def test_a_suspension_registered_through_the_api_does_not_depend_on_the_zaaktype(client, world):
    """The standard does not tie ``opschorting`` to ``opschortingEnAanhoudingMogelijk`` (VNG scenario zrc-001a
    registers a suspended case of a type that does not foresee it); the staff workspace does."""
    ZaakType.objects.filter(pk=world.zaaktype.pk).update(opschorting_en_aanhouding_mogelijk=False)
    created = post(client, "zaken", zaak_body(world, opschorting={"indicatie": True, "reden": "wacht op advies"}))
    assert created.status_code == 201, created.json()
    assert created.json()["opschorting"]["indicatie"] is True


def test_a_suspended_case_can_be_closed_through_the_api(client, world):
    """The Zaken API has no rule that a suspension ends before the final status (VNG scenario zrc-007a closes a case
    created suspended); staff end the suspension first."""
    zaak = create_zaak(client, world, opschorting={"indicatie": True, "reden": "wacht op advies"})
    close(client, world, zaak["url"])
    assert Zaak.objects.get(uuid=zaak["uuid"]).einddatum == datetime.date(2024, 3, 5)
    suspended = services.create_case(organisation=world.gemeente, zaaktype=world.zaaktype, omschrijving="Terras")
    services.suspend_case(zaak=suspended, reason="wacht", check_case_type=False)
    services.set_result(zaak=suspended, resultaattype=world.results["verleend"])
    with pytest.raises(InvalidState, match="opschorting"):
        services.set_status(zaak=suspended, statustype=world.statuses[-1])


def test_zaaktype_cannot_change(client, world):
    other, *_rest = other_case_type(world)
    zaak = create_zaak(client, world)
    response = client.patch(f"/zaken/api/v1/zaken/{zaak['uuid']}", {"zaaktype": catalogi("zaaktypen", other)}, format="json", **CRS)
    assert response.status_code == 400
    assert ("zaaktype", "wijzigen-niet-toegelaten") in codes(response)


# -- authorisation, CRS, ETag, expand, _zoek -------------------------------------------------------------------


def test_list_is_filtered_to_authorised_zaaktypen_and_confidentiality(client, world):
    other, *_rest = other_case_type(world)
    visible = create_zaak(client, world, vertrouwelijkheidaanduiding="openbaar")
    create_zaak(client, world, vertrouwelijkheidaanduiding="geheim")
    create_zaak(client, world, zaaktype=catalogi("zaaktypen", other))
    limited = limited_client(world, ["zaken.lezen"], maximum="intern")
    response = limited.get("/zaken/api/v1/zaken", **CRS)
    assert response.status_code == 200
    assert [z["url"] for z in response.json()["results"]] == [visible["url"]]
    assert response.json()["count"] == 1


def test_detail_of_unauthorised_zaak_is_forbidden(client, world):
    zaak = create_zaak(client, world, vertrouwelijkheidaanduiding="geheim")
    limited = limited_client(world, ["zaken.lezen"], maximum="openbaar")
    assert limited.get(f"/zaken/api/v1/zaken/{zaak['uuid']}", **CRS).status_code == 403


def test_create_outside_authorisation_is_forbidden(client, world):
    other, *_rest = other_case_type(world)
    limited = limited_client(world, ["zaken.lezen", "zaken.aanmaken"])
    response = post(limited, "zaken", zaak_body(world, zaaktype=catalogi("zaaktypen", other)))
    assert response.status_code == 403


def test_geo_requests_require_accept_crs_and_content_crs(client, world):
    assert client.get("/zaken/api/v1/zaken").status_code == 412
    assert client.get("/zaken/api/v1/zaken", HTTP_ACCEPT_CRS="EPSG:28992").status_code == 406
    assert client.post("/zaken/api/v1/zaken", zaak_body(world), format="json", HTTP_ACCEPT_CRS="EPSG:4326").status_code == 412
    response = client.get("/zaken/api/v1/zaken", HTTP_ACCEPT_CRS="EPSG:4326")
    assert response.status_code == 200 and response["Content-Crs"] == "EPSG:4326"


def test_etag_and_if_none_match_give_304(client, world):
    zaak = create_zaak(client, world)
    first = client.get(f"/zaken/api/v1/zaken/{zaak['uuid']}", **CRS)
    etag = first["ETag"]
    assert client.get(f"/zaken/api/v1/zaken/{zaak['uuid']}", HTTP_IF_NONE_MATCH=etag, **CRS).status_code == 304
    client.patch(f"/zaken/api/v1/zaken/{zaak['uuid']}", {"toelichting": "nieuw"}, format="json", **CRS)
    assert client.get(f"/zaken/api/v1/zaken/{zaak['uuid']}", HTTP_IF_NONE_MATCH=etag, **CRS).status_code == 200


def test_expand_includes_status_and_rollen(client, world):
    zaak = create_zaak(client, world)
    assert set_status(client, world, zaak["url"], 0, "2024-03-02T10:00:00Z").status_code == 201
    post(client, "rollen", {"zaak": zaak["url"], "roltype": catalogi("roltypen", world.initiator_role), "betrokkeneType": "natuurlijk_persoon",
                            "roltoelichting": "", "betrokkeneIdentificatie": {"inpBsn": "111222333", "geslachtsnaam": "Peeters"}})
    data = client.get(f"/zaken/api/v1/zaken/{zaak['uuid']}?expand=status,rollen", **CRS).json()
    assert data["_expand"]["status"]["statustype"] == catalogi("statustypen", world.statuses[0])
    assert data["_expand"]["rollen"][0]["betrokkeneIdentificatie"]["inpBsn"] == "111222333"
    assert client.get("/zaken/api/v1/zaken?expand=onbekend", **CRS).status_code == 400
    listed = client.get("/zaken/api/v1/zaken?expand=status", **CRS).json()["results"][0]
    assert listed["_expand"]["status"]["url"] == data["status"]


def test_zoek_within_geometry(client, world):
    inside = create_zaak(client, world, zaakgeometrie={"type": "Point", "coordinates": [4.40, 51.22]})
    create_zaak(client, world, zaakgeometrie={"type": "Point", "coordinates": [5.40, 52.22]})
    create_zaak(client, world)
    area = {"type": "Polygon", "coordinates": [[[4.3, 51.1], [4.5, 51.1], [4.5, 51.3], [4.3, 51.3], [4.3, 51.1]]]}
    response = post(client, "zaken/_zoek", {"zaakgeometrie": {"within": area}})
    assert response.status_code == 200, response.json()
    assert [z["url"] for z in response.json()["results"]] == [inside["url"]]


def test_filters_by_rol_betrokkene_identificatie(client, world):
    zaak = create_zaak(client, world)
    create_zaak(client, world)
    post(client, "rollen", {"zaak": zaak["url"], "roltype": catalogi("roltypen", world.initiator_role), "betrokkeneType": "natuurlijk_persoon",
                            "roltoelichting": "", "betrokkeneIdentificatie": {"inpBsn": "111222333"}})
    response = client.get("/zaken/api/v1/zaken?rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=111222333", **CRS)
    assert [z["url"] for z in response.json()["results"]] == [zaak["url"]]
    assert client.get("/zaken/api/v1/zaken?startdatum=gisteren", **CRS).status_code == 400


# -- notifications and audit trail -------------------------------------------------------------------------------


def test_every_change_publishes_a_zaken_notification(client, world):
    from loket.platform.notifications.models import Notification

    zaak = create_zaak(client, world)
    status = set_status(client, world, zaak["url"], 0, "2024-03-02T10:00:00Z").json()
    messages = [n.message() for n in Notification.objects.filter(kanaal__naam="zaken").order_by("pk")]
    assert [(m["resource"], m["actie"], m["resourceUrl"]) for m in messages] == [
        ("zaak", "create", zaak["url"]), ("status", "create", status["url"])]
    assert messages[1]["hoofdObject"] == zaak["url"]
    assert messages[0]["kenmerken"]["zaaktype"] == zaak["zaaktype"]


def test_changes_are_in_the_audittrail(client, world):
    zaak = create_zaak(client, world)
    client.patch(f"/zaken/api/v1/zaken/{zaak['uuid']}", {"toelichting": "nieuw"}, format="json", **CRS)
    trail = client.get(f"/zaken/api/v1/zaken/{zaak['uuid']}/audittrail").json()
    assert [e["actie"] for e in trail] == ["create", "partial_update"]
    assert trail[1]["wijzigingen"]["nieuw"]["toelichting"] == "nieuw"


def test_deleting_a_zaak_removes_its_parts(client, world):
    zaak = create_zaak(client, world)
    set_status(client, world, zaak["url"], 0, "2024-03-02T10:00:00Z")
    assert client.delete(f"/zaken/api/v1/zaken/{zaak['uuid']}").status_code == 204
    assert not Zaak.objects.filter(uuid=zaak["uuid"]).exists()
    assert not Status.objects.filter(zaak__uuid=zaak["uuid"]).exists()


def test_deleting_a_hoofdzaak_deletes_its_deelzaken(client, world):
    """The spec's zaak_destroy: "zaak - de deelzaken van de verwijderde hoofdzaak" are removed with it (zrc-023)."""
    hoofdzaak = create_zaak(client, world)
    deelzaak = create_zaak(client, world, hoofdzaak=hoofdzaak["url"])
    assert client.delete(f"/zaken/api/v1/zaken/{hoofdzaak['uuid']}").status_code == 204
    assert not Zaak.objects.filter(uuid__in=[hoofdzaak["uuid"], deelzaak["uuid"]]).exists()


# -- Loket extensions --------------------------------------------------------------------------------------------


def _document(world):
    zaak = world.create_case()
    return services.add_document(zaak=zaak, file=pdf_file(), titel="Aanvraag", informatieobjecttype=world.doc_type,
                                 actor=world.handler).informatieobject


def test_register_case_creates_zaak_rol_status_and_documents_in_one_transaction(client, world):
    from loket.platform.notifications.models import Notification

    document = _document(world)
    body = {"zaak": zaak_body(world), "initiator": {"betrokkeneType": "natuurlijk_persoon", "betrokkeneIdentificatie": {"inpBsn": "111222333"}},
            "documenten": [{"informatieobject": f"{BASE}/documenten/api/v1/enkelvoudiginformatieobjecten/{document.uuid}", "titel": "Aanvraag"}]}
    response = client.post("/zaken/api/v1/loket/zaak-registreren", body, format="json")
    assert response.status_code == 201, response.json()["invalidParams"]
    overview = response.json()
    assert overview["rollen"][0]["omschrijvingGeneriek"] == "initiator"
    assert overview["statussen"][0]["statustype"] == catalogi("statustypen", world.statuses[0])
    assert overview["documenten"][0]["_informatieobject"]["titel"] == "Aanvraag"
    resources = [n.message()["resource"] for n in Notification.objects.filter(kanaal__naam="zaken").order_by("pk")]
    assert resources == ["zaak", "rol", "status", "zaakinformatieobject"]


def test_register_case_leaves_nothing_when_one_part_fails(client, world):
    before = Zaak.objects.count()
    body = {"zaak": zaak_body(world), "initiator": {"betrokkeneType": "natuurlijk_persoon", "betrokkeneIdentificatie": {"inpBsn": "111222333"}},
            "documenten": [{"informatieobject": f"{BASE}/documenten/api/v1/enkelvoudiginformatieobjecten/00000000-0000-0000-0000-000000000000"}]}
    response = client.post("/zaken/api/v1/loket/zaak-registreren", body, format="json")
    assert response.status_code == 400
    assert Zaak.objects.count() == before
    assert not Rol.objects.filter(betrokkene_identificatie__inpBsn="111222333").exists()


def test_case_overview_returns_everything_in_one_response(client, world):
    document = _document(world)
    zaak = create_zaak(client, world)
    set_status(client, world, zaak["url"], 0, "2024-03-02T10:00:00Z")
    response = post(client, "zaakinformatieobjecten", {
        "zaak": zaak["url"], "informatieobject": f"{BASE}/documenten/api/v1/enkelvoudiginformatieobjecten/{document.uuid}"})
    assert response.status_code == 201, response.json()["invalidParams"]
    overview = client.get(f"/zaken/api/v1/loket/zaken/{zaak['uuid']}/overzicht").json()
    assert overview["zaak"]["url"] == zaak["url"]
    assert len(overview["statussen"]) == 1 and len(overview["documenten"]) == 1
    assert ZaakInformatieObject.objects.filter(zaak__uuid=zaak["uuid"]).count() == 1


def test_schema_is_served_with_loket_extensions(client):
    response = client.get("/zaken/api/v1/schema/openapi.yaml")
    assert response.status_code == 200
    assert b"/loket/zaak-registreren" in response.content and b"/zaken/_zoek" in response.content


def test_head_answers_etag_and_content_type_without_body(client, world):
    zaak = create_zaak(client, world)
    response = client.head(f"/zaken/api/v1/zaken/{zaak['uuid']}")
    assert response.status_code == 200
    assert response["ETag"] and response["Content-Type"] == "application/json" and response["Content-Crs"] == "EPSG:4326"
    assert response.content == b""


# -- VNG scenarios (zrc-004, -007, -010, -012, -015) -------------------------------------------------------------


@pytest.fixture
def referentielijsten(external_host):
    """An allowlisted host answering a communicatiekanaal, an HTML page (200) and nothing (404)."""
    external_host.answers.update({
        "/kanaal": (200, {"url": f"{external_host.url}/kanaal", "naam": "e-mail", "omschrijving": ""}),
        "/html": (200, None),
    })
    return external_host.url


def test_communicatiekanaal_must_be_a_communicatiekanaal_resource(client, world, referentielijsten):
    for path, code in (("/onbekend", "bad-url"), ("/html", "invalid-resource")):
        response = post(client, "zaken", zaak_body(world, communicatiekanaal=referentielijsten + path))
        assert ("communicatiekanaal", code) in codes(response), response.json()
    zaak = create_zaak(client, world, communicatiekanaal=referentielijsten + "/kanaal")
    assert zaak["communicatiekanaal"] == referentielijsten + "/kanaal"
    patched = client.patch(f"/zaken/api/v1/zaken/{zaak['uuid']}", {"communicatiekanaal": referentielijsten + "/html"},
                           format="json", **CRS)
    assert ("communicatiekanaal", "invalid-resource") in codes(patched)


def test_zaaktype_url_answering_another_resource_is_invalid_resource(client, world, referentielijsten):
    response = post(client, "zaken", zaak_body(world, zaaktype=referentielijsten + "/html"))
    assert ("zaaktype", "invalid-resource") in codes(response)
    response = post(client, "zaken", zaak_body(world, zaaktype=referentielijsten + "/onbekend"))
    assert ("zaaktype", "bad-url") in codes(response)


def test_producten_of_diensten_must_be_listed_by_the_zaaktype(client, world):
    ZaakType.objects.filter(pk=world.zaaktype.pk).update(producten_of_diensten_extern=["https://pdc.example/p/1"])
    response = post(client, "zaken", zaak_body(world, productenOfDiensten=["https://pdc.example/p/2"]))
    assert ("productenOfDiensten", "invalid-products-services") in codes(response)
    zaak = create_zaak(client, world, productenOfDiensten=["https://pdc.example/p/1"])
    patched = client.patch(f"/zaken/api/v1/zaken/{zaak['uuid']}", {"productenOfDiensten": ["https://pdc.example/p/3"]}, format="json", **CRS)
    assert ("productenOfDiensten", "invalid-products-services") in codes(patched)


def test_opschorting_and_verlenging_are_given_whole_in_a_patch(client, world):
    zaak = create_zaak(client, world)
    for group, fields in (("opschorting", ("indicatie", "reden")), ("verlenging", ("reden", "duur"))):
        response = client.patch(f"/zaken/api/v1/zaken/{zaak['uuid']}", {group: {"wrong_field": "test"}}, format="json", **CRS)
        assert response.status_code == 400
        assert [(p["name"], p["code"]) for p in response.json()["invalidParams"]] == [
            (f"{group}.{name}", "required") for name in fields]


def test_closing_needs_indicatie_gebruiksrecht_on_every_document(client, world):
    zaak = create_zaak(client, world)
    document = _document(world)
    response = post(client, "zaakinformatieobjecten", {
        "zaak": zaak["url"], "informatieobject": f"{BASE}/documenten/api/v1/enkelvoudiginformatieobjecten/{document.uuid}"})
    assert response.status_code == 201, response.json()
    set_result(client, world, zaak["url"])
    response = set_status(client, world, zaak["url"], -1)
    assert ("nonFieldErrors", "indicatiegebruiksrecht-unset") in codes(response)
    type(document).objects.filter(pk=document.pk).update(indicatie_gebruiksrecht=False)
    assert set_status(client, world, zaak["url"], -1).status_code == 201
    type(document).objects.filter(pk=document.pk).update(indicatie_gebruiksrecht=None)
    response = set_status(client, world, zaak["url"], -1, "2024-03-07T10:00:00Z")  # also on a closed zaak (zrc-007q)
    assert ("nonFieldErrors", "indicatiegebruiksrecht-unset") in codes(response)


def test_zaak_and_informatieobject_of_a_zaakinformatieobject_cannot_change(client, world):
    zaak, other = create_zaak(client, world), create_zaak(client, world)
    document = _document(world)
    created = post(client, "zaakinformatieobjecten", {
        "zaak": zaak["url"], "informatieobject": f"{BASE}/documenten/api/v1/enkelvoudiginformatieobjecten/{document.uuid}"})
    assert created.status_code == 201, created.json()
    response = client.patch(created.json()["url"].replace(BASE, ""), {"zaak": other["url"]}, format="json", **CRS)
    assert ("zaak", "wijzigen-niet-toegelaten") in codes(response)


def test_hoofdzaak_url_matching_no_zaken_path_is_no_match(client, world, referentielijsten):
    response = post(client, "zaken", zaak_body(world, hoofdzaak=referentielijsten + "/html"))
    assert ("hoofdzaak", "no_match") in codes(response)


def test_parts_of_a_closed_zaak_need_geforceerd_bijwerken_else_403(client, world):
    """A closed zaak is frozen for its parts too: 403 (as for the zaak itself), not a ValidatieFout (zrc-007d..k)."""
    zaak = create_zaak(client, world)
    close(client, world, zaak["url"])
    limited = limited_client(world, SCOPES_ALL_BUT_FORCE)
    response = post(limited, "klantcontacten", {"zaak": zaak["url"], "datumtijd": "2024-03-06T10:00:00Z"})
    assert response.status_code == 403
    forced = limited_client(world, [*SCOPES_ALL_BUT_FORCE, "zaken.geforceerd-bijwerken"])
    assert post(forced, "klantcontacten", {"zaak": zaak["url"], "datumtijd": "2024-03-06T10:00:00Z"}).status_code == 201


def test_reopening_through_the_api_keeps_the_resultaat_and_the_given_date(client, world):
    """Reopening empties einddatum and the archiving dates, not the resultaat (zrc-008): the case closes again."""
    zaak = create_zaak(client, world)
    close(client, world, zaak["url"])
    assert set_status(client, world, zaak["url"], 1, "2024-03-06T10:00:00Z").status_code == 201
    reopened = Zaak.objects.get(uuid=zaak["uuid"])
    assert reopened.einddatum is None and reopened.resultaat is not None
    assert reopened.current_status.datum_status_gezet.date() == datetime.date(2024, 3, 6)
    assert set_status(client, world, zaak["url"], -1, "2024-03-07T10:00:00Z").status_code == 201
    assert Zaak.objects.get(uuid=zaak["uuid"]).einddatum == datetime.date(2024, 3, 7)


def test_a_closed_zaak_takes_its_final_status_again_with_geforceerd_bijwerken(client, world):
    zaak = create_zaak(client, world)
    close(client, world, zaak["url"])
    limited = limited_client(world, SCOPES_ALL_BUT_FORCE)
    assert set_status(limited, world, zaak["url"], -1, "2024-03-08T10:00:00Z").status_code == 403
    forced = limited_client(world, [*SCOPES_ALL_BUT_FORCE, "zaken.geforceerd-bijwerken"])
    response = set_status(forced, world, zaak["url"], -1, "2024-03-08T10:00:00Z")
    assert response.status_code == 201, response.json()
    assert Zaak.objects.get(uuid=zaak["uuid"]).einddatum == datetime.date(2024, 3, 8)


def test_archiefstatus_beyond_nog_te_archiveren_needs_archiefnominatie_and_archiefactiedatum(client, world):
    """Reported on the missing attribute (zrc-022d-g)."""
    zaak = create_zaak(client, world)
    url = f"/zaken/api/v1/zaken/{zaak['uuid']}"
    response = client.patch(url, {"archiefstatus": "gearchiveerd"}, format="json", **CRS)
    assert codes(response) == {("archiefnominatie", "archiefnominatie-not-set")}
    response = client.patch(url, {"archiefstatus": "gearchiveerd", "archiefnominatie": "vernietigen"}, format="json", **CRS)
    assert codes(response) == {("archiefactiedatum", "archiefactiedatum-not-set")}
