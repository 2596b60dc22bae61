"""Rules of the common framework checked directly: confidentiality filtering, external URL references, CRS headers."""

import dataclasses

import pytest
import requests
from django.test import RequestFactory
from rest_framework import mixins, serializers
from rest_framework.test import APIRequestFactory

from loket.cases.models import Zaak
from loket.platform.api_clients.services import AutorisatieSpec, client_auth
from loket.platform.zgw.fields import ExternalURLField
from loket.platform.zgw.permissions import authorised_queryset, is_allowed
from loket.platform.zgw.testing import make_application, make_jwt
from loket.platform.zgw.views import ZGWViewSet


def _request_for(app):
    request = RequestFactory().get("/")
    request.auth = dataclasses.replace(client_auth(app.client_id))
    return request


def _zaaktype_url(zaaktype):
    return f"http://testserver/catalogi/api/v1/zaaktypen/{zaaktype.uuid}"


@pytest.fixture
def cases(world):
    made = {}
    for level in ("openbaar", "zaakvertrouwelijk", "geheim"):
        zaak = world.create_case(omschrijving=level)
        Zaak.objects.filter(pk=zaak.pk).update(vertrouwelijkheidaanduiding=level)
        made[level] = zaak
    return made


def test_maximum_confidentiality_is_inclusive_and_filters_at_the_source(world, cases):
    app = make_application(organisation=world.gemeente, autorisaties=[AutorisatieSpec(
        component="zrc", scopes=["zaken.lezen"], zaaktype=_zaaktype_url(world.zaaktype),
        max_vertrouwelijkheidaanduiding="zaakvertrouwelijk")])
    request = _request_for(app)
    visible = authorised_queryset(request, Zaak.objects.all(), component="zrc", scope="zaken.lezen",
                                  type_path="zaaktype", vertrouwelijkheid_path="vertrouwelijkheidaanduiding")
    assert set(visible.values_list("omschrijving", flat=True)) == {"openbaar", "zaakvertrouwelijk"}
    assert is_allowed(request, component="zrc", scope="zaken.lezen", type_obj=world.zaaktype, vertrouwelijkheid="zaakvertrouwelijk")
    assert not is_allowed(request, component="zrc", scope="zaken.lezen", type_obj=world.zaaktype, vertrouwelijkheid="geheim")


def test_scope_of_another_action_or_type_grants_nothing(world, cases):
    app = make_application(organisation=world.gemeente, autorisaties=[AutorisatieSpec(
        component="zrc", scopes=["zaken.aanmaken"], zaaktype=_zaaktype_url(world.zaaktype),
        max_vertrouwelijkheidaanduiding="zeer_geheim")])
    request = _request_for(app)
    assert not authorised_queryset(request, Zaak.objects.all(), component="zrc", scope="zaken.lezen",
                                   type_path="zaaktype", vertrouwelijkheid_path="vertrouwelijkheidaanduiding").exists()
    other = "http://testserver/catalogi/api/v1/zaaktypen/00000000-0000-0000-0000-000000000001"
    assert not is_allowed(request, component="zrc", scope="zaken.aanmaken", type_url=other, vertrouwelijkheid="openbaar")


def test_heeft_alle_autorisaties_sees_everything(world, cases):
    request = _request_for(make_application(organisation=world.gemeente, all=True))
    assert authorised_queryset(request, Zaak.objects.all(), component="zrc", scope="zaken.lezen", type_path="zaaktype",
                               vertrouwelijkheid_path="vertrouwelijkheidaanduiding").count() == 3


# -- external URL references --------------------------------------------------------------------


class _Response:
    def __init__(self, status, data):
        self.status_code, self._data = status, data

    def json(self):
        return self._data


@pytest.fixture
def remote(monkeypatch, settings):
    settings.LOKET_ZGW_ALLOWED_HOSTS = ["referentielijst.example"]
    calls = []

    def fake_get(url, **kwargs):
        calls.append(url)
        if url.endswith("/missing"):
            return _Response(404, {})
        if url.endswith("/down"):
            raise requests.ConnectionError("down")
        return _Response(200, {"url": url, "procestype": "https://referentielijst.example/procestypen/1"})

    monkeypatch.setattr(requests, "get", fake_get)
    from django.core.cache import cache

    cache.clear()
    return calls


def _validate(url, **kwargs):
    field = ExternalURLField(**kwargs)
    field.bind("selectielijstklasse", serializers.Serializer(context={"request": None}))
    try:
        return field.run_validation(url), None
    except serializers.ValidationError as exc:
        return None, exc.detail[0].code


def test_external_url_is_fetched_once_and_cached(db, remote):
    url = "https://referentielijst.example/resultaten/1"
    assert _validate(url) == (url, None)
    assert _validate(url) == (url, None)
    assert remote == [url]


def test_external_url_of_a_host_not_in_the_allowlist_is_bad_url(db, remote):
    assert _validate("https://elders.example/resultaten/1") == (None, "bad-url")
    assert remote == []


@pytest.mark.parametrize("tail", ["missing", "down"])
def test_external_url_that_does_not_answer_200_is_bad_url(db, remote, tail):
    assert _validate(f"https://referentielijst.example/{tail}") == (None, "bad-url")


def test_external_resource_of_the_wrong_type_is_invalid_resource(db, remote):
    assert _validate("https://referentielijst.example/resultaten/2", check=lambda d: "zaaktype" in d) == (None, "invalid-resource")


# -- CRS headers ----------------------------------------------------------------------------------


class _GeoView(ZGWViewSet, mixins.ListModelMixin):
    zgw_component = "zrc"
    required_scopes = {"list": "zaken.lezen", "create": "zaken.aanmaken"}
    zgw_crs_actions = {"list", "create"}
    pagination_class = None

    def get_queryset(self):
        return Zaak.objects.none()

    def get_serializer_class(self):
        return serializers.Serializer

    def create(self, request):
        from rest_framework.response import Response

        return Response({}, status=201)


@pytest.mark.parametrize("method, headers, status", [
    ("get", {}, 412),
    ("get", {"HTTP_ACCEPT_CRS": "EPSG:28992"}, 406),
    ("get", {"HTTP_ACCEPT_CRS": "EPSG:4326"}, 200),
    ("post", {"HTTP_ACCEPT_CRS": "EPSG:4326"}, 412),
    ("post", {"HTTP_ACCEPT_CRS": "EPSG:4326", "HTTP_CONTENT_CRS": "EPSG:28992"}, 415),
    ("post", {"HTTP_ACCEPT_CRS": "EPSG:4326", "HTTP_CONTENT_CRS": "EPSG:4326"}, 201),
])
def test_accept_crs_and_content_crs_must_be_epsg_4326(zgw_auth, method, headers, status):
    view = _GeoView.as_view({"get": "list", "post": "create"})
    token = f"Bearer {make_jwt(zgw_auth.client_id, zgw_auth.secret)}"
    factory = APIRequestFactory()
    request = getattr(factory, method)("/geo", {}, format="json", HTTP_AUTHORIZATION=token, **headers)
    response = view(request)
    assert response.status_code == status
    if status < 400:
        assert response["Content-Crs"] == "EPSG:4326"
    else:
        assert response.data["status"] == status
