"""The case type builder in the staff workspace: list, draft, parts, publish, new version."""

import pytest
from django.urls import reverse

from loket.cases.models import ZaakType
from loket.platform.tests.factories import log_in_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, world):
    log_in_with_second_factor(client, world.manager)
    return client


def part_url(zaaktype, action):
    return reverse("cases:case_type_action", kwargs={"uuid": zaaktype.uuid, "action": action})


def test_case_types_are_listed_per_catalogue_with_their_versions(manager_client, world):
    page = manager_client.get(reverse("cases:case_types")).content.decode()

    assert "Zaaktypecatalogus Testdorp" in page
    assert "Inname openbaar domein" in page and "INNAME-OPENBAAR-DOMEIN" in page
    assert "Gepubliceerd" in page
    assert "Nieuw zaaktype" in page


def test_a_manager_builds_and_publishes_a_case_type(manager_client, world):
    response = manager_client.post(reverse("cases:new_case_type"), {
        "catalogus": world.catalogus.pk, "identificatie": "GRAFFITI", "omschrijving": "Verwijderen graffiti",
        "department": world.roads.pk, "service_level": "collectief", "vertrouwelijkheidaanduiding": "openbaar",
        "doorlooptijd_days": 10, "working_days": "on",
    })
    zaaktype = ZaakType.objects.get(identificatie="GRAFFITI")
    assert response.status_code == 302
    assert zaaktype.concept and zaaktype.service_level == "collectief"

    too_early = manager_client.post(part_url(zaaktype, "publiceren"))
    assert too_early.status_code == 400
    assert "Een zaaktype heeft minstens twee statussen nodig" in too_early.content.decode()

    for name in ("Gemeld", "Verwijderd"):
        assert manager_client.post(part_url(zaaktype, "status"), {"status-omschrijving": name}).status_code == 302
    assert manager_client.post(part_url(zaaktype, "resultaat"), {
        "result-omschrijving": "Verwijderd", "result-archiefnominatie": "vernietigen", "result-archiefactietermijn": "P1Y",
        "result-afleidingswijze": "afgehandeld"}).status_code == 302
    assert manager_client.post(part_url(zaaktype, "rol"), {"role-omschrijving": "Melder",
                                                           "role-omschrijving_generiek": "initiator"}).status_code == 302
    assert manager_client.post(part_url(zaaktype, "stap"), {
        "step-name": "Advies politie", "step-order": 1, "step-target": f"afdeling:{world.police_dept.pk}",
        "step-deadline_days": 3, "step-working_days": "on"}).status_code == 302
    assert manager_client.post(part_url(zaaktype, "publiceren")).status_code == 302

    zaaktype.refresh_from_db()
    assert not zaaktype.concept
    assert list(zaaktype.statustypen.values_list("omschrijving", flat=True)) == ["Gemeld", "Verwijderd"]
    assert zaaktype.process_steps.get().department == world.police_dept


def test_builder_errors_are_shown_and_keep_the_input(manager_client, world):
    draft = ZaakType.objects.get(pk=world.zaaktype.pk)
    response = manager_client.post(part_url(draft, "resultaat"), {
        "result-omschrijving": "Ingetrokken", "result-archiefnominatie": "vernietigen", "result-archiefactietermijn": "tien jaar",
        "result-afleidingswijze": "afgehandeld"})
    # The published version is frozen: the service refuses before it looks at the duration.
    assert response.status_code == 409
    assert "Een gepubliceerde versie van een zaaktype kan niet meer gewijzigd worden" in response.content.decode()
    assert not draft.resultaattypen.filter(omschrijving="Ingetrokken").exists()

    manager_client.post(part_url(world.zaaktype, "nieuwe-versie"), {"version-begin_geldigheid": "2030-01-01"})
    draft = ZaakType.objects.get(identificatie=world.zaaktype.identificatie, concept=True)
    bad_duration = manager_client.post(part_url(draft, "resultaat"), {
        "result-omschrijving": "Ingetrokken", "result-archiefnominatie": "vernietigen", "result-archiefactietermijn": "tien jaar",
        "result-afleidingswijze": "afgehandeld"})
    assert bad_duration.status_code == 400
    assert "Geef een termijn als ISO 8601-duur, bv. P10Y of P6M." in bad_duration.content.decode()
    assert 'value="Ingetrokken"' in bad_duration.content.decode()
    assert not draft.resultaattypen.filter(omschrijving="Ingetrokken").exists()

    duplicate_code = manager_client.post(reverse("cases:new_case_type"), {
        "catalogus": world.catalogus.pk, "identificatie": "INNAME-OPENBAAR-DOMEIN", "omschrijving": "Dubbel",
        "department": world.roads.pk, "service_level": "transactioneel", "vertrouwelijkheidaanduiding": "openbaar",
        "doorlooptijd_days": 10})
    assert duplicate_code.status_code == 400
    assert "Deze code bestaat al in de catalogus" in duplicate_code.content.decode()


def test_new_version_of_a_published_case_type(manager_client, world):
    response = manager_client.post(part_url(world.zaaktype, "nieuwe-versie"), {"version-begin_geldigheid": "2030-01-01"})

    copy = ZaakType.objects.get(identificatie=world.zaaktype.identificatie, concept=True)
    assert response.status_code == 302 and response["Location"] == reverse("cases:case_type", kwargs={"uuid": copy.uuid})
    assert copy.statustypen.count() == 3
    page = manager_client.get(response["Location"]).content.decode()
    assert "Concept" in page and "Publiceren" in page


def test_a_case_handler_cannot_build_case_types(client, world):
    log_in_with_second_factor(client, world.handler)

    assert "Nieuw zaaktype" not in client.get(reverse("cases:case_types")).content.decode()
    assert client.get(reverse("cases:new_case_type")).status_code == 403
    response = client.post(part_url(world.zaaktype, "rol"), {"role-omschrijving": "Extra", "role-omschrijving_generiek": "adviseur"})
    assert response.status_code == 403
    assert not world.zaaktype.roltypen.filter(omschrijving="Extra").exists()


def test_case_types_of_another_organisation_are_not_found(client, world):
    log_in_with_second_factor(client, world.officer)

    assert client.get(reverse("cases:case_type", kwargs={"uuid": world.zaaktype.uuid})).status_code == 404


def test_a_result_takes_its_archiving_rules_from_the_selectielijst(manager_client, world):
    manager_client.post(part_url(world.zaaktype, "nieuwe-versie"), {"version-begin_geldigheid": "2030-01-01"})
    draft = ZaakType.objects.get(identificatie=world.zaaktype.identificatie, concept=True)
    assert "Selectielijstklasse" in manager_client.get(reverse("cases:case_type", kwargs={"uuid": draft.uuid})).content.decode()

    response = manager_client.post(part_url(draft, "resultaat"), {
        "result-omschrijving": "Ingetrokken", "result-selectielijstklasse": "67348398-2263-4aab-823d-92ae5fe8129d",
        "result-archiefnominatie": "", "result-afleidingswijze": "afgehandeld"})

    assert response.status_code == 302
    result = draft.resultaattypen.get(omschrijving="Ingetrokken")
    assert (result.archiefnominatie, result.archiefactietermijn) == ("vernietigen", "P1Y")


@pytest.mark.parametrize("action", ["status", "resultaat", "rol", "stap", "documenttype", "publiceren", "nieuwe-versie"])
def test_bad_builder_input_never_gives_a_server_error(manager_client, world, action):
    manager_client.post(part_url(world.zaaktype, "nieuwe-versie"), {"version-begin_geldigheid": "2030-01-01"})
    draft = ZaakType.objects.get(identificatie=world.zaaktype.identificatie, concept=True)
    data = {"step-target": "afdeling:abc", "step-order": "x", "step-statustype": "nope", "result-archiefnominatie": "??",
            "doctype-informatieobjecttype": "999999", "version-begin_geldigheid": "31-02-2030", "role-omschrijving_generiek": "?"}

    response = manager_client.post(part_url(draft, action), data)

    assert response.status_code in (302, 400, 409)
    draft.refresh_from_db()
    assert draft.concept or action == "publiceren"  # the copy is complete: publishing it is allowed
