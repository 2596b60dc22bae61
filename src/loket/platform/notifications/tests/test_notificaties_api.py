"""Notificaties API 1.0.0: kanalen, abonnementen with the callback check, and notifications from other systems."""

import pytest

from loket.platform.api_clients.services import AutorisatieSpec
from loket.platform.notifications.models import Abonnement, Kanaal, Notification
from loket.platform.zgw.testing import make_application

from .conftest import SUBSCRIBER_AUTH, run_worker_once

API = "/notificaties/api/v1"


@pytest.fixture
def consumer(zgw_organisation):
    return make_application(organisation=zgw_organisation, autorisaties=[
        AutorisatieSpec(component="nrc", scopes=["notificaties.consumeren"])])


@pytest.fixture
def publisher(zgw_organisation):
    return make_application(organisation=zgw_organisation, autorisaties=[
        AutorisatieSpec(component="nrc", scopes=["notificaties.publiceren"])])


def abonnement_body(subscriber, **overrides):
    body = {"callbackUrl": subscriber.url, "auth": SUBSCRIBER_AUTH,
            "kanalen": [{"naam": "zaken", "filters": {"bronorganisatie": "002220647"}}]}
    body.update(overrides)
    return body


def message(**overrides):
    body = {"kanaal": "zaken", "hoofdObject": "https://zaken.example.org/api/v1/zaken/1", "resource": "status",
            "resourceUrl": "https://zaken.example.org/api/v1/statussen/1", "actie": "create",
            "aanmaakdatum": "2026-11-27T10:00:00Z",
            "kenmerken": {"bronorganisatie": "002220647", "zaaktype": "https://ztc.example.org/zaaktypen/1",
                          "vertrouwelijkheidaanduiding": "openbaar"}}
    body.update(overrides)
    return body


# -- kanalen -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_kanalen_list_the_standard_kanalen_with_their_filters(client, consumer):
    response = client.get(f"{API}/kanaal", **consumer.django)

    assert response.status_code == 200
    assert response["API-version"] == "1.0.0"
    zaken = next(kanaal for kanaal in response.json() if kanaal["naam"] == "zaken")
    assert zaken["filters"] == ["bronorganisatie", "zaaktype", "vertrouwelijkheidaanduiding"]
    assert client.get(zaken["url"], **consumer.django).json() == zaken
    assert [k["naam"] for k in client.get(f"{API}/kanaal", {"naam": "besluiten"}, **consumer.django).json()] == [
        "besluiten"]


@pytest.mark.django_db
def test_a_publisher_registers_a_kanaal_once(client, publisher):
    body = {"naam": "meldingen", "documentatieLink": "https://loket.example.org/docs", "filters": ["categorie"]}

    created = client.post(f"{API}/kanaal", body, content_type="application/json", **publisher.django)
    again = client.post(f"{API}/kanaal", body, content_type="application/json", **publisher.django)

    assert created.status_code == 201
    assert Kanaal.objects.get(naam="meldingen").filters == ["categorie"]
    assert again.status_code == 400
    assert again.json()["invalidParams"][0] == {"name": "naam", "code": "unique",
                                                "reason": "Er bestaat al een kanaal met deze naam."}


@pytest.mark.django_db
def test_a_consumer_may_not_register_a_kanaal_and_no_token_is_401(client, consumer):
    body = {"naam": "meldingen"}
    assert client.post(f"{API}/kanaal", body, content_type="application/json", **consumer.django).status_code == 403
    assert client.get(f"{API}/kanaal").status_code == 401


# -- abonnementen ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_abonnement_is_registered_after_the_callback_check(client, consumer, subscriber):
    response = client.post(f"{API}/abonnement", abonnement_body(subscriber), content_type="application/json",
                           **consumer.django)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["callbackUrl"] == subscriber.url
    assert body["auth"] == SUBSCRIBER_AUTH  # the registering application reads its own header back
    assert body["kanalen"] == [{"naam": "zaken", "filters": {"bronorganisatie": "002220647"}}]
    abonnement = Abonnement.objects.get()
    assert (abonnement.client_id, abonnement.organisation) == (consumer.client_id, consumer.organisation)


@pytest.mark.django_db
def test_callback_url_that_does_not_accept_the_test_notification_is_refused(client, consumer, subscriber):
    subscriber.down()
    response = client.post(f"{API}/abonnement", abonnement_body(subscriber), content_type="application/json",
                           **consumer.django)

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "invalid-callback-url"
    assert not Abonnement.objects.exists()


@pytest.mark.django_db
def test_callback_url_that_accepts_anything_without_auth_is_refused(client, consumer, subscriber, settings):
    subscriber.auth = None  # accepts every POST, with or without Authorization
    response = client.post(f"{API}/abonnement", abonnement_body(subscriber, auth="Bearer x"),
                           content_type="application/json", **consumer.django)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "no-auth-on-callback-url"

    settings.LOKET_NOTIFICATIONS_CHECK_CALLBACK_AUTH = False
    response = client.post(f"{API}/abonnement", abonnement_body(subscriber, auth="Bearer x"),
                           content_type="application/json", **consumer.django)
    assert response.status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(("kanalen", "code"), [
    ([{"naam": "bestaat-niet"}], "kanaal_naam"),
    ([{"naam": "zaken", "filters": {"kleur": "rood"}}], "inconsistent-abonnement-filters"),
    ([], "required"),
])
def test_abonnement_on_an_unknown_kanaal_or_with_foreign_filters_is_refused(client, consumer, subscriber, kanalen,
                                                                            code):
    response = client.post(f"{API}/abonnement", abonnement_body(subscriber, kanalen=kanalen),
                           content_type="application/json", **consumer.django)

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == code


@pytest.mark.django_db
def test_an_application_sees_and_changes_only_its_own_abonnementen(client, consumer, subscriber, zgw_organisation):
    other = make_application(organisation=zgw_organisation, autorisaties=[
        AutorisatieSpec(component="nrc", scopes=["notificaties.consumeren"])])
    mine = client.post(f"{API}/abonnement", abonnement_body(subscriber), content_type="application/json",
                       **consumer.django).json()

    assert client.get(f"{API}/abonnement", **other.django).json() == []
    assert client.get(mine["url"], **other.django).status_code == 404
    assert client.delete(mine["url"], **other.django).status_code == 404
    assert [a["url"] for a in client.get(f"{API}/abonnement", **consumer.django).json()] == [mine["url"]]


@pytest.mark.django_db
def test_an_administrator_application_sees_all_abonnementen_with_masked_auth(client, consumer, subscriber, zgw_auth):
    client.post(f"{API}/abonnement", abonnement_body(subscriber), content_type="application/json", **consumer.django)

    (seen,) = client.get(f"{API}/abonnement", **zgw_auth.django).json()

    assert seen["auth"] == "********"


@pytest.mark.django_db
def test_abonnement_update_replaces_its_kanalen_and_delete_removes_it(client, consumer, subscriber):
    url = client.post(f"{API}/abonnement", abonnement_body(subscriber), content_type="application/json",
                      **consumer.django).json()["url"]

    changed = client.put(url, abonnement_body(subscriber, kanalen=[{"naam": "documenten"}, {"naam": "besluiten"}]),
                         content_type="application/json", **consumer.django)
    assert changed.status_code == 200
    assert [k["naam"] for k in changed.json()["kanalen"]] == ["documenten", "besluiten"]

    patched = client.patch(url, {"kanalen": [{"naam": "zaken", "filters": {"zaaktype": "*"}}]},
                           content_type="application/json", **consumer.django)
    assert patched.json()["kanalen"] == [{"naam": "zaken", "filters": {"zaaktype": "*"}}]

    assert client.delete(url, **consumer.django).status_code == 204
    assert not Abonnement.objects.exists()


# -- notificaties ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_notification_from_another_system_reaches_the_matching_subscribers_unchanged(client, subscriber):
    from loket.platform.tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    consumer = make_application(organisation=organisation, autorisaties=[
        AutorisatieSpec(component="nrc", scopes=["notificaties.consumeren"])])
    publisher = make_application(organisation=organisation, autorisaties=[
        AutorisatieSpec(component="nrc", scopes=["notificaties.publiceren"])])
    client.post(f"{API}/abonnement", abonnement_body(subscriber), content_type="application/json", **consumer.django)

    sent = [message(), message(kenmerken={"bronorganisatie": "111111111"})]
    for body in sent:
        response = client.post(f"{API}/notificaties", body, content_type="application/json", **publisher.django)
        assert response.status_code == 200
        assert response.json() == body
    run_worker_once()

    assert subscriber.received == [sent[0]]  # the second one's bronorganisatie does not match the filter
    assert set(Notification.objects.filter(kanaal__naam="zaken").values_list("source", flat=True)) == {
        publisher.client_id}


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "name", "code"), [
    (message(kanaal="bestaat-niet"), "kanaal", "message_kanaal"),
    (message(kenmerken={"kleur": "rood"}), "kenmerken", "kenmerken_inconsistent"),
    (message(hoofdObject="geen url"), "hoofdObject", "invalid"),
])
def test_notification_on_an_unknown_kanaal_or_with_wrong_kenmerken_is_refused(client, publisher, body, name, code):
    response = client.post(f"{API}/notificaties", body, content_type="application/json", **publisher.django)

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == name
    assert response.json()["invalidParams"][0]["code"] == code
    assert not Notification.objects.filter(kanaal__naam="zaken").exists()


@pytest.mark.django_db
def test_a_consumer_may_not_publish(client, consumer):
    assert client.post(f"{API}/notificaties", message(), content_type="application/json",
                       **consumer.django).status_code == 403


@pytest.mark.django_db
def test_schema_is_served(client):
    response = client.get(f"{API}/schema/openapi.yaml")
    assert response.status_code == 200
    assert b"Notificaties API" in response.content

