"""The common ZGW behaviour, checked through the Autorisaties API (the smallest ZGW API)."""

import time

import jwt
import pytest

from loket.platform.api_clients.services import AutorisatieSpec
from loket.platform.zgw.testing import make_application, make_jwt

URL = "/autorisaties/api/v1/applicaties"


def test_request_without_token_is_refused_with_fout(client, db):
    response = client.get(URL)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert {"type", "code", "title", "status", "detail", "instance"} <= set(body)


def test_token_signed_with_wrong_secret_is_refused(client, zgw_auth):
    token = make_jwt(zgw_auth.client_id, "not-the-secret")
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_token_of_unknown_client_is_refused(client, db):
    response = client.get(URL, HTTP_AUTHORIZATION=f"Bearer {make_jwt('nobody', 'x')}")
    assert response.status_code == 401


def test_token_issued_in_the_future_beyond_leeway_is_refused(client, zgw_auth, settings):
    settings.LOKET_ZGW_JWT_LEEWAY = 5
    token = make_jwt(zgw_auth.client_id, zgw_auth.secret, iat=int(time.time()) + 600)
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_token_without_iat_is_refused(client, zgw_auth):
    token = jwt.encode({"client_id": zgw_auth.client_id}, zgw_auth.secret, algorithm="HS256")
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_old_token_is_refused_only_when_max_age_is_set(client, zgw_auth, settings):
    token = make_jwt(zgw_auth.client_id, zgw_auth.secret, iat=int(time.time()) - 7200)
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    settings.LOKET_ZGW_JWT_MAX_AGE = 3600
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_iss_claim_identifies_the_client_like_older_clients_send(client, zgw_auth):
    token = jwt.encode({"iss": zgw_auth.client_id, "iat": int(time.time())}, zgw_auth.secret, algorithm="HS256")
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_response_carries_api_version_header(zgw_client):
    response = zgw_client.get(URL)
    assert response.status_code == 200
    assert response["API-version"] == "1.0.0"


def test_list_is_paginated_with_count_next_previous_results(zgw_client):
    body = zgw_client.get(URL).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1 and body["next"] is None and body["previous"] is None


@pytest.mark.parametrize("page", ["5", "0", "-1", "abc", "165741872376217521948498853888"])
def test_impossible_page_is_a_validatiefout_on_page(zgw_client, page):
    response = zgw_client.get(URL, {"page": page})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "page"


def test_count_above_the_exact_limit_is_an_estimate_not_lower_than_the_limit(zgw_client, zgw_auth, settings):
    settings.LOKET_ZGW_EXACT_COUNT_LIMIT = 2
    for n in range(4):
        make_application(organisation=zgw_auth.organisation, client_id=f"extra-{n}")
    body = zgw_client.get(URL).json()
    assert body["count"] >= 3
    assert len(body["results"]) == 5


def test_missing_scope_gives_403_permission_denied(client, zgw_organisation):
    limited = make_application(
        organisation=zgw_organisation, autorisaties=[AutorisatieSpec(component="nrc", scopes=["notificaties.consumeren"])],
    )
    response = client.get(URL, **limited.django)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_unknown_uuid_is_not_found(zgw_client):
    assert zgw_client.get(f"{URL}/00000000-0000-0000-0000-000000000000").status_code == 404


def test_validation_error_is_validatiefout_with_invalid_params(zgw_client):
    response = zgw_client.post(URL, {"label": "", "clientIds": []}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    names = {p["name"] for p in body["invalidParams"]}
    assert "label" in names


def test_malformed_json_is_a_400_not_a_500(zgw_client):
    response = zgw_client.generic("POST", URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_schema_is_served_from_the_official_file(client, db):
    response = client.get("/autorisaties/api/v1/schema/openapi.yaml")
    assert response.status_code == 200
    assert b"Autorisaties API" in response.content
    assert b"/applicaties/consumer" in response.content


@pytest.mark.parametrize("header", ["Token abc", "Bearer", "Bearer a b", "Bearer not.a.jwt"])
def test_garbled_authorization_header_is_401(client, db, header):
    assert client.get(URL, HTTP_AUTHORIZATION=header).status_code == 401


def test_following_next_links_returns_every_row_once_with_a_cursor(zgw_client, zgw_auth, settings):
    from loket.platform.zgw.pagination import ZGWPagination

    for n in range(6):
        make_application(organisation=zgw_auth.organisation, client_id=f"blad-{n}")
    ZGWPagination.page_size, original = 2, ZGWPagination.page_size
    try:
        seen, url, pages = [], URL, 0
        while url:
            body = zgw_client.get(url).json()
            seen += [a["clientIds"][0] for a in body["results"]]
            url, pages = body["next"], pages + 1
            if url:
                assert "_cursor=" in url
        assert pages == 4 and len(seen) == 7 == len(set(seen))
        # A hand-made page number (no cursor) gives the same rows as the cursor link.
        assert [a["clientIds"][0] for a in zgw_client.get(URL, {"page": 3}).json()["results"]] == seen[4:6]
        previous = zgw_client.get(URL, {"page": 3}).json()["previous"]
        assert "page=2" in previous and "_cursor" not in previous
    finally:
        ZGWPagination.page_size = original


@pytest.mark.parametrize("path", ["/autorisaties/api/v1/applicaties/", "/autorisaties/api/v1/bestaat-niet",
                                  "/besluiten/api/v1/besluiten/x/y/z"])
def test_unknown_path_under_an_api_is_a_zgw_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "not_found"


def test_a_nul_byte_in_a_list_filter_is_a_validatiefout(zgw_client):
    response = zgw_client.get(URL, {"clientIds": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "nonFieldErrors"


@pytest.mark.parametrize("path", ["/consumer?clientId=a%00b", "/00000000-0000-0000-0000-000000000000?x=%00",
                                  "/%00"])
def test_a_nul_byte_on_a_single_resource_is_not_found_as_its_spec_documents(zgw_client, path):
    """The specs document no 400 for reading one resource; nothing can match a NUL, so it is a ZGW 404."""
    response = zgw_client.get(URL + path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
