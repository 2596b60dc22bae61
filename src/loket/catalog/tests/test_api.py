"""The public catalog API: search and product, problem JSON on errors, documented in OpenAPI."""

import pytest
import yaml

from loket.platform.tests.factories import OrganisationFactory

from .helpers import product

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    gemeente = OrganisationFactory(slug="heidebeek", name="Gemeente Heidebeek")
    passport = product(gemeente, "Paspoort aanvragen", key="paspoort",
                       upl_uri="http://standaarden.overheid.nl/owms/terms/paspoort",
                       costs=[{"label": "Paspoort", "amount": "75"}], related=[])
    local = product(gemeente, "Uitleendienst feestmateriaal", related=["paspoort"])
    return gemeente, passport, local


def test_search_returns_ranked_products(client, catalog):
    _gemeente, passport, local = catalog
    response = client.get("/api/v1/catalog/search", {"q": "paspoord"})
    assert response.status_code == 200
    body = response.json()
    assert body["suggestion"] == "paspoort"
    first = body["results"][0]
    assert first["name"] == "Paspoort aanvragen" and first["upl_uri"].endswith("/paspoort")
    assert first["url"].endswith("/producten/paspoort/") and first["score"] > 0 and first["id"] == passport.pk
    local_hit = client.get("/api/v1/catalog/search", {"q": "feestmateriaal"}).json()["results"][0]
    assert local_hit["upl_uri"] is None


@pytest.mark.parametrize("query", ["", "x" * 10_000, "<script>alert(1)</script>", "' OR 1=1 --", "😀", "\x01\x7f"])
def test_bad_input_gives_a_clean_json_answer(client, catalog, query):
    response = client.get("/api/v1/catalog/search", {"q": query})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


def test_nul_byte_and_bad_limit_answer_problem_json(client, catalog):
    response = client.get("/api/v1/catalog/search?q=pas%00poort")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    response = client.get("/api/v1/catalog/search", {"q": "pas", "limit": "veel"})
    assert response.status_code == 400 and response.json()["invalid-params"][0]["name"] == "limit"
    response = client.get("/api/v1/catalog/search", {"q": "pas", "organisation": "bestaat-niet"})
    assert response.status_code == 404


def test_product_detail(client, catalog):
    _gemeente, passport, local = catalog
    body = client.get(f"/api/v1/catalog/products/{passport.pk}").json()
    assert body["name"] == "Paspoort aanvragen" and body["costs"] == [{"label": "Paspoort", "amount": "75.00"}]
    assert body["channels"][0]["kind"] == "online" and body["organisation"] == "heidebeek"
    assert client.get(f"/api/v1/catalog/products/{local.pk}").json()["related"][0]["key"] == "paspoort"
    missing = client.get("/api/v1/catalog/products/999999")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_openapi_documents_the_catalog(client):
    schema = yaml.safe_load(client.get("/api/v1/schema/openapi.yaml").content)
    search = schema["paths"]["/api/v1/catalog/search"]["get"]
    assert {p["name"] for p in search["parameters"]} >= {"q", "limit"}
    assert "/api/v1/catalog/products/{id}" in schema["paths"]
    hit = schema["components"]["schemas"]["SearchHit"]["properties"]
    assert {"name", "upl_uri", "url", "score"} <= set(hit)
