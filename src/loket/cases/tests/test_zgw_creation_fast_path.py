"""What the faster case creation through the Zaken API remembers, and what it must not get wrong because of it."""

import datetime
import time

import pytest
from django.db import transaction

from loket.cases import services
from loket.cases.tests.test_zgw_zaken import catalogi, codes, create_zaak, post, zaak_body
from loket.platform.api_clients.services import set_client_secret

URL = "/autorisaties/api/v1/applicaties"  # the smallest ZGW API, as in the common ZGW tests


@pytest.fixture
def client(zgw_client):
    return zgw_client


def test_a_version_published_a_moment_ago_is_accepted_at_once(client, world):
    draft = services.new_case_type_version(zaaktype=world.zaaktype, begin_geldigheid=datetime.date(2030, 1, 1))
    body = zaak_body(world, zaaktype=catalogi("zaaktypen", draft), startdatum="2030-01-02")
    assert ("zaaktype", "not-published") in codes(post(client, "zaken", body))

    services.publish_case_type(zaaktype=draft)

    response = post(client, "zaken", body)
    assert response.status_code == 201, response.json()
    assert response.json()["zaaktype"] == catalogi("zaaktypen", draft)


def test_the_named_version_is_used_when_valid_and_the_valid_one_otherwise(client, world):
    newer = services.new_case_type_version(zaaktype=world.zaaktype, begin_geldigheid=datetime.date(2030, 1, 1))
    services.publish_case_type(zaaktype=newer)  # the older version now ends on 31 December 2029

    before = create_zaak(client, world, startdatum="2029-12-31")
    after = create_zaak(client, world, startdatum="2030-01-02")  # names the older version, no longer valid then

    assert before["zaaktype"] == catalogi("zaaktypen", world.zaaktype)
    assert after["zaaktype"] == catalogi("zaaktypen", newer)


def test_a_remembered_token_is_refused_once_the_clients_secret_changed(client, world, zgw_auth):
    assert client.get(URL).status_code == 200

    set_client_secret(client_id=zgw_auth.client_id, secret="een-nieuw-geheim-0123456789abcdef")

    assert client.get(URL).status_code == 401


def test_a_remembered_token_is_refused_once_it_expired(client, world, zgw_auth, settings):
    from rest_framework.test import APIClient

    from loket.platform.zgw.testing import make_jwt

    settings.LOKET_ZGW_JWT_LEEWAY = 0
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {make_jwt(zgw_auth.client_id, zgw_auth.secret, exp=int(time.time()) + 2)}")
    assert api.get(URL).status_code == 200

    time.sleep(2.5)

    assert api.get(URL).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_creation_leaves_a_gap_in_the_numbering_not_a_duplicate():
    from loket.cases.tests.conftest import build_world

    class Rollback(Exception):
        pass

    world = build_world()
    first = world.create_case().identificatie
    with pytest.raises(Rollback), transaction.atomic():
        world.create_case()
        raise Rollback
    third = world.create_case().identificatie

    assert int(third.rsplit("-", 1)[1]) == int(first.rsplit("-", 1)[1]) + 2
