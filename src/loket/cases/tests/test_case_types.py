import datetime

import pytest

from loket.cases import selectors, services
from loket.cases.exceptions import CaseTypeFrozen, InvalidState, PermissionDenied, ValidationFailed
from loket.cases.models import ZaakType


def test_published_case_type_is_frozen_except_additive_corrections(world):
    zaaktype = world.zaaktype
    with pytest.raises(CaseTypeFrozen):
        services.update_case_type(zaaktype=zaaktype, doorlooptijd_days=20)
    with pytest.raises(CaseTypeFrozen):
        services.add_status_type(zaaktype=zaaktype, omschrijving="Extra")
    with pytest.raises(CaseTypeFrozen):
        services.add_eigenschap(zaaktype=zaaktype, naam="verplicht", definitie="x", verplicht=True)
    services.update_case_type(zaaktype=zaaktype, toelichting="Ook voor stellingen.", trefwoorden=["container"])
    with pytest.raises(CaseTypeFrozen, match="aangevuld"):
        services.update_case_type(zaaktype=zaaktype, trefwoorden=[])
    services.add_role_type(zaaktype=zaaktype, omschrijving="Aannemer", omschrijving_generiek="belanghebbende")
    services.add_eigenschap(zaaktype=zaaktype, naam="aannemer", definitie="Naam aannemer")
    zaaktype.refresh_from_db()
    assert zaaktype.doorlooptijd_days == 10 and zaaktype.trefwoorden == ["container"]


def test_new_cases_use_the_version_valid_on_their_start_date(world):
    new_start = datetime.date.today() + datetime.timedelta(days=30)
    draft = services.new_case_type_version(zaaktype=world.zaaktype, begin_geldigheid=new_start)
    services.update_case_type(zaaktype=draft, doorlooptijd_days=20)
    assert draft.statustypen.count() == 3 and draft.resultaattypen.count() == 2 and draft.ziot.count() == 1
    # A draft is not used yet.
    assert world.create_case().zaaktype == world.zaaktype
    services.publish_case_type(zaaktype=draft)
    world.zaaktype.refresh_from_db()
    assert world.zaaktype.einde_geldigheid == new_start - datetime.timedelta(days=1)
    today_case = world.create_case()
    later_case = world.create_case(startdatum=new_start)
    assert today_case.zaaktype == world.zaaktype
    assert later_case.zaaktype == draft
    by_code = world.create_case(zaaktype="INNAME-OPENBAAR-DOMEIN", startdatum=new_start)
    assert by_code.zaaktype == draft
    with pytest.raises(ValidationFailed, match="geen gepubliceerde versie"):
        world.create_case(startdatum=datetime.date(2019, 1, 1))


def test_publishing_needs_statuses_results_and_roles(world):
    draft = services.create_case_type(catalogus=world.catalogus, identificatie="GRAFFITI", omschrijving="Graffiti verwijderen",
                                      department=world.roads, doorlooptijd_days=10)
    with pytest.raises(ValidationFailed, match="twee statussen"):
        services.publish_case_type(zaaktype=draft)
    services.add_status_type(zaaktype=draft, omschrijving="Ontvangen")
    services.add_status_type(zaaktype=draft, omschrijving="Verwijderd")
    with pytest.raises(ValidationFailed, match="resultaat"):
        services.publish_case_type(zaaktype=draft)
    services.add_result_type(zaaktype=draft, omschrijving="Verwijderd", archiefnominatie="vernietigen", archiefactietermijn="P1Y")
    with pytest.raises(ValidationFailed, match="roltype"):
        services.publish_case_type(zaaktype=draft)
    services.add_role_type(zaaktype=draft, omschrijving="Melder", omschrijving_generiek="initiator")
    services.publish_case_type(zaaktype=draft)
    with pytest.raises(InvalidState):
        services.publish_case_type(zaaktype=draft)


def test_result_types_follow_the_selectielijst(world):
    draft = services.new_case_type_version(zaaktype=world.zaaktype, begin_geldigheid=datetime.date.today() + datetime.timedelta(days=1))
    # 11.1 "Verleend" of process type 11 (Toestemming verlenen)
    from loket.cases import referentielijsten

    klasse = next(r for r in referentielijsten.resultaten("3e1f6d3e-617f-43e1-87be-8bd255ef4745") if r.get("bewaartermijn"))
    result = services.add_result_type(zaaktype=draft, omschrijving="Uit selectielijst", selectielijstklasse=klasse["url"])
    assert result.archiefnominatie == klasse["waardering"]
    assert result.archiefactietermijn == klasse["bewaartermijn"]
    other_process = next(r for r in referentielijsten.resultaten("b594c8d1-ea6a-4bcd-a6aa-2c7a8ad3fe5b"))
    with pytest.raises(ValidationFailed, match="procestype"):
        services.add_result_type(zaaktype=draft, omschrijving="Fout", selectielijstklasse=other_process["url"])
    with pytest.raises(ValidationFailed, match="bestaat niet"):
        services.add_result_type(zaaktype=draft, omschrijving="Fout", selectielijstklasse="00000000-0000-0000-0000-000000000000")
    with pytest.raises(ValidationFailed, match="ISO 8601"):
        services.add_result_type(zaaktype=draft, omschrijving="Fout", archiefnominatie="vernietigen", archiefactietermijn="10 jaar")
    with pytest.raises(ValidationFailed, match="procestermijn"):
        services.add_result_type(zaaktype=draft, omschrijving="Fout", archiefnominatie="vernietigen", archiefactietermijn="P1Y",
                                 afleidingswijze="termijn")


def test_only_administrators_and_managers_build_case_types(world):
    with pytest.raises(PermissionDenied):
        services.create_case_type(catalogus=world.catalogus, identificatie="X", omschrijving="X", department=world.roads,
                                  doorlooptijd_days=3, actor=world.handler)
    made = services.create_case_type(catalogus=world.catalogus, identificatie="X", omschrijving="X", department=world.roads,
                                      doorlooptijd_days=3, actor=world.manager)
    assert made.concept
    with pytest.raises(ValidationFailed, match="bestaat al"):
        services.create_case_type(catalogus=world.catalogus, identificatie="X", omschrijving="X", department=world.roads,
                                  doorlooptijd_days=3, actor=world.manager)
    assert ZaakType.objects.filter(identificatie="X").count() == 1


def test_process_step_needs_an_existing_partner_department(world):
    draft = services.new_case_type_version(zaaktype=world.zaaktype, begin_geldigheid=datetime.date.today() + datetime.timedelta(days=1))
    from loket.platform.tests.factories import DepartmentFactory, OrganisationFactory

    with pytest.raises(ValidationFailed, match="geen partner"):
        services.add_process_step(zaaktype=draft, name="Advies", order=1, deadline_days=5,
                                  department=DepartmentFactory(organisation=OrganisationFactory()))
    with pytest.raises(ValidationFailed, match="afdeling of een partner"):
        services.add_process_step(zaaktype=draft, name="Advies", order=1, deadline_days=5)
    step = services.add_process_step(zaaktype=draft, name="Advies", order=1, deadline_days=5, department=world.police_dept)
    assert selectors.case_type_detail(draft).process_steps.get() == step
