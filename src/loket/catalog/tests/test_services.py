"""Product rules and the publication workflow: draft -> review -> published, four eyes, ownership."""

import pytest

from loket.catalog import selectors, services
from loket.catalog.models import State
from loket.platform.tests.factories import DepartmentFactory, OrganisationFactory, UserFactory

from .helpers import product

pytestmark = pytest.mark.django_db


@pytest.fixture
def gemeente():
    return OrganisationFactory(slug="heidebeek")


def test_content_rules_give_clear_dutch_errors(gemeente):
    cases = [
        ({"name": ""}, "name"),
        ({"name": "X", "type": "Onbekend"}, "type"),
        ({"name": "X", "themes": ["Ruimtevaart"]}, "themes"),
        ({"name": "X", "costs": [{"label": "Kaart", "amount": "gratis"}]}, "costs"),
        ({"name": "X", "costs": [{"label": "Kaart", "amount": "-5"}]}, "costs"),
        ({"name": "X", "external_url": "javascript:alert(1)"}, "external_url"),
        ({"name": "X", "channels": [{"kind": "duif"}]}, "channels"),
        ({"name": "X", "channels": [{"kind": "online", "login": "super"}]}, "channels"),
        ({"name": "X", "valid_from": "2026-05-01", "valid_until": "2026-01-01"}, "valid_until"),
        ({"name": "X", "lead_time_days": "veel"}, "lead_time_days"),
    ]
    for data, field in cases:
        with pytest.raises(services.CatalogError) as error:
            services.create_product(organisation=gemeente, data=data)
        assert error.value.field == field, data
        assert str(error.value)


def test_costs_are_structured_amounts(gemeente):
    made = product(gemeente, "Identiteitskaart", costs=[{"label": "Kaart", "amount": "20,5"},
                                                      {"label": "Spoed", "amount": 100}])
    assert made.costs == [{"label": "Kaart", "amount": "20.50"}, {"label": "Spoed", "amount": "100.00"}]
    assert str(made.total_cost) == "120.50"


def test_keys_are_unique_per_organisation(gemeente):
    product(gemeente, "Paspoort")
    with pytest.raises(services.CatalogError):
        services.create_product(organisation=gemeente, data={"name": "Paspoort"})
    product(OrganisationFactory(), "Paspoort")  # another organisation may use the same key


def test_workflow_draft_review_publish_with_four_eyes(gemeente):
    department = DepartmentFactory(organisation=gemeente)
    author = UserFactory(organisation=gemeente)
    colleague = UserFactory(organisation=gemeente)
    made = services.create_product(organisation=gemeente, actor=author,
                                   data={"name": "Terrasvergunning", "department": department.slug})
    assert made.state == State.DRAFT and made.department == department
    assert not selectors.search(organisation=gemeente, query="terrasvergunning").hits
    version = made.versions.get()
    with pytest.raises(services.CatalogError):
        services.publish(actor=colleague, version=version)  # not reviewed yet
    services.submit_for_review(actor=author, version=version)
    with pytest.raises(services.CatalogError):
        services.save_draft(actor=author, product=made, data={"name": "Anders"})  # locked while in review
    with pytest.raises(services.CatalogError):
        services.publish(actor=author, version=version)  # not your own
    services.publish(actor=colleague, version=version)
    made.refresh_from_db()
    version.refresh_from_db()
    assert made.state == State.PUBLISHED and version.reviewer == colleague
    assert selectors.search(organisation=gemeente, query="terras").hits[0].name == "Terrasvergunning"


def test_editing_a_published_product_keeps_it_live_until_the_new_version_is_published(gemeente):
    author, colleague = UserFactory(organisation=gemeente), UserFactory(organisation=gemeente)
    made = product(gemeente, "Terrasvergunning")
    draft = services.save_draft(actor=author, product=made, data={**services.content_of(made),
                                                                   "name": "Vergunning voor een terras"})
    made.refresh_from_db()
    assert made.name == "Terrasvergunning" and draft.number == 2
    services.submit_for_review(actor=author, version=draft)
    services.reject(actor=colleague, version=draft, note="Spelling nakijken")
    draft.refresh_from_db()
    assert draft.state == State.DRAFT and draft.note == "Spelling nakijken"
    services.submit_for_review(actor=author, version=draft)
    services.publish(actor=colleague, version=draft)
    made.refresh_from_db()
    assert made.name == "Vergunning voor een terras"
    assert list(made.versions.values_list("number", "state")) == [(2, State.PUBLISHED), (1, State.ARCHIVED)]


def test_staff_edit_only_their_organisations_products(gemeente):
    made = product(gemeente, "Paspoort")
    outsider = UserFactory(organisation=OrganisationFactory())
    assert not services.can_edit(outsider, made)
    with pytest.raises(services.CatalogError):
        services.save_draft(actor=outsider, product=made, data={"name": "Gehackt"})
    with pytest.raises(services.CatalogError):
        services.archive(actor=outsider, product=made)
    assert services.can_edit(UserFactory(organisation=gemeente), made)


def test_related_products_and_life_events(gemeente):
    adres = product(gemeente, "Adreswijziging", life_events=["verhuizen"])
    parkeren = product(gemeente, "Bewonerskaart", life_events=["verhuizen"], related=["adreswijziging"])
    assert list(parkeren.related.all()) == [adres]
    assert {p.name for p in selectors.life_event_products(gemeente, "verhuizen")} == {"Adreswijziging", "Bewonerskaart"}
