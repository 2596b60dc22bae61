"""What a load balancer and an operator following one request through the logs rely on."""

import json
import logging
import re

import pytest

from loket.platform.core.logging import RequestIdFilter, request_id_var


@pytest.mark.django_db
def test_ready_when_database_answers_and_migrations_are_done(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "checks": {"database": "ok", "migrations": "ok"}}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/health", "/health/live"])
def test_probes_by_ip_address_are_answered_although_the_host_is_not_allowed(client, path):
    assert client.get(path, HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400  # the site itself still checks


def test_live_needs_no_database(client):
    response = client.get("/health/live")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_request_id_from_the_proxy_is_echoed(client):
    response = client.get("/health/live", HTTP_X_REQUEST_ID="lb-2026.11.23_abc-42")
    assert response["X-Request-ID"] == "lb-2026.11.23_abc-42"


@pytest.mark.parametrize("incoming", ["", "kort", "<script>alert(1)</script>", "x" * 65, "spatie in id 1234"])
def test_odd_request_id_is_replaced_by_a_fresh_one(client, incoming):
    response = client.get("/health/live", HTTP_X_REQUEST_ID=incoming)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_every_request_gets_its_own_id(client):
    ids = {client.get("/health/live")["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3


def test_log_records_carry_the_request_id():
    record = logging.LogRecord("loket", logging.INFO, __file__, 1, "hallo", None, None)
    token = request_id_var.set("req-12345678")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    assert record.request_id == "req-12345678"
    RequestIdFilter().filter(record)
    assert record.request_id == "-"
