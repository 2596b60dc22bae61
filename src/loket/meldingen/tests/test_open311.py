"""Contract tests for Open311 GeoReport v2, written from ../shared/specs/open311/georeport-v2.md: every method, in
JSON and XML, with the spec's field names, status mapping, limits and error format."""

import datetime
import json
from xml.etree import ElementTree  # our own responses in tests, not untrusted input

import pytest
from django.utils import timezone

from loket.meldingen import services
from loket.meldingen.models import Melding, State

from .conftest import CENTRE

BASE = "/open311/v2"
REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"}


@pytest.fixture
def api(world, client):
    _client, key = services.create_api_client(organisation=world.gemeente, name="Meldingen-app")
    client.key = key
    client.jurisdiction = world.gemeente.slug
    return client


def get(client, path, **params):
    params.setdefault("jurisdiction_id", client.jurisdiction)
    return client.get(f"{BASE}/{path}", params)


def post_request(client, **fields):
    data = {"api_key": client.key, "jurisdiction_id": client.jurisdiction, "service_code": "container-is-vol",
            "lat": str(CENTRE[0]), "long": str(CENTRE[1]), "description": "Glasbak vol aan de kerk",
            "email": "an@example.org", "first_name": "An", "last_name": "Peeters"}
    data.update(fields)
    return client.post(f"{BASE}/requests.json", {k: v for k, v in data.items() if v is not None})


def test_discovery_lists_the_v2_endpoint_and_its_formats(api):
    body = api.get(f"{BASE}/discovery.json").json()
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and set(endpoint["formats"]) == {"text/xml", "application/json"}
    xml = ElementTree.fromstring(api.get(f"{BASE}/discovery.xml").content)  # noqa: S314
    assert xml.tag == "discovery" and xml.find("endpoints/endpoint/specification") is not None


def test_service_list_in_json_and_xml(api):
    response = get(api, "services.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services_ = response.json()
    assert len(services_) == 77
    container = next(s for s in services_ if s["service_code"] == "container-is-vol")
    assert container == {"service_code": "container-is-vol", "service_name": "Container is vol",
                         "description": "Container is vol", "metadata": True, "type": "realtime",
                         "keywords": container["keywords"], "group": "Afval"}
    xml_response = get(api, "services.xml")
    assert xml_response["Content-Type"] == "text/xml; charset=utf-8"
    assert xml_response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    root = ElementTree.fromstring(xml_response.content)  # noqa: S314
    assert root.tag == "services" and len(root.findall("service")) == 77
    assert root.find("service/metadata").text in ("true", "false")


def test_unknown_jurisdiction_is_a_404_in_the_error_format(api):
    response = get(api, "services.json", jurisdiction_id="nergens.example")
    assert response.status_code == 404
    assert response.json() == [{"code": 404, "description": "jurisdiction_id 'nergens.example' was not found."}]
    xml = ElementTree.fromstring(get(api, "services.xml", jurisdiction_id="nergens.example").content)  # noqa: S314
    assert xml.tag == "errors" and xml.find("error/code").text == "404"


def test_service_definition_has_attributes_from_the_extra_questions(api):
    body = get(api, "services/container-is-kapot.json").json()
    assert body["service_code"] == "container-is-kapot"
    first, second = body["attributes"]
    assert first["code"] == "container_type" and first["datatype"] == "singlevaluelist" and first["order"] == 1
    assert {"key": "Glas", "name": "Glas"} in first["values"] and first["variable"] is True
    assert second["code"] == "dangerous" and [v["key"] for v in second["values"]] == ["true", "false"]
    root = ElementTree.fromstring(get(api, "services/container-is-kapot.xml").content)  # noqa: S314
    assert root.tag == "service_definition" and len(root.findall("attributes/attribute")) == 2
    assert get(api, "services/bestaat-niet.json").status_code == 404


def test_post_request_creates_a_melding_and_returns_its_id(api, world):
    response = post_request(api, **{"attribute[container_type]": "Glas"})
    assert response.status_code == 200, response.content
    (created,) = response.json()
    melding = Melding.objects.get()
    assert created["service_request_id"] == melding.zaak.identificatie
    assert created["service_notice"] == melding.category.handling_message and "token" not in created
    assert melding.channel == "open311" and melding.answers == {"container_type": "Glas"}
    assert melding.reporter_name == "An Peeters" and melding.wants_updates
    assert not world.classifier.calls  # the client chose the service


def test_post_request_needs_a_valid_api_key(api):
    response = post_request(api, api_key="fout")
    assert response.status_code == 403 and response.json()[0]["code"] == 403
    assert Melding.objects.count() == 0


def test_post_request_errors_follow_the_spec(api):
    assert post_request(api, service_code=None).json() == [{"code": 400, "description": "service_code was not provided."}]
    assert post_request(api, service_code="onbekend").status_code == 404
    no_location = post_request(api, lat=None, long=None)
    assert no_location.status_code == 400 and "location" in no_location.json()[0]["description"]
    outside = post_request(api, lat="50.85", long="4.35")
    assert outside.status_code == 400 and "buiten" in outside.json()[0]["description"]
    empty = post_request(api, description="")
    assert empty.status_code == 400 and "Beschrijf" in empty.json()[0]["description"]


def test_post_request_with_an_address_string(api):
    response = post_request(api, lat=None, long=None, address_string="Kerkstraat 12")
    assert response.status_code == 200, response.content
    assert Melding.objects.get().latitude != CENTRE[0]


def test_token_gives_the_service_request_id(api):
    post_request(api)
    melding = Melding.objects.get()
    body = get(api, f"tokens/{melding.uuid}.json").json()
    assert body == [{"service_request_id": melding.zaak.identificatie, "token": str(melding.uuid)}]
    assert get(api, "tokens/onbekend.json").status_code == 404


def test_get_requests_fields_status_mapping_and_filters(api, world):
    post_request(api)
    post_request(api, service_code="grofvuil")
    handled = Melding.objects.get(category__slug="grofvuil")
    services.transition(melding=handled, to_state=State.HANDLED, actor=world.handler, public_text="Opgehaald.")
    rows = get(api, "requests.json").json()
    assert len(rows) == 2 and set(rows[0]) == REQUEST_FIELDS
    by_code = {r["service_code"]: r for r in rows}
    assert by_code["grofvuil"]["status"] == "closed" and by_code["grofvuil"]["status_notes"] == "Opgehaald."
    assert by_code["container-is-vol"]["status"] == "open"
    assert by_code["container-is-vol"]["requested_datetime"][-6:] in ("+01:00", "+02:00")
    assert [r["service_code"] for r in get(api, "requests.json", status="open").json()] == ["container-is-vol"]
    assert [r["service_code"] for r in get(api, "requests.json", service_code="grofvuil").json()] == ["grofvuil"]
    one = get(api, "requests.json", service_request_id=handled.zaak.identificatie).json()
    assert [r["service_request_id"] for r in one] == [handled.zaak.identificatie]
    root = ElementTree.fromstring(get(api, "requests.xml").content)  # noqa: S314
    assert root.tag == "service_requests" and len(root.findall("request")) == 2
    assert {child.tag for child in root.find("request")} == REQUEST_FIELDS


def test_get_requests_window_is_at_most_90_days(api):
    post_request(api)
    Melding.objects.update(created_at=timezone.now() - datetime.timedelta(days=100))
    assert get(api, "requests.json").json() == []  # default: the last 90 days
    start = (timezone.now() - datetime.timedelta(days=120)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (timezone.now() - datetime.timedelta(days=95)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert len(get(api, "requests.json", start_date=start, end_date=end).json()) == 1
    too_long = get(api, "requests.json", start_date=start, end_date=timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert too_long.status_code == 400 and "90 days" in too_long.json()[0]["description"]
    assert get(api, "requests.json", start_date="gisteren").status_code == 400
    assert get(api, "requests.json", status="half").status_code == 400


def test_get_requests_returns_at_most_1000(api, monkeypatch):
    from loket.meldingen.api.open311 import views

    monkeypatch.setattr(views, "MAX_RESULTS", 2)
    for _ in range(3):
        post_request(api)
    assert len(get(api, "requests.json").json()) == 2


def test_get_a_single_request_and_private_categories_are_hidden(api, world):
    post_request(api)
    melding = Melding.objects.get()
    body = get(api, f"requests/{melding.zaak.identificatie}.xml")
    root = ElementTree.fromstring(body.content)  # noqa: S314
    assert root.find("request/service_request_id").text == melding.zaak.identificatie
    assert root.find("request/status").text == "open"
    melding.category.is_public = False
    melding.category.save()
    assert get(api, f"requests/{melding.zaak.identificatie}.json").status_code == 404
    assert json.loads(get(api, "requests.json").content) == []


def test_unknown_format_is_an_error(api):
    response = api.get(f"{BASE}/services.csv")
    assert response.status_code == 404 and response.json()[0]["code"] == 404
