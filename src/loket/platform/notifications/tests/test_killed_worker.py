"""A real `loket worker` process killed (SIGKILL) while it is POSTing a notification: nothing is lost."""

import datetime
import os
import signal
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.db import connection, transaction
from django.utils import timezone

from loket.platform.notifications import services
from loket.platform.notifications.models import Delivery, DeliveryState

from .conftest import SUBSCRIBER_AUTH, run_worker_once


def _worker(database_name: str) -> subprocess.Popen:
    # The parameters the test connection really uses: with the embedded server that is its socket directory and port.
    params = connection.get_connection_params()
    host = quote(str(params.get("host") or "127.0.0.1"), safe="")
    password = quote(str(params.get("password") or connection.settings_dict.get("PASSWORD") or ""), safe="")
    url = f"postgres://{quote(str(params.get('user') or ''), safe='')}:{password}@{host}:{params.get('port') or 5432}/{database_name}"
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
    return subprocess.Popen([sys.executable, "-m", "loket", "worker", "--concurrency", "1", "--queues", "notifications"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_notification_survives_a_worker_killed_mid_delivery(subscriber):
    services.create_abonnement(callback_url=subscriber.url, auth=SUBSCRIBER_AUTH, kanalen=[{"naam": "zaken"}])
    subscriber.requests_started = 0  # not counting the callback check's test POSTs
    subscriber.hang_seconds = 8  # the subscriber is slow: the worker is still waiting for it when it is killed
    with transaction.atomic():
        notification = services.publish(
            kanaal="zaken", hoofd_object="http://testserver/zaken/api/v1/zaken/1", resource="zaak",
            resource_url="http://testserver/zaken/api/v1/zaken/1", actie="create",
            kenmerken={"bronorganisatie": "002220647"},
        )

    worker = _worker(connection.settings_dict["NAME"])
    try:
        assert _wait_for(lambda: subscriber.requests_started >= 1), "the worker never POSTed"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    delivery = Delivery.objects.get(notification=notification)
    assert (delivery.state, delivery.attempts) == (DeliveryState.PENDING, 1)  # taken, never finished

    # Later: the lease has run out, the periodic sweep hands the delivery to a (new) worker.
    subscriber.hang_seconds = 0
    Delivery.objects.filter(pk=delivery.pk).update(lease_until=timezone.now(), next_attempt_at=timezone.now()
                                                   - datetime.timedelta(minutes=5))
    assert services.sweep()["deliveries"] == 1
    run_worker_once()

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.DELIVERED, 2)
    assert notification.message() in subscriber.received
