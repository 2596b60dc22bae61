"""A case type records which catalog products it delivers (ZGW productenOfDiensten)."""

import datetime

import pytest
from django.urls import reverse

from loket.cases import services
from loket.cases.exceptions import CaseTypeFrozen, ValidationFailed
from loket.catalog.models import Product
from loket.platform.tests.factories import OrganisationFactory, log_in_with_second_factor


def _product(organisation, key):
    return Product.objects.create(organisation=organisation, key=key, name=key.replace("-", " ").capitalize())


def test_products_of_own_organisation_and_partners_can_be_linked_also_after_publication(world):
    own, partners = _product(world.gemeente, "inname-openbaar-domein"), _product(world.police, "verkeersadvies")

    services.add_product(zaaktype=world.zaaktype, product=own, actor=world.manager)
    services.add_product(zaaktype=world.zaaktype, product=partners, actor=world.manager)

    assert set(world.zaaktype.products.all()) == {own, partners}
    with pytest.raises(CaseTypeFrozen):  # a published version only grows
        services.remove_product(zaaktype=world.zaaktype, product=own, actor=world.manager)
    assert world.zaaktype.products.count() == 2


def test_a_product_of_an_unrelated_organisation_is_refused(world):
    stranger = _product(OrganisationFactory(), "paspoort")
    with pytest.raises(ValidationFailed, match="hoort niet bij deze organisatie"):
        services.add_product(zaaktype=world.zaaktype, product=stranger)
    assert world.zaaktype.products.count() == 0


def test_a_new_version_keeps_the_products(world):
    product = _product(world.gemeente, "inname-openbaar-domein")
    services.add_product(zaaktype=world.zaaktype, product=product)
    draft = services.new_case_type_version(zaaktype=world.zaaktype,
                                           begin_geldigheid=datetime.date.today() + datetime.timedelta(days=30))
    assert list(draft.products.all()) == [product]


def test_a_manager_links_a_product_in_the_case_type_builder(world, client):
    product = _product(world.gemeente, "inname-openbaar-domein")
    log_in_with_second_factor(client, world.manager)
    url = reverse("cases:case_type", kwargs={"uuid": world.zaaktype.uuid})

    page = client.get(url)
    assert "Producten en diensten" in page.content.decode()
    response = client.post(reverse("cases:case_type_action", kwargs={"uuid": world.zaaktype.uuid, "action": "product"}),
                           {"product-product": product.pk})

    assert response.status_code == 302
    assert list(world.zaaktype.products.all()) == [product]
    assert "Inname openbaar domein" in client.get(url).content.decode()
