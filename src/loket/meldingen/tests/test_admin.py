import pytest

from loket.meldingen.models import Open311Client
from loket.platform.tests.factories import UserFactory, log_in_with_second_factor


@pytest.fixture
def admin_client(client, world):
    user = UserFactory(organisation=world.gemeente, is_staff=True, is_superuser=True)
    log_in_with_second_factor(client, user)
    return client


def test_functional_administrators_manage_categories_rules_and_settings(admin_client, world):
    for path in ("category", "routingrule", "meldingsettings", "open311client", "melding"):
        assert admin_client.get(f"/beheer/meldingen/{path}/").status_code == 200, path
    category = world.category("boom")
    assert admin_client.get(f"/beheer/meldingen/category/{category.pk}/change/").status_code == 200


def test_a_new_open311_client_gets_a_key_shown_once(admin_client, world):
    response = admin_client.post("/beheer/meldingen/open311client/add/", {
        "organisation": world.gemeente.pk, "name": "Buurt-app", "is_active": "on"}, follow=True)
    assert response.status_code == 200
    client = Open311Client.objects.get(name="Buurt-app")
    assert len(client.key_hash) == 64 and "API-sleutel" in response.content.decode()
