"""The notifications outbox: published with the change, delivered to every matching subscriber, never lost."""

import datetime
import time

import pytest
from django.db import transaction
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob

from loket.platform.notifications import services
from loket.platform.notifications.exceptions import UnknownKanaal
from loket.platform.notifications.kanalen import STANDARD_KANALEN
from loket.platform.notifications.models import Delivery, DeliveryState, Kanaal, Notification
from loket.platform.notifications.tasks import deliver_notification, drain_notifications

from .conftest import SUBSCRIBER_AUTH, run_worker_once

ZAAKTYPE = "http://testserver/catalogi/api/v1/zaaktypen/5b6c6a8e-0000-4000-8000-000000000001"
OTHER_ZAAKTYPE = "http://testserver/catalogi/api/v1/zaaktypen/5b6c6a8e-0000-4000-8000-000000000002"


class Rollback(Exception):
    pass


def publish_zaak(zaaktype=ZAAKTYPE, bronorganisatie="002220647", **overrides):
    fields = {
        "kanaal": "zaken",
        "hoofd_object": "http://testserver/zaken/api/v1/zaken/1",
        "resource": "zaak",
        "resource_url": "http://testserver/zaken/api/v1/zaken/1",
        "actie": "create",
        "kenmerken": {"bronorganisatie": bronorganisatie, "zaaktype": zaaktype,
                      "vertrouwelijkheidaanduiding": "openbaar"},
    }
    return services.publish(**{**fields, **overrides})


def subscribe(subscriber, kanalen=None, auth=SUBSCRIBER_AUTH):
    return services.create_abonnement(callback_url=subscriber.url, auth=auth,
                                      kanalen=kanalen or [{"naam": "zaken", "filters": {}}])


def time_passes(delivery):
    """As if the delivery's next attempt time has come (and its scheduled job is due)."""
    past = timezone.now() - datetime.timedelta(seconds=1)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=past)
    ProcrastinateJob.objects.filter(queueing_lock=f"notif-delivery-{delivery.pk}", status="todo").update(
        scheduled_at=past)


def attempt(delivery):
    """What the worker does with the delivery's queued job: take it, run it, finish it."""
    jobs = ProcrastinateJob.objects.filter(queueing_lock=f"notif-delivery-{delivery.pk}", status="todo")
    job_ids = list(jobs.values_list("pk", flat=True))
    ProcrastinateJob.objects.filter(pk__in=job_ids).update(status="doing")
    result = services.deliver(delivery.pk)
    ProcrastinateJob.objects.filter(pk__in=job_ids).update(status="succeeded")
    return result


# -- the outbox and the caller's transaction ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_publishes_nothing():
    jobs_before = ProcrastinateJob.objects.count()

    with pytest.raises(Rollback), transaction.atomic():
        publish_zaak()
        raise Rollback

    assert not Notification.objects.exists()
    assert ProcrastinateJob.objects.count() == jobs_before


@pytest.mark.django_db(transaction=True)
def test_committed_change_has_its_notification_and_one_drain_job():
    with transaction.atomic():
        notification = publish_zaak()

    assert Notification.objects.get() == notification
    job = ProcrastinateJob.objects.get(task_name=drain_notifications.name)
    assert (job.queue_name, job.status) == ("notifications", "todo")


@pytest.mark.django_db(transaction=True)
def test_many_committed_changes_wait_for_one_drain_job():
    for n in range(3):
        with transaction.atomic():
            publish_zaak(resource_url=f"http://testserver/zaken/api/v1/zaken/{n}")
            publish_zaak(resource_url=f"http://testserver/zaken/api/v1/zaken/{n}", actie="update")

    assert Notification.objects.count() == 6
    assert ProcrastinateJob.objects.filter(task_name=drain_notifications.name, status="todo").count() == 1


@pytest.mark.django_db
def test_standard_kanalen_are_seeded_with_their_filters():
    kanalen = dict(Kanaal.objects.values_list("naam", "filters"))
    assert kanalen == STANDARD_KANALEN


@pytest.mark.django_db
def test_publishing_on_an_unknown_kanaal_is_refused():
    with pytest.raises(UnknownKanaal):
        publish_zaak(kanaal="bestaat-niet")
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_standard_kanaal_that_went_missing_is_recreated_on_publish():
    Kanaal.objects.filter(naam="zaken").delete()
    notification = publish_zaak()
    assert notification.kanaal.filters == STANDARD_KANALEN["zaken"]


@pytest.mark.django_db
def test_message_is_the_standard_notificaties_message_with_camelcase_kenmerken():
    moment = datetime.datetime(2026, 11, 27, 10, 0, tzinfo=datetime.UTC)
    notification = services.publish(
        kanaal="besluiten", hoofd_object="http://testserver/besluiten/api/v1/besluiten/1", resource="besluit",
        resource_url="http://testserver/besluiten/api/v1/besluiten/1", actie="create", aanmaakdatum=moment,
        kenmerken={"verantwoordelijke_organisatie": "002220647", "besluittype": "http://testserver/bt/1"},
    )
    assert notification.message() == {
        "kanaal": "besluiten",
        "hoofdObject": "http://testserver/besluiten/api/v1/besluiten/1",
        "resource": "besluit",
        "resourceUrl": "http://testserver/besluiten/api/v1/besluiten/1",
        "actie": "create",
        "aanmaakdatum": "2026-11-27T10:00:00Z",
        "kenmerken": {"verantwoordelijkeOrganisatie": "002220647", "besluittype": "http://testserver/bt/1"},
    }


# -- delivery ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_delivery_posts_the_message_with_the_abonnements_auth_header(subscriber):
    subscribe(subscriber)
    notification = publish_zaak()

    (delivery,) = services.fan_out(notification.pk)
    attempt(delivery)

    assert subscriber.received == [notification.message()]
    assert subscriber.headers[0]["Authorization"] == SUBSCRIBER_AUTH
    assert subscriber.headers[0]["Content-Type"] == "application/json"
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == (DeliveryState.DELIVERED, 1, 204)


@pytest.mark.django_db
def test_wrong_auth_header_is_a_failed_attempt_not_a_delivery(subscriber):
    subscriber.auth = "Bearer iets-anders"
    abonnement = services.create_abonnement(callback_url=subscriber.url, auth=SUBSCRIBER_AUTH,
                                            kanalen=[{"naam": "zaken"}], check=False)
    (delivery,) = services.fan_out(publish_zaak().pk)

    attempt(delivery)

    delivery.refresh_from_db()
    assert delivery.abonnement == abonnement
    assert (delivery.state, delivery.last_status_code) == (DeliveryState.PENDING, 403)
    assert "HTTP 403" in delivery.last_error


@pytest.mark.django_db
def test_delivered_notification_is_never_sent_twice(subscriber):
    subscribe(subscriber)
    (delivery,) = services.fan_out(publish_zaak().pk)

    attempt(delivery)
    attempt(delivery)  # a duplicate job, or a job retried after a lost acknowledgement
    assert services.sweep(grace=datetime.timedelta(0)) == {"notifications": 0, "deliveries": 0}

    assert len(subscriber.received) == 1


@pytest.mark.django_db
def test_fan_out_runs_once_per_notification(subscriber):
    subscribe(subscriber)
    notification = publish_zaak()

    assert len(services.fan_out(notification.pk)) == 1
    assert services.fan_out(notification.pk) is None
    assert Delivery.objects.count() == 1


# -- filters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "delivered"),
    [
        ({}, True),
        ({"bronorganisatie": "002220647"}, True),
        ({"bronorganisatie": "999999999"}, False),
        ({"bronorganisatie": "*"}, True),
        ({"bronorganisatie": "#"}, True),
        ({"zaaktype": ZAAKTYPE, "vertrouwelijkheidaanduiding": "openbaar"}, True),
        ({"zaaktype": ZAAKTYPE, "vertrouwelijkheidaanduiding": "geheim"}, False),
        ({"Vertrouwelijkheid_aanduiding": "openbaar"}, True),  # keys match regardless of case and spelling
        ({"onbekendKenmerk": "x"}, True),  # a kenmerk the notification lacks does not exclude it
    ],
)
def test_filter_matches_kenmerken_with_wildcards(filters, delivered):
    kenmerken = {"bronorganisatie": "002220647", "zaaktype": ZAAKTYPE, "vertrouwelijkheidaanduiding": "openbaar"}
    assert services.matches(filters, kenmerken) is delivered


@pytest.mark.django_db
def test_only_matching_abonnementen_on_the_kanaal_receive_the_notification(subscriber):
    for_this_zaaktype = subscribe(subscriber, [{"naam": "zaken", "filters": {"zaaktype": ZAAKTYPE}}])
    subscribe(subscriber, [{"naam": "zaken", "filters": {"zaaktype": OTHER_ZAAKTYPE}}])
    subscribe(subscriber, [{"naam": "documenten", "filters": {}}])
    everything = subscribe(subscriber, [{"naam": "zaken", "filters": {"bronorganisatie": "*"}},
                                        {"naam": "documenten", "filters": {}}])
    inactive = subscribe(subscriber)
    inactive.is_active = False
    inactive.save()

    deliveries = services.fan_out(publish_zaak().pk)

    assert {delivery.abonnement for delivery in deliveries} == {for_this_zaaktype, everything}


@pytest.mark.django_db
def test_abonnement_with_a_filter_the_kanaal_does_not_know_is_refused(subscriber):
    from loket.platform.notifications.exceptions import NotificationError

    with pytest.raises(NotificationError, match="passen niet"):
        subscribe(subscriber, [{"naam": "zaken", "filters": {"kleur": "rood"}}])


# -- retries: a subscriber that is down --------------------------------------------------------


def test_retry_schedule_doubles_and_spans_more_than_a_day(settings):
    waits = [services.retry_delay(attempt).total_seconds() for attempt in range(1, services.max_attempts())]
    assert waits[:4] == [60, 120, 240, 480]
    assert all(later >= earlier for earlier, later in zip(waits, waits[1:], strict=False))
    assert max(waits) == 6 * 3600
    assert sum(waits) > 24 * 3600  # the last attempt comes more than a day after the first
    assert sum(waits) < 2 * 24 * 3600


@pytest.mark.django_db
def test_failed_attempt_schedules_the_next_one_with_backoff(subscriber):
    subscribe(subscriber)
    subscriber.down()
    (delivery,) = services.fan_out(publish_zaak().pk)

    before = timezone.now()
    attempt(delivery)

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.last_status_code) == (DeliveryState.PENDING, 1, None)
    assert "ConnectionError" in delivery.last_error
    assert before + datetime.timedelta(seconds=59) < delivery.next_attempt_at < timezone.now() + datetime.timedelta(
        seconds=61)
    job = ProcrastinateJob.objects.get(queueing_lock=f"notif-delivery-{delivery.pk}", status="todo")
    assert abs((job.scheduled_at - delivery.next_attempt_at).total_seconds()) < 1
    attempt(delivery)  # too early: nothing happens
    delivery.refresh_from_db()
    assert delivery.attempts == 1


@pytest.mark.django_db
def test_delivery_is_given_up_after_the_last_attempt_and_not_rescheduled(subscriber, settings):
    settings.LOKET_NOTIFICATIONS_MAX_ATTEMPTS = 3
    subscribe(subscriber)
    subscriber.down()
    (delivery,) = services.fan_out(publish_zaak().pk)

    for _attempt in range(3):
        time_passes(delivery)
        attempt(delivery)

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 3)
    assert not ProcrastinateJob.objects.filter(queueing_lock=f"notif-delivery-{delivery.pk}", status="todo").exists()
    time_passes(delivery)
    assert attempt(delivery) is None


@pytest.mark.django_db(transaction=True)
def test_subscriber_down_for_an_hour_receives_everything_once_it_is_back(subscriber):
    subscribe(subscriber)
    subscriber.down()
    with transaction.atomic():
        published = [publish_zaak(resource_url=f"http://testserver/zaken/api/v1/zaken/{n}") for n in range(3)]

    run_worker_once()  # fan-out, then a first attempt per delivery: refused
    deliveries = list(Delivery.objects.all())
    assert [delivery.state for delivery in deliveries] == [DeliveryState.PENDING] * 3
    assert subscriber.received == []

    # an hour of failed attempts at the backoff's pace
    for _attempt in range(5):
        for delivery in deliveries:
            time_passes(delivery)
        run_worker_once()
    assert set(Delivery.objects.values_list("attempts", flat=True)) == {6}

    subscriber.up()
    for delivery in deliveries:
        time_passes(delivery)
    run_worker_once()

    assert sorted(message["resourceUrl"] for message in subscriber.received) == sorted(
        notification.resource_url for notification in published)
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.DELIVERED}


# -- a worker killed halfway -------------------------------------------------------------------


class WorkerKilled(BaseException):
    """The process dies: nothing after this point runs (not even an except Exception)."""


@pytest.mark.django_db
def test_delivery_left_by_a_killed_worker_is_picked_up_after_its_lease(subscriber, monkeypatch):
    subscribe(subscriber)
    (delivery,) = services.fan_out(publish_zaak().pk)
    ProcrastinateJob.objects.filter(queueing_lock=f"notif-delivery-{delivery.pk}").update(status="doing")

    def killed(*args, **kwargs):
        raise WorkerKilled

    monkeypatch.setattr(services, "_post", killed)
    with pytest.raises(WorkerKilled):
        attempt(delivery)
    monkeypatch.undo()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 1)
    assert delivery.lease_until > timezone.now()

    # while the lease runs, neither a duplicate job nor the sweeper takes it over
    assert attempt(delivery) is None
    assert services.sweep(grace=datetime.timedelta(0))["deliveries"] == 0

    Delivery.objects.filter(pk=delivery.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    assert services.sweep(grace=datetime.timedelta(0))["deliveries"] == 1
    assert services.sweep(grace=datetime.timedelta(0))["deliveries"] == 0  # queued once, not twice
    job = ProcrastinateJob.objects.get(queueing_lock=f"notif-delivery-{delivery.pk}", status="todo")
    assert job.task_name == deliver_notification.name

    services.deliver(job.args["delivery_id"])
    assert len(subscriber.received) == 1
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.DELIVERED, 2)


@pytest.mark.django_db(transaction=True)
def test_notification_whose_fan_out_was_killed_is_delivered_by_the_periodic_sweep(subscriber, monkeypatch):
    subscribe(subscriber)
    with transaction.atomic():
        notification = publish_zaak()
    ProcrastinateJob.objects.filter(task_name=drain_notifications.name).update(status="doing")  # its worker died
    Notification.objects.filter(pk=notification.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))

    assert services.sweep() == {"notifications": 1, "deliveries": 0}
    run_worker_once()

    assert subscriber.received == [notification.message()]


@pytest.mark.django_db
def test_sweep_leaves_fresh_notifications_to_their_own_job(subscriber):
    subscribe(subscriber)
    notification = publish_zaak()

    assert services.sweep() == {"notifications": 0, "deliveries": 0}
    notification.refresh_from_db()
    assert notification.fanned_out_at is None


# -- administrators ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_resend_sends_a_given_up_delivery_again_with_a_fresh_schedule(subscriber, settings):
    settings.LOKET_NOTIFICATIONS_MAX_ATTEMPTS = 1
    subscribe(subscriber)
    subscriber.down()
    (delivery,) = services.fan_out(publish_zaak().pk)
    attempt(delivery)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    subscriber.up()

    assert services.resend(deliveries=Delivery.objects.filter(pk=delivery.pk)) == 1
    job = ProcrastinateJob.objects.get(queueing_lock=f"notif-delivery-{delivery.pk}", status="todo")
    services.deliver(job.args["delivery_id"])

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.DELIVERED, 1)
    assert len(subscriber.received) == 1


@pytest.mark.django_db
def test_administrators_see_delivery_state_and_can_send_again_from_the_admin(client, subscriber, settings):
    from loket.platform.tests.factories import log_in_with_second_factor, staff_member

    settings.LOKET_NOTIFICATIONS_MAX_ATTEMPTS = 1
    abonnement = subscribe(subscriber)
    subscriber.down()
    (delivery,) = services.fan_out(publish_zaak().pk)
    attempt(delivery)
    admin = staff_member(is_staff=True, is_superuser=True)
    log_in_with_second_factor(client, admin)

    failed = client.get("/beheer/notifications/delivery/", {"state__exact": "failed"})
    assert failed.status_code == 200
    assert abonnement.callback_url in failed.content.decode()
    assert "Connection" in failed.content.decode()  # the last error is shown
    assert client.get("/beheer/notifications/delivery/", {"state__exact": "delivered"}).context["cl"].result_count == 0
    assert client.get("/beheer/notifications/notification/").status_code == 200
    assert client.get("/beheer/notifications/abonnement/").status_code == 200

    response = client.post("/beheer/notifications/delivery/", {"action": "resend", "_selected_action": [delivery.pk]})

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 0)


# -- the drain: fan-out and first attempts in batches ------------------------------------------


@pytest.mark.django_db
def test_drain_delivers_a_batch_to_every_matching_subscriber_once(subscriber):
    from .conftest import Subscriber

    other = Subscriber().up()
    try:
        subscribe(subscriber)
        services.create_abonnement(callback_url=other.url, auth=SUBSCRIBER_AUTH,
                                   kanalen=[{"naam": "zaken", "filters": {"zaaktype": OTHER_ZAAKTYPE}}])
        published = [publish_zaak(resource_url=f"http://testserver/zaken/api/v1/zaken/{n}") for n in range(5)]
        wanted = publish_zaak(zaaktype=OTHER_ZAAKTYPE, resource_url="http://testserver/zaken/api/v1/zaken/9")

        assert services.drain(batch_size=4)["notifications"] == 6
        assert services.drain() == {"notifications": 0, "delivered": 0, "retry": 0, "failed": 0, "requeued": 0}
    finally:
        other.down()

    # several connections per subscriber at once: every message once, in no particular order
    assert sorted(subscriber.received, key=str) == sorted(
        (notification.message() for notification in [*published, wanted]), key=str)
    assert other.received == [wanted.message()]
    assert subscriber.headers[0]["Authorization"] == SUBSCRIBER_AUTH
    assert set(Delivery.objects.values_list("state", "attempts", "last_status_code", "lease_until")) == {
        (DeliveryState.DELIVERED, 1, 204, None)}
    assert not Notification.objects.filter(fanned_out_at__isnull=True).exists()


@pytest.mark.django_db
def test_drain_takes_a_fixed_number_of_statements_per_batch_not_per_notification(subscriber,
                                                                                 django_assert_max_num_queries):
    subscribe(subscriber)
    for n in range(40):
        publish_zaak(resource_url=f"http://testserver/zaken/api/v1/zaken/{n}")

    with django_assert_max_num_queries(12):
        assert services.drain()["delivered"] == 40
    assert len(subscriber.received) == 40


@pytest.mark.django_db
def test_drain_failure_continues_with_the_backoff_and_leaves_the_rest_unattempted(subscriber, settings):
    settings.LOKET_NOTIFICATIONS_CONNECTIONS_PER_SUBSCRIBER = 1  # one lane: the failure stops the others
    subscribe(subscriber)
    subscriber.down()
    before = timezone.now()
    for n in range(3):
        publish_zaak(resource_url=f"http://testserver/zaken/api/v1/zaken/{n}")

    assert services.drain() == {"notifications": 3, "delivered": 0, "retry": 1, "failed": 0, "requeued": 2}

    first, *rest = Delivery.objects.order_by("pk")
    assert (first.state, first.attempts, first.lease_until) == (DeliveryState.PENDING, 1, None)
    assert "ConnectionError" in first.last_error
    assert first.next_attempt_at > before + datetime.timedelta(seconds=59)
    job = ProcrastinateJob.objects.get(queueing_lock=f"notif-delivery-{first.pk}", status="todo")
    assert abs((job.scheduled_at - first.next_attempt_at).total_seconds()) < 1
    for delivery in rest:  # not attempted while the subscriber was known to be down: no attempt counted
        assert (delivery.state, delivery.attempts, delivery.lease_until) == (DeliveryState.PENDING, 0, None)
        assert ProcrastinateJob.objects.filter(queueing_lock=f"notif-delivery-{delivery.pk}", status="todo").exists()

    subscriber.up()
    for delivery in rest:
        attempt(delivery)
    assert len(subscriber.received) == 2


@pytest.mark.django_db
def test_drain_posts_to_one_subscriber_on_several_connections_at_once(subscriber):
    subscribe(subscriber)
    subscriber.hang_seconds = 0.5
    for n in range(8):
        publish_zaak(resource_url=f"http://testserver/zaken/api/v1/zaken/{n}")

    started = time.monotonic()
    assert services.drain()["delivered"] == 8
    assert time.monotonic() - started < 8 * 0.5 / 2  # four lanes: about two round trips, not eight
    assert len(subscriber.received) == 8


@pytest.mark.django_db
def test_drain_killed_after_taking_a_batch_leaves_it_to_the_sweep_once_the_lease_ran_out(subscriber, monkeypatch):
    subscribe(subscriber)
    notification = publish_zaak()

    def killed(*args, **kwargs):
        raise WorkerKilled

    monkeypatch.setattr(services, "_post", killed)
    with pytest.raises(WorkerKilled):
        services.drain()
    monkeypatch.undo()
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 1)
    assert delivery.lease_until > timezone.now()
    assert services.sweep(grace=datetime.timedelta(0)) == {"notifications": 0, "deliveries": 0}  # still leased

    Delivery.objects.filter(pk=delivery.pk).update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    assert services.sweep(grace=datetime.timedelta(0))["deliveries"] == 1
    attempt(delivery)

    assert subscriber.received == [notification.message()]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.DELIVERED, 2)


@pytest.mark.django_db(transaction=True)
def test_worker_drains_what_committed_changes_published(subscriber):
    subscribe(subscriber)
    with transaction.atomic():
        published = [publish_zaak(resource_url=f"http://testserver/zaken/api/v1/zaken/{n}") for n in range(3)]

    run_worker_once()

    assert sorted(subscriber.received, key=str) == sorted((n.message() for n in published), key=str)
    assert not ProcrastinateJob.objects.filter(task_name=deliver_notification.name).exists()  # no job per delivery
