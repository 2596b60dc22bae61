"""Referentielijsten & Selectielijst API: served from the shipped data, public, in VNG's answer formats;
LOKET_REFERENTIELIJSTEN_API_URL makes Loket use an external one instead."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from loket.cases import referentielijsten

API = "/referentielijsten/api/v1"
PROCESTYPE = "b594c8d1-ea6a-4bcd-a6aa-2c7a8ad3fe5b"  # "Instellen en inrichten organisatie"


@pytest.fixture(autouse=True)
def _shipped_data(settings):
    settings.LOKET_REFERENTIELIJSTEN_API_URL = ""


def test_procestypen_are_listed_without_authorisation_with_absolute_urls(client):
    response = client.get(f"{API}/procestypen")

    assert response.status_code == 200
    assert response["API-version"] == "1.0.0"
    rows = response.json()
    assert len(rows) == 29
    first = next(row for row in rows if row["url"].endswith(PROCESTYPE))
    assert first["url"] == f"http://testserver{API}/procestypen/{PROCESTYPE}"
    assert first["naam"] == "Instellen en inrichten organisatie"
    assert first["jaar"] == 2020


def test_procestypen_filter_on_jaar(client):
    assert len(client.get(f"{API}/procestypen", {"jaar": "2020"}).json()) == 29
    assert client.get(f"{API}/procestypen", {"jaar": "2017"}).json() == []


def test_a_jaar_that_is_no_year_matches_nothing(client):
    response = client.get(f"{API}/procestypen", {"jaar": "twintig"})

    assert (response.status_code, response.json()) == (200, [])


def test_one_procestype_by_uuid_and_an_unknown_one_is_a_fout_404(client):
    assert client.get(f"{API}/procestypen/{PROCESTYPE}").json()["nummer"] == 1

    for missing in ("00000000-0000-4000-8000-000000000000", "geen-uuid"):
        response = client.get(f"{API}/procestypen/{missing}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"  # what this standard documents
        assert response.json()["status"] == 404


def test_resultaten_are_paginated_by_100_with_next_and_previous(client):
    first = client.get(f"{API}/resultaten").json()
    assert first["count"] == 346
    assert len(first["results"]) == 100
    assert first["previous"] is None
    assert first["next"] == f"http://testserver{API}/resultaten?page=2"

    last = client.get(f"{API}/resultaten", {"page": 4}).json()
    assert len(last["results"]) == 46
    assert last["next"] is None
    assert last["previous"].endswith("page=3")

    assert client.get(f"{API}/resultaten", {"page": 5}).status_code == 404
    assert client.get(f"{API}/resultaten", {"page": "x"}).status_code == 404
    assert client.get(f"{API}/resultaten?page=1&page=2").status_code == 400
    assert client.get(f"{API}/resultaten?page=").status_code == 404


@pytest.mark.parametrize("parameter", ["procesType", "proces_type"])
def test_resultaten_filter_on_their_procestype_url(client, parameter):
    url = f"http://testserver{API}/procestypen/{PROCESTYPE}"
    body = client.get(f"{API}/resultaten", {parameter: url}).json()

    assert body["count"] == len(referentielijsten.resultaten(PROCESTYPE)) > 0
    assert {row["procesType"] for row in body["results"]} == {url}


def test_resultaten_filter_with_something_that_is_no_procestype_url_matches_nothing(client):
    response = client.get(f"{API}/resultaten", {"procesType": "geen url"})
    assert (response.status_code, response.json()["count"], response.json()["results"]) == (200, 0, [])


def test_resultaat_and_resultaattypeomschrijvingen(client):
    klasse = referentielijsten.resultaten(PROCESTYPE)[0]
    body = client.get(f"{API}/resultaten/{klasse['url']}").json()
    assert body["volledigNummer"] == klasse["volledigNummer"]
    assert body["procesType"] == f"http://testserver{API}/procestypen/{PROCESTYPE}"

    omschrijvingen = client.get(f"{API}/resultaattypeomschrijvingen").json()
    assert sorted(row["omschrijving"] for row in omschrijvingen) == ["Afgewezen", "Ingetrokken", "Toegekend"]
    one = client.get(omschrijvingen[0]["url"].replace("http://testserver", "")).json()
    assert one == omschrijvingen[0]


def test_the_api_is_read_only(client):
    response = client.post(f"{API}/procestypen", {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


def test_schema_is_served_with_its_corrections(client):
    import yaml

    response = client.get(f"{API}/schema/openapi.yaml")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["servers"] == [{"url": f"http://testserver{API}"}]
    listing = schema["paths"]["/procestypen"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listing["type"] == "array"


# -- an external Referentielijsten API ---------------------------------------------------------


class ExternalApi:
    """A stand-in for VNG's public Referentielijsten API: one procestype with a name of its own."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.requests: list[str] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                api.requests.append(self.path)
                root = f"http://127.0.0.1:{api.port}/api/v1"
                row = {"url": f"{root}/procestypen/{PROCESTYPE}", "nummer": 1, "jaar": 2024,
                       "naam": "Extern procestype", "omschrijving": "", "toelichting": "", "procesobject": ""}
                if self.path.startswith(f"/api/v1/procestypen/{PROCESTYPE}"):
                    body, status = row, 200
                elif self.path.startswith("/api/v1/procestypen"):
                    body, status = [row], 200
                else:
                    body, status = {"detail": "Niet gevonden"}, 404
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/api/v1"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def external_api(settings):
    api = ExternalApi()
    settings.LOKET_REFERENTIELIJSTEN_API_URL = api.url + "/"
    settings.LOKET_REFERENTIELIJSTEN_CACHE_SECONDS = 0
    yield api
    api.stop()


def test_external_referentielijsten_api_is_used_instead_of_the_shipped_data(external_api):
    assert referentielijsten.external_url() == external_api.url
    assert referentielijsten.procestype(PROCESTYPE)["naam"] == "Extern procestype"
    assert referentielijsten.procestype(PROCESTYPE)["url"] == PROCESTYPE  # the shipped format: a uuid
    assert [row["naam"] for row in referentielijsten.procestypen()] == ["Extern procestype"]
    assert referentielijsten.resultaattypeomschrijving("e6a0c939-3404-45b0-88e3-76c94fb80ea7") is None  # 404 there
    assert external_api.requests


def test_unreachable_external_api_falls_back_to_the_shipped_data(external_api):
    external_api.stop()

    assert referentielijsten.procestype(PROCESTYPE)["naam"] == "Instellen en inrichten organisatie"
    assert len(referentielijsten.procestypen()) == 29


def test_external_answers_are_cached(external_api, settings):
    settings.LOKET_REFERENTIELIJSTEN_CACHE_SECONDS = 3600
    referentielijsten._cache.clear()

    for _ in range(3):
        referentielijsten.procestype(PROCESTYPE)

    assert len(external_api.requests) == 1
    referentielijsten._cache.clear()
