"""The base of every ZGW viewset: authentication, scopes, Fout errors, API-version, ETag, pagination, CRS.

Usage::

    from loket.platform.zgw.views import ZGWViewSet          # or ZGWViewMixin + your own DRF generic mixins

    class ZaakViewSet(ZGWViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, ...):
        zgw_api_version = "1.5.1"
        zgw_component = "zrc"
        required_scopes = {"list": "zaken.lezen", "retrieve": "zaken.lezen", "create": "zaken.aanmaken", ...}
        zgw_type_path = "zaaktype"                                # ORM path to the type (for authorisation)
        zgw_vertrouwelijkheid_path = "vertrouwelijkheidaanduiding"
        zgw_crs_actions = {"list", "retrieve", "create", "update", "partial_update", "_zoek"}   # Accept-Crs checks
        zgw_domain_errors = (CaseError,)                          # become ValidatieFout
        lookup_field = "uuid"
"""

import hashlib
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status, viewsets
from rest_framework.response import Response

from .authentication import ZGWJWTAuthentication
from .exceptions import PreconditionFailed, validation_error, zgw_exception_handler
from .pagination import ZGWPagination
from .permissions import ZGWScopes, authorised_queryset, check_new_object, required_scope

CRS = "EPSG:4326"


class NotAcceptableCrs(exceptions.NotAcceptable):
    default_detail = "CRS niet ondersteund."


class UnsupportedCrs(exceptions.UnsupportedMediaType):
    default_detail = "CRS niet ondersteund."

    def __init__(self, detail=None, code=None):
        exceptions.APIException.__init__(self, detail, code)


def etag_for(data) -> str:
    body = json.dumps(data, sort_keys=True, default=str, separators=(",", ":")).encode()
    return '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'


class ZGWViewMixin:
    authentication_classes = [ZGWJWTAuthentication]
    permission_classes = [ZGWScopes]
    pagination_class = ZGWPagination
    lookup_field = "uuid"
    lookup_value_regex = "[^/]+"  # anything: a malformed uuid is a ZGW 404 (get_object), not Django's HTML 404
    zgw_api_version = "1.0.0"
    zgw_component: str = ""
    required_scopes: dict = {}
    zgw_type_path: str | None = None
    zgw_vertrouwelijkheid_path: str | None = None
    zgw_crs_actions: set = set()
    #: Query parameters a client may repeat (``?trefwoorden=a&trefwoorden=b``); any other given twice is a 400.
    repeatable_query_params: tuple = ()
    zgw_domain_errors: tuple = ()
    #: actions on a single object whose answers carry an ETag (If-None-Match -> 304)
    zgw_etag_actions = {"retrieve"}

    def get_exception_handler(self):
        return zgw_exception_handler

    def get_object(self):
        try:
            return super().get_object()
        except DjangoValidationError:
            raise Http404 from None

    # -- authorisation ----------------------------------------------------------------------
    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list" or getattr(self, "zgw_filter_action", False):
            _known, scope = required_scope(self, self.request)
            queryset = authorised_queryset(
                self.request, queryset, component=self.zgw_component, scope=scope,
                type_path=self.zgw_type_path, vertrouwelijkheid_path=self.zgw_vertrouwelijkheid_path,
            )
        return queryset

    def authorise_new(self, data: dict) -> None:
        """403 unless the client may create/change an object with these (validated) values."""
        from .permissions import _follow

        _known, scope = required_scope(self, self.request)
        check_new_object(
            self.request, component=self.zgw_component, scope=scope,
            type_obj=_follow(data, self.zgw_type_path) if self.zgw_type_path else None,
            vertrouwelijkheid=_follow(data, self.zgw_vertrouwelijkheid_path) if self.zgw_vertrouwelijkheid_path else None,
        )

    def perform_create(self, serializer):
        self.authorise_new(serializer.validated_data)
        super().perform_create(serializer)

    def perform_update(self, serializer):
        merged = {}
        if self.zgw_type_path or self.zgw_vertrouwelijkheid_path:
            from .permissions import _follow

            for path in filter(None, (self.zgw_type_path, self.zgw_vertrouwelijkheid_path)):
                head = path.split("__")[0]
                merged[head] = serializer.validated_data.get(head, _follow(serializer.instance, head))
        self.authorise_new(merged)
        super().perform_update(serializer)

    # -- headers: CRS, API-version, ETag ------------------------------------------------------
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        action = getattr(self, "action", None)
        if any("\x00" in key or "\x00" in value for key, values in request.query_params.lists() for value in values):
            # PostgreSQL cannot compare text holding NUL, so no resource can match such a parameter. A list or a
            # write documents a ValidatieFout; a single resource documents no 400: nothing is found there.
            if action in ("list", "_zoek") or request.method in ("POST", "PUT", "PATCH"):
                raise validation_error("nonFieldErrors", _("Het adres bevat een ongeldig teken (NUL)."))
            raise exceptions.NotFound()
        if action in ("list", "_zoek"):
            reject_repeated_query_params(request, allowed=self.repeatable_query_params)
        if action in self.zgw_crs_actions:
            accept = request.headers.get("Accept-Crs")
            if accept is None:
                raise PreconditionFailed(_("'Accept-Crs' header ontbreekt."))
            if accept.strip() != CRS:
                raise NotAcceptableCrs(_("CRS '%(crs)s' wordt niet ondersteund.") % {"crs": accept})
            if request.method in ("POST", "PUT", "PATCH"):
                content = request.headers.get("Content-Crs")
                if content is None:
                    raise PreconditionFailed(_("'Content-Crs' header ontbreekt."))
                if content.strip() != CRS:
                    raise UnsupportedCrs(_("CRS '%(crs)s' wordt niet ondersteund.") % {"crs": content})

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-version"] = self.zgw_api_version
        action = getattr(self, "action", None)
        if action in self.zgw_crs_actions and response.status_code < 400:
            response["Content-Crs"] = CRS
        if (request.method in ("GET", "HEAD") and response.status_code == 200 and action in self.zgw_etag_actions
                and isinstance(getattr(response, "data", None), dict)):
            etag = etag_for(response.data)
            response["ETag"] = etag
            wanted = [t.strip() for t in request.headers.get("If-None-Match", "").split(",") if t.strip()]
            # Only an explicit match: "*" would make 304 an answer of every retrieve, and the specs document 304 only
            # on the resources that publish an ETag.
            if etag in wanted:
                not_modified = Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag, "API-version": self.zgw_api_version})
                return super().finalize_response(request, not_modified, *args, **kwargs)
            if request.method == "HEAD":
                head = Response(status=status.HTTP_200_OK, headers={"ETag": etag, "API-version": self.zgw_api_version})
                return super().finalize_response(request, head, *args, **kwargs)
        return response


class ZGWViewSet(ZGWViewMixin, viewsets.GenericViewSet):
    """A GenericViewSet with the ZGW behaviour; add DRF's mixins for the actions you serve."""


def reject_repeated_query_params(request, allowed=()) -> None:
    """A ValidatieFout for a query parameter given twice (``?page=1&page=2``): the specs' lists take one value,
    or several separated by commas (``explode: false``), so a second one would silently be ignored."""
    for name, values in request.query_params.lists():
        if len(values) > 1 and name not in allowed:
            raise validation_error(name, _("Geef deze parameter één keer op; meerdere waarden scheidt u met komma's."))


def requested_expand(request, allowed: set[str]) -> set[str]:
    """The ``expand`` values of the request (comma separated, dotted paths); ValidatieFout for unknown ones."""
    from .exceptions import validation_error

    raw = request.query_params.get("expand", "")
    values = {v.strip() for v in raw.split(",") if v.strip()}
    unknown = sorted(values - allowed)
    if unknown:
        raise validation_error("expand", _("Onbekende waarde(n) voor expand: %(values)s.") % {"values": ", ".join(unknown)},
                               "invalid-expand")
    return values


def not_found(request, *args, **kwargs):
    """A ZGW Fout 404 for any path under an API that matches no endpoint (instead of Django's HTML page).

    Add it last to an API's urlpatterns: ``re_path(r"^.*$", not_found)``.
    """
    from django.http import JsonResponse

    from .exceptions import PROBLEM_CONTENT_TYPE, fout

    body = fout(request, exceptions.NotFound(), 404, "not_found", str(exceptions.NotFound.default_detail),
                str(_("Deze URL bestaat niet in deze API.")))
    return JsonResponse(body, status=404, content_type=PROBLEM_CONTENT_TYPE)
