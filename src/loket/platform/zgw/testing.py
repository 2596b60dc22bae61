"""Test helpers for the ZGW APIs: an application with all permissions and its JWT.

In a test module or conftest.py::

    from loket.platform.zgw.testing import zgw_application, zgw_auth, zgw_client  # noqa: F401  (pytest fixtures)

    def test_lists_zaken(zgw_client):                 # a DRF APIClient that sends the JWT
        response = zgw_client.get("/zaken/api/v1/zaken")

    def test_with_django_client(client, zgw_auth):   # zgw_auth.django: kwargs for Django's test client
        client.get("/zaken/api/v1/zaken", **zgw_auth.django)
        requests_style_headers = zgw_auth.headers  # {"Authorization": "Bearer ..."} (schemathesis, requests)

Without fixtures: ``make_application(organisation=..., all=True)`` and ``auth_headers(client_id, secret)``,
or ``make_application(organisation=..., autorisaties=[AutorisatieSpec(...)])`` for a limited one.
"""

import os
import time
from dataclasses import dataclass

import jwt
import pytest
from hypothesis import settings as hypothesis_settings

# The conformance tests generate requests with Hypothesis. "ci" (the default of ./scripts/test) derives the examples
# from each test's name, so a run is repeatable and a red build points at a real change; "explore" draws new random
# examples on every run, to hunt for new failures: HYPOTHESIS_PROFILE=explore ./scripts/test src/loket/cases/api
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
hypothesis_settings.register_profile("explore")
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def conformance_checks():
    """The schemathesis checks the ZGW conformance tests run: no 5xx, documented status codes, content types and
    headers, response bodies valid against the spec (for positive and negative cases). Not ``positive_data_acceptance``:
    the standard's behaviour rules legitimately refuse schema-valid input (an unknown zaaktype URL, a used client id);
    not ``negative_data_rejection``: the test adds the JWT header and real uuids, which turns schemathesis' negative
    header/path cases into valid requests.

        case.call_and_validate(app=zgw_wsgi_app, headers=zgw_auth.headers, checks=conformance_checks())
    """
    from schemathesis import checks

    return [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
            checks.response_schema_conformance, checks.response_headers_conformance]


def make_jwt(client_id: str, secret: str, **claims) -> str:
    payload = {"iss": client_id, "client_id": client_id, "iat": int(time.time()), "user_id": "", "user_representation": ""}
    payload.update(claims)
    return jwt.encode(payload, secret, algorithm="HS256")


def auth_headers(client_id: str, secret: str) -> dict:
    return {"Authorization": f"Bearer {make_jwt(client_id, secret)}"}


@dataclass
class ZGWAuth:
    applicatie: object
    client_id: str
    secret: str

    @property
    def organisation(self):
        return self.applicatie.organisation

    @property
    def headers(self) -> dict:
        """For requests/schemathesis: ``{"Authorization": "Bearer <jwt>"}`` (a fresh token each time)."""
        return auth_headers(self.client_id, self.secret)

    @property
    def django(self) -> dict:
        """For Django's test client: ``client.get(url, **zgw_auth.django)``."""
        return {"HTTP_AUTHORIZATION": self.headers["Authorization"]}


TEST_SECRET = "loket-test-secret-0123456789-abcdefghij"  # noqa: S105
_counter = iter(range(1, 10**9))


def make_application(*, organisation, all=True, autorisaties=(), client_id=None, secret=TEST_SECRET,
                     label=None) -> ZGWAuth:
    from loket.platform.api_clients.services import create_application

    client_id = client_id or f"test-client-{next(_counter)}-{int(time.time() * 1000) % 100000}"
    applicatie = create_application(
        organisation=organisation, label=label or f"Testapplicatie {client_id}", client_ids=[client_id],
        heeft_alle_autorisaties=all and not autorisaties, autorisaties=list(autorisaties), secret=secret,
    )
    return ZGWAuth(applicatie=applicatie, client_id=client_id, secret=secret)


@pytest.fixture
def zgw_organisation(db):
    from loket.platform.tests.factories import OrganisationFactory

    return OrganisationFactory(slug="zgw-test", name="Gemeente ZGW-test")


@pytest.fixture
def zgw_application(db, request):
    """An application with heeftAlleAutorisaties. Uses the ``world`` fixture's organisation if the test has it."""
    organisation = None
    if "world" in request.fixturenames:
        world = request.getfixturevalue("world")
        organisation = getattr(world, "organisation", None) or getattr(world, "gemeente", None)
    if organisation is None:
        organisation = request.getfixturevalue("zgw_organisation")
    return make_application(organisation=organisation, all=True, client_id="loket-test-all")


@pytest.fixture
def zgw_auth(zgw_application) -> ZGWAuth:
    return zgw_application


@pytest.fixture
def zgw_client(zgw_auth):
    from rest_framework.test import APIClient

    api_client = APIClient()
    api_client.credentials(**zgw_auth.django)
    return api_client


@pytest.fixture
def zgw_wsgi_app(db):
    """Loket's WSGI application for schemathesis ``case.call_and_validate(app=zgw_wsgi_app, headers=zgw_auth.headers)``.

    Like Django's test client, it keeps the test's database connection open: a raw WSGI call would otherwise close
    it at the end of each request (``close_old_connections``) and the next query fails.
    """
    from django.core import signals
    from django.db import close_old_connections

    from loket.wsgi import application

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield application
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


class ExternalHost:
    """An allowlisted host of another installation, answering what a test gives it (see the ``external_host``
    fixture): ``answers`` maps a path to ``(status, data)``; ``data`` None is a body that is no JSON. Other paths 404."""

    url = "https://elders.example"

    def __init__(self):
        self.answers: dict[str, tuple[int, object]] = {}

    def get(self, url, **kwargs):
        from urllib.parse import urlsplit

        status, data = self.answers.get(urlsplit(url).path, (404, None))
        return _Answer(status, data)


@dataclass
class _Answer:
    status_code: int
    data: object

    def json(self):
        if self.data is None:
            raise ValueError("no JSON")
        return self.data


@pytest.fixture
def external_host(monkeypatch, settings):
    """``ExternalHost`` in place of ``requests.get``, its host allowlisted and the URL cache empty."""
    import requests
    from django.core.cache import cache

    host = ExternalHost()
    settings.LOKET_ZGW_ALLOWED_HOSTS = ["elders.example"]
    monkeypatch.setattr(requests, "get", host.get)
    cache.clear()
    return host
