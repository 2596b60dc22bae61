"""URL references between ZGW resources.

* :class:`ResourceURLField` – a reference to a LOCAL object (a foreign key): output is the object's absolute
  URL, input a URL that must resolve (internally, no HTTP) to the given view; otherwise a ValidatieFout with
  code ``bad-url`` (not a URL / nothing there) or ``invalid-resource`` (a resource of another type).
* :class:`ExternalURLField` – a URL kept as text (e.g. ``selectielijstklasse``, an external zaak): a local
  URL is resolved internally, an external one fetched over HTTP (only hosts in ``LOKET_ZGW_ALLOWED_HOSTS``,
  answers cached for ``LOKET_ZGW_URL_CACHE_SECONDS``) and must answer 200 with JSON.
* :func:`absolute_url` – ``absolute_url(request, "zgw-zaken:zaak-detail", uuid=zaak.uuid)``; without a
  request (worker, CLI) ``LOKET_ZGW_BASE_URL`` is used.
"""

import re
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http.request import split_domain_port, validate_host
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail


def base_url(request) -> str:
    """Scheme and host as the client sees them (``LOKET_ZGW_BASE_URL`` without a request); cached per request."""
    if request is None:
        return getattr(settings, "LOKET_ZGW_BASE_URL", "http://localhost:8000").rstrip("/")
    base = getattr(request, "_zgw_base_url", None)
    if base is None:
        base = request.build_absolute_uri("/").rstrip("/")
        request._zgw_base_url = base
    return base


def absolute_url(request, view_name: str, **kwargs) -> str:
    path = reverse(view_name, kwargs=kwargs)
    if request is not None:
        return request.build_absolute_uri(path)
    return getattr(settings, "LOKET_ZGW_BASE_URL", "http://localhost:8000").rstrip("/") + path


def is_local_url(url: str, request=None) -> bool:
    """Whether ``url`` points at this installation (its host is ours, or an allowed host of Django)."""
    netloc = urlsplit(url).netloc
    host, _port = split_domain_port(netloc)
    if request is not None and netloc == request.get_host():
        return True
    allowed = [h for h in settings.ALLOWED_HOSTS if h != "*"]
    return bool(host) and validate_host(host, allowed)


def resolve_local(url: str):
    """The resolver match of a local URL's path, or None."""
    try:
        return resolve(urlsplit(url).path)
    except Resolver404:
        return None


def _external_get(url: str, params: dict | None = None):
    """GET on an allowlisted host with the configured credentials. Raises ValueError with a Dutch message."""
    host = (urlsplit(url).hostname or "").lower()
    allowed = [h.lower() for h in getattr(settings, "LOKET_ZGW_ALLOWED_HOSTS", [])]
    if not host or not validate_host(host, allowed):
        raise ValueError(_("Deze host staat niet in de lijst van toegestane hosts."))
    headers = {"Accept": "application/json"}
    credentials = getattr(settings, "LOKET_ZGW_EXTERNAL_CREDENTIALS", {}).get(host)
    if credentials:
        from .testing import make_jwt

        headers["Authorization"] = f"Bearer {make_jwt(credentials[0], credentials[1])}"
    try:
        return requests.get(url, params=params, headers=headers, timeout=getattr(settings, "LOKET_ZGW_URL_TIMEOUT", 5))
    except requests.RequestException:
        raise ValueError(_("De URL kon niet opgehaald worden.")) from None


def fetch_list(url: str, params: dict) -> list:
    """GET an external ZGW list (allowlisted host, never cached: used to check a relation exists right now), all
    results of its first page (a list, or ``results`` of a paginated answer). Raises ValueError."""
    response = _external_get(url, params)
    if response.status_code != 200:
        raise ValueError(_("De URL gaf status %(status)s.") % {"status": response.status_code})
    try:
        data = response.json()
    except ValueError:
        raise ValueError(_("De URL gaf geen JSON.")) from None
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        data = data["results"]
    if not isinstance(data, list):
        raise ValueError(_("De URL gaf geen ZGW-lijst."))
    return data


class NotAResource(ValueError):
    """The URL answered 200, but not with a ZGW resource (no JSON object): it exists, but is of another kind."""


def fetch_resource(url: str) -> dict:
    """GET an external ZGW resource (allowlisted host, cached). Raises ValueError with a Dutch message
    (NotAResource when the URL answers 200 without a JSON object)."""
    host = (urlsplit(url).hostname or "").lower()
    allowed = [h.lower() for h in getattr(settings, "LOKET_ZGW_ALLOWED_HOSTS", [])]
    if not host or not validate_host(host, allowed):
        raise ValueError(_("Deze host staat niet in de lijst van toegestane hosts."))
    key = f"zgw-url:{url}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    response = _external_get(url)
    if response.status_code != 200:
        raise ValueError(_("De URL gaf status %(status)s.") % {"status": response.status_code})
    try:
        data = response.json()
    except ValueError:
        raise NotAResource(_("De URL gaf geen JSON.")) from None
    if not isinstance(data, dict):
        raise NotAResource(_("De URL gaf geen ZGW-resource."))
    cache.set(key, data, getattr(settings, "LOKET_ZGW_URL_CACHE_SECONDS", 300))
    return data


def _fail(message, code):
    raise serializers.ValidationError(ErrorDetail(str(message), code=code))


def check_remote(url: str, *, keys=()) -> dict:
    """A resource another installation serves (allowlisted host, fetched, cached): its JSON object. ValidationError
    ``bad-url`` when it does not answer 200 (or the host is not allowed), ``invalid-resource`` when the answer is
    no JSON object or lacks one of ``keys`` (it exists, but is something else)."""
    try:
        data = fetch_resource(url)
    except NotAResource:
        _fail(_("De URL verwijst niet naar een resource van dit type."), "invalid-resource")
    except ValueError as exc:
        _fail(_("De URL verwijst niet naar een bestaande resource.") + f" ({exc})", "bad-url")
    if any(key not in data for key in keys):
        _fail(_("De URL verwijst niet naar een resource van dit type."), "invalid-resource")
    return data


class ResourceURLField(serializers.RelatedField):
    """A local resource by URL (a foreign key).

    Either by URL name: ``ResourceURLField(view_name="zgw-catalogi:zaaktype-detail", queryset=...)``, or by fixed
    path (faster, and independent of another API's URL names):
    ``ResourceURLField(path="/catalogi/api/v1/zaaktypen/{uuid}", queryset=...)``.
    ``lookup_field`` defaults to ``uuid``.
    """

    default_error_messages = {"required": gettext_lazy("Dit veld is verplicht.")}

    def __init__(self, *, view_name=None, path=None, lookup_field="uuid", lookup_url_kwarg=None, **kwargs):
        if not (view_name or path):
            raise TypeError("ResourceURLField needs view_name or path.")
        self.view_name = view_name
        self.path = path
        self.lookup_field = lookup_field
        self.lookup_url_kwarg = lookup_url_kwarg or lookup_field
        if path:
            head, _sep, tail = path.partition("{" + self.lookup_url_kwarg + "}")
            self._path_re = re.compile("^" + re.escape(head) + r"(?P<value>[^/]+)" + re.escape(tail) + "/?$")
        super().__init__(**kwargs)

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        request = self.context.get("request")
        lookup = getattr(value, self.lookup_field)
        if self.path:
            return base_url(request) + self.path.format(**{self.lookup_url_kwarg: lookup})
        return absolute_url(request, self.view_name, **{self.lookup_url_kwarg: lookup})

    def _lookup_from_url(self, data):
        if self.path:
            found = self._path_re.match(urlsplit(data).path)
            if found:
                return found.group("value")
            if resolve_local(data) is not None:
                _fail(_("De URL verwijst naar een resource van een ander type."), "invalid-resource")
            self._not_ours(data)
        match = resolve_local(data)
        if match is None:
            self._not_ours(data)
        if match.view_name != self.view_name:
            _fail(_("De URL verwijst naar een resource van een ander type."), "invalid-resource")
        return match.kwargs.get(self.lookup_url_kwarg)

    def _not_ours(self, data):
        """A URL matching none of our paths: ``bad-url`` on the host serving this request; on another host (a local
        one on another port, say) it may be something else that answers."""
        request = self.context.get("request")
        if request is not None and urlsplit(data).netloc == request.get_host():
            _fail(_("De URL verwijst niet naar een bestaande resource."), "bad-url")
        self._elsewhere(data)

    @staticmethod
    def _elsewhere(data):
        """A URL on another host: Loket links only its own resources. One that answers (allowlisted hosts only) is
        some other resource, ``invalid-resource`` (VNG scenario brc-001e); one that does not is ``bad-url``."""
        check_remote(data)
        _fail(_("De URL verwijst niet naar een resource van dit type in deze installatie."), "invalid-resource")

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data:
            _fail(_("Geef een URL."), "bad-url")
        parts = urlsplit(data)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            _fail(_("Dit is geen geldige URL."), "bad-url")
        if not is_local_url(data, self.context.get("request")):
            self._elsewhere(data)  # another host
        lookup = self._lookup_from_url(data)
        queryset = self.get_queryset()
        try:
            return queryset.get(**{self.lookup_field: lookup})
        except (queryset.model.DoesNotExist, ValueError, TypeError, DjangoValidationError):
            _fail(_("De URL verwijst niet naar een bestaande resource."), "bad-url")


class ZGWURLField(serializers.CharField):
    """An http(s) URL (ZGW ``format: uri``); unlike DRF's URLField it accepts hosts without a dot (testserver, zrc)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
                _fail(_("Dit is geen geldige URL."), "invalid")
        return value


class ExternalURLField(ZGWURLField):
    """A URL kept as text and checked by resolving it (locally: ``view_names``; externally: over HTTP).

    ``check`` is an optional callable(data_dict) -> bool deciding whether the fetched resource has the right
    type (``invalid-resource`` otherwise), e.g. ``lambda d: "procestype" in d``.
    """

    def __init__(self, *, view_names=(), check=None, **kwargs):
        self.view_names = tuple(view_names)
        self.check = check
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        url = super().to_internal_value(data)
        if not url:
            return url
        request = self.context.get("request")
        if is_local_url(url, request):
            match = resolve_local(url)
            if match is None:
                _fail(_("De URL verwijst niet naar een bestaande resource."), "bad-url")
            if self.view_names and match.view_name not in self.view_names:
                _fail(_("De URL verwijst naar een resource van een ander type."), "invalid-resource")
            return url
        try:
            resource = fetch_resource(url)
        except ValueError as exc:
            _fail(str(exc), "bad-url")
        if self.check is not None and not self.check(resource):
            _fail(_("De URL verwijst naar een resource van een ander type."), "invalid-resource")
        return url


__all__ = ["ZGWURLField", "ExternalURLField", "NoReverseMatch", "NotAResource", "ResourceURLField", "absolute_url",
           "base_url", "check_remote", "fetch_list", "fetch_resource", "is_local_url"]
