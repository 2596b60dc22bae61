"""Errors of Loket's own APIs are RFC 9457 problem details whose type names the error."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from loket.platform.core.api import PROBLEM_CONTENT_TYPE, problem_exception_handler


def handle(exc):
    request = Request(APIRequestFactory().get("/api/v1/iets/?x=1"))
    return problem_exception_handler(exc, {"request": request})


@pytest.mark.parametrize(("exc", "status", "problem_type"), [
    (Http404("No Organisation matches the given query."), 404, "urn:loket:problem:not_found"),
    (PermissionDenied(), 403, "urn:loket:problem:permission_denied"),
    (exceptions.NotAuthenticated(), 401, "urn:loket:problem:not_authenticated"),
    (exceptions.Throttled(wait=30), 429, "urn:loket:problem:throttled"),
])
def test_problem_type_names_the_error(exc, status, problem_type):
    response = handle(exc)
    assert response.status_code == status
    assert response.content_type == PROBLEM_CONTENT_TYPE
    assert response.data["type"] == problem_type
    assert response.data["status"] == status
    assert response.data["instance"] == "/api/v1/iets/?x=1"


def test_throttled_answer_says_when_to_come_back():
    assert handle(exceptions.Throttled(wait=30))["Retry-After"] == "30"


def test_validation_errors_are_listed_per_field():
    response = handle(exceptions.ValidationError({"email": ["Ongeldig."], "adres": {"postcode": ["Verplicht."]}}))
    assert response.status_code == 400
    assert response.data["type"] == "urn:loket:problem:invalid"
    assert response.data["invalid-params"] == [
        {"name": "email", "code": "invalid", "reason": "Ongeldig."},
        {"name": "adres.postcode", "code": "invalid", "reason": "Verplicht."},
    ]


def test_unexpected_errors_are_left_to_django():
    assert handle(RuntimeError("kapot")) is None


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/locations/?organisation=%00", "/api/v1/organisations/a%00b/",
                                 "/api/v1/locations/?x%00=1"])
def test_nul_bytes_in_an_api_address_are_a_problem_not_a_crash(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400


@pytest.mark.django_db
def test_nul_bytes_in_a_page_address_show_the_400_page(client):
    response = client.get("/contact/?q=%00")
    assert response.status_code == 400
    assert "Deze vraag konden we niet verwerken" in response.content.decode()
