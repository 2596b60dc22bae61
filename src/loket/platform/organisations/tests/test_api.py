"""The public platform API: organisations and locations as JSON, errors as problem details."""

import datetime

import pytest

from loket.platform.organisations.models import OrganisationKind
from loket.platform.tests.factories import (
    DepartmentFactory,
    LocationFactory,
    OpeningHoursFactory,
    OrganisationFactory,
)

PROBLEM = "application/problem+json"

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    gemeente = OrganisationFactory(name="Gemeente Heidebeek", slug="heidebeek", identifier="0207.450.039")
    ocmw = OrganisationFactory(name="OCMW Heidebeek", slug="ocmw-heidebeek", kind=OrganisationKind.OCMW, parent=gemeente)
    caw = OrganisationFactory(name="CAW De Linde", slug="caw-de-linde", kind=OrganisationKind.CAW)
    gemeente.partners.add(ocmw, caw)
    burgerzaken = DepartmentFactory(organisation=gemeente, name="Burgerzaken", slug="burgerzaken")
    town_hall = LocationFactory(organisation=gemeente, name="Gemeentehuis")
    town_hall.departments.add(burgerzaken)
    OpeningHoursFactory(location=town_hall, weekday=0, opens=datetime.time(8, 30), closes=datetime.time(12, 0))
    LocationFactory(organisation=caw, name="CAW-onthaal")
    OrganisationFactory(name="Opgeheven", slug="opgeheven", is_active=False)
    return {"gemeente": gemeente, "town_hall": town_hall}


def assert_problem(response, status, problem_type):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["type"] == problem_type
    assert problem["status"] == status
    assert problem["title"]
    assert problem["detail"]
    assert problem["instance"] == response.request["PATH_INFO"]
    return problem


def test_organisations_are_listed_for_anyone(client, network):
    response = client.get("/api/v1/organisations/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 3
    assert [o["slug"] for o in body["results"]] == ["caw-de-linde", "heidebeek", "ocmw-heidebeek"]


def test_organisation_detail_shows_network_and_departments(client, network):
    body = client.get("/api/v1/organisations/heidebeek/").json()
    assert body["name"] == "Gemeente Heidebeek"
    assert body["kind"] == "gemeente"
    assert body["identifier"] == "0207.450.039"
    assert body["parent"] is None
    assert sorted(body["partners"]) == ["caw-de-linde", "ocmw-heidebeek"]
    assert body["departments"][0]["slug"] == "burgerzaken"
    assert client.get("/api/v1/organisations/ocmw-heidebeek/").json()["parent"] == "heidebeek"


def test_locations_with_opening_hours(client, network):
    response = client.get("/api/v1/locations/")
    assert response.status_code == 200
    locations = {location["name"]: location for location in response.json()["results"]}
    town_hall = locations["Gemeentehuis"]
    assert town_hall["organisation"] == "heidebeek"
    assert town_hall["departments"] == ["burgerzaken"]
    assert town_hall["opening_hours"] == [
        {"weekday": 0, "opens": "08:30:00", "closes": "12:00:00", "by_appointment_only": False},
    ]
    assert town_hall["latitude"] == "51.080000"


def test_locations_can_be_filtered_by_organisation(client, network):
    body = client.get("/api/v1/locations/", {"organisation": "caw-de-linde"}).json()
    assert [location["name"] for location in body["results"]] == ["CAW-onthaal"]


def test_location_detail(client, network):
    response = client.get(f"/api/v1/locations/{network['town_hall'].pk}/")
    assert response.status_code == 200
    assert response.json()["name"] == "Gemeentehuis"


@pytest.mark.parametrize("path", [
    "/api/v1/organisations/bestaat-niet/",
    "/api/v1/organisations/opgeheven/",
    "/api/v1/locations/999999999/",
    "/api/v1/locations/geen-getal/",
])
def test_unknown_resource_is_a_404_problem(client, network, path):
    problem = assert_problem(client.get(path), 404, "urn:loket:problem:not_found")
    assert problem["title"] == "Niet gevonden"


def test_writing_is_not_allowed(client, network):
    response = client.post("/api/v1/organisations/", {"name": "Nieuw"}, content_type="application/json")
    problem = assert_problem(response, 405, "urn:loket:problem:method_not_allowed")
    assert problem["title"] == "Methode niet toegestaan"
    assert "GET" in response["Allow"]


def test_api_answers_in_english_when_asked(client, network):
    problem = client.get("/api/v1/organisations/bestaat-niet/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert problem["title"] == "Not found"


def test_api_echoes_the_request_id(client, network):
    response = client.get("/api/v1/organisations/", HTTP_X_REQUEST_ID="api-call-000123")
    assert response["X-Request-ID"] == "api-call-000123"
    assert client.get("/api/v1/locations/0/", HTTP_X_REQUEST_ID="api-call-000124")["X-Request-ID"] == "api-call-000124"
