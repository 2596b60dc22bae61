"""Scopes and autorisaties (ZGW Autorisaties API) for the ZGW views.

A view declares::

    zgw_component = "zrc"                       # ac, nrc, zrc, ztc, drc, brc
    required_scopes = {"list": "zaken.lezen", "retrieve": "zaken.lezen", "create": "zaken.aanmaken", ...}
    zgw_type_path = "zaaktype"                   # ORM path from the view's model to the type (zaak__zaaktype for Status)
    zgw_vertrouwelijkheid_path = "vertrouwelijkheidaanduiding"   # or "zaak__vertrouwelijkheidaanduiding"; None if n/a

A required scope may be a string, a set of strings (any of them suffices) or None (no scope needed).
An action missing from ``required_scopes`` is refused (403): forgetting a scope must not open data.

* list: the queryset is filtered at the source (:func:`authorised_queryset`) to the types and
  confidentiality the application may see with the action's scope.
* detail actions: :class:`ZGWScopes.has_object_permission` checks the object (403 if not allowed).
* create: the view calls :func:`check_new_object` (ZGWViewMixin.perform_create does it with
  ``zgw_type_path`` applied to the validated data).
"""

from functools import reduce
from operator import or_
from urllib.parse import urlsplit
from uuid import UUID

from django.db.models import Q
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions

from loket.cases.models import CONFIDENTIALITY_RANK, Confidentiality
from loket.platform.api_clients.models import TYPE_FIELD
from loket.platform.api_clients.services import ClientAuth


def _auth(request) -> ClientAuth | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ClientAuth) else None


def _scope_set(scope) -> set[str]:
    if scope is None:
        return set()
    return {scope} if isinstance(scope, str) else set(scope)


def uuid_from_url(url: str) -> UUID | None:
    """The uuid at the end of a resource URL (``.../zaaktypen/<uuid>``), or None."""
    try:
        return UUID(urlsplit(url or "").path.rstrip("/").rsplit("/", 1)[-1])
    except ValueError:
        return None


def matching_autorisaties(request, component: str, scope):
    """The autorisaties of the client for ``component`` that grant one of ``scope``."""
    auth = _auth(request)
    if auth is None:
        return []
    wanted = _scope_set(scope)
    return [a for a in auth.autorisaties if a.component == component and (not wanted or wanted & set(a.scopes))]


def has_scope(request, component: str, scope) -> bool:
    """Whether the client has ``scope`` (a string or any of a set) for ``component`` at all."""
    auth = _auth(request)
    if auth is None:
        return False
    if scope is None or auth.heeft_alle_autorisaties:
        return True
    return bool(matching_autorisaties(request, component, scope))


def allowed_confidentialities(maximum: str) -> list[str]:
    rank = CONFIDENTIALITY_RANK.get(maximum, -1)
    return [value for value in Confidentiality.values if CONFIDENTIALITY_RANK[value] <= rank]


def type_grants(request, component: str, scope) -> dict[UUID, str]:
    """Per authorised type uuid the highest confidentiality allowed (for brc: '' = no limit)."""
    grants: dict[UUID, str] = {}
    for autorisatie in matching_autorisaties(request, component, scope):
        type_uuid = uuid_from_url(autorisatie.type_url)
        if type_uuid is None:
            continue
        current = grants.get(type_uuid)
        maximum = autorisatie.max_vertrouwelijkheidaanduiding
        if current is None or CONFIDENTIALITY_RANK.get(maximum, -1) > CONFIDENTIALITY_RANK.get(current, -1):
            grants[type_uuid] = maximum
    return grants


def _type_model(model, type_path: str):
    for part in type_path.split("__"):
        model = model._meta.get_field(part).related_model
    return model


def authorised_queryset(request, queryset, *, component: str, scope, type_path: str | None,
                        vertrouwelijkheid_path: str | None = None):
    """``queryset`` limited to what the client may see with ``scope``; everything for heeftAlleAutorisaties.

    The filter becomes ``type_id IN (...)`` (plus ``vertrouwelijkheid IN (...)`` per maximum level), so it
    uses the foreign-key index; authorised type uuids are resolved to primary keys in one query.
    """
    auth = _auth(request)
    if auth is None:
        return queryset.none()
    if auth.heeft_alle_autorisaties:
        return queryset
    if not has_scope(request, component, scope):
        return queryset.none()
    if type_path is None:
        return queryset
    grants = type_grants(request, component, scope)
    if not grants:
        return queryset.none()
    type_model = _type_model(queryset.model, type_path)
    memo_key = ("type-pks", type_model._meta.label, tuple(sorted(map(str, grants))))
    pks = auth.memo.get(memo_key)
    if pks is None:  # resolved once per process and auth-cache period, not per request
        pks = dict(type_model._default_manager.filter(uuid__in=list(grants)).values_list("uuid", "pk"))
        auth.memo[memo_key] = pks
    by_level: dict[str, list[int]] = {}
    for type_uuid, maximum in grants.items():
        if type_uuid in pks:
            by_level.setdefault(maximum if vertrouwelijkheid_path else "", []).append(pks[type_uuid])
    if not by_level:
        return queryset.none()
    conditions = []
    for maximum, type_pks in by_level.items():
        condition = Q(**{f"{type_path}__in": type_pks})
        if vertrouwelijkheid_path:
            condition &= Q(**{f"{vertrouwelijkheid_path}__in": allowed_confidentialities(maximum)})
        conditions.append(condition)
    return queryset.filter(reduce(or_, conditions))


def _follow(obj, path: str | None):
    if path is None:
        return None
    for part in path.replace("__", ".").split("."):
        obj = obj.get(part) if isinstance(obj, dict) else getattr(obj, part, None)
        if obj is None:
            return None
    return obj


def is_allowed(request, *, component: str, scope, type_obj=None, type_url: str | None = None,
               vertrouwelijkheid: str | None = None) -> bool:
    """Whether the client may do ``scope`` on one object of type ``type_obj`` (or ``type_url``)."""
    auth = _auth(request)
    if auth is None:
        return False
    if auth.heeft_alle_autorisaties:
        return True
    if component not in TYPE_FIELD or (type_obj is None and type_url is None):
        return has_scope(request, component, scope)
    type_uuid = getattr(type_obj, "uuid", None) if type_obj is not None else uuid_from_url(type_url)
    if type_uuid is None:
        return False
    grants = type_grants(request, component, scope)
    if type_uuid not in grants:
        return False
    if vertrouwelijkheid and component != "brc":
        return CONFIDENTIALITY_RANK.get(vertrouwelijkheid, 99) <= CONFIDENTIALITY_RANK.get(grants[type_uuid], -1)
    return True


def check_new_object(request, *, component: str, scope, type_obj=None, type_url=None, vertrouwelijkheid=None) -> None:
    """Raise 403 (``permission_denied``) unless the client may create/change an object like this."""
    if not is_allowed(request, component=component, scope=scope, type_obj=type_obj, type_url=type_url,
                      vertrouwelijkheid=vertrouwelijkheid):
        raise exceptions.PermissionDenied(_("Je hebt geen autorisatie voor deze handeling op dit type."))


def required_scope(view, request):
    scopes = getattr(view, "required_scopes", {})
    action = getattr(view, "action", None) or request.method.lower()
    if action in scopes:
        return True, scopes[action]
    if request.method == "HEAD" and "retrieve" in scopes:
        return True, scopes["retrieve"]
    return False, None


class ZGWScopes(permissions.BasePermission):
    """Authenticated with a ZGW JWT and holding the action's scope (see the module docstring)."""

    message = None

    def has_permission(self, request, view):
        if _auth(request) is None:
            raise exceptions.NotAuthenticated()
        known, scope = required_scope(view, request)
        if not known:
            return False
        return has_scope(request, view.zgw_component, scope)

    def has_object_permission(self, request, view, obj):
        _known, scope = required_scope(view, request)
        type_path = getattr(view, "zgw_type_path", None)
        return is_allowed(
            request, component=view.zgw_component, scope=scope,
            type_obj=_follow(obj, type_path) if type_path else None,
            vertrouwelijkheid=_follow(obj, getattr(view, "zgw_vertrouwelijkheid_path", None)),
        )
