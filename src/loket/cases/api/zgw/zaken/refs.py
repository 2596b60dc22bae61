"""URL references of the Zaken API to the resources of the other ZGW APIs served by Loket.

URLs are built from fixed paths (the layout Open Zaak's clients expect, e.g. ``/catalogi/api/v1/zaaktypen/<uuid>``)
so the Zaken API does not depend on the other APIs' URL names, and a million rows are rendered without one
``reverse()`` per reference. Input URLs are resolved internally (no HTTP while valid): a local host, a known path, an
existing object of the right type; otherwise a ValidatieFout with code ``bad-url`` or ``invalid-resource`` (as Open
Zaak: ``no_match`` for a ``strict`` reference, one always to this API such as ``hoofdzaak``, matching none of its paths;
for the other APIs a URL elsewhere that answers is ``invalid-resource``, see :func:`~loket.platform.zgw.fields.check_remote`).
"""

import re
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from loket.cases import models
from loket.platform.zgw.fields import check_remote, is_local_url

#: kind -> (path prefix, collection, model)
KINDS = {
    "zaaktype": ("catalogi", "zaaktypen", models.ZaakType),
    "statustype": ("catalogi", "statustypen", models.StatusType),
    "roltype": ("catalogi", "roltypen", models.RolType),
    "resultaattype": ("catalogi", "resultaattypen", models.ResultaatType),
    "eigenschap": ("catalogi", "eigenschappen", models.Eigenschap),
    "informatieobject": ("documenten", "enkelvoudiginformatieobjecten", models.EnkelvoudigInformatieObject),
    "besluit": ("besluiten", "besluiten", models.Besluit),
    "zaak": ("zaken", "zaken", models.Zaak),
    "status": ("zaken", "statussen", models.Status),
    "rol": ("zaken", "rollen", models.Rol),
    "resultaat": ("zaken", "resultaten", models.Resultaat),
    "zaakobject": ("zaken", "zaakobjecten", models.ZaakObject),
    "zaakinformatieobject": ("zaken", "zaakinformatieobjecten", models.ZaakInformatieObject),
    "klantcontact": ("zaken", "klantcontacten", models.KlantContact),
    "zaakcontactmoment": ("zaken", "zaakcontactmomenten", models.ZaakContactMoment),
    "zaakverzoek": ("zaken", "zaakverzoeken", models.ZaakVerzoek),
}
_PATH = re.compile(r"^/(catalogi|zaken|documenten|besluiten)/api/v1/([a-z_]+)/([0-9a-fA-F-]{36})/?$")


def base_url(request) -> str:
    """The scheme and host of this installation as the client sees it (cached on the request)."""
    base = getattr(request, "_zgw_base", None)
    if base is None:
        base = request.build_absolute_uri("/").rstrip("/") if request is not None else ""
        if request is None:
            from django.conf import settings

            base = getattr(settings, "LOKET_ZGW_BASE_URL", "http://localhost:8000").rstrip("/")
        else:
            request._zgw_base = base
    return base


def url_for(request, kind: str, uuid) -> str:
    api, collection, _model = KINDS[kind]
    return f"{base_url(request)}/{api}/api/v1/{collection}/{uuid}"


def zaakeigenschap_url(request, zaak_uuid, uuid) -> str:
    return f"{base_url(request)}/zaken/api/v1/zaken/{zaak_uuid}/zaakeigenschappen/{uuid}"


def _fail(message, code):
    raise serializers.ValidationError(ErrorDetail(str(message), code=code))


def resolve(url, kind: str, request=None, queryset=None, *, strict: bool = False):
    """The local object ``url`` points at; ValidationError (bad-url / invalid-resource) otherwise."""
    if not isinstance(url, str) or not url:
        _fail(_("Geef een URL."), "bad-url")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 1000:
        _fail(_("Dit is geen geldige URL."), "bad-url")
    match = _PATH.match(parts.path)
    wanted_api, wanted_collection, model = KINDS[kind]
    if not is_local_url(url, request) or match is None:
        if strict:  # a reference that is always to this API (hoofdzaak): the URL matches none of its paths
            _fail(_("De URL verwijst niet naar een resource van de Zaken API."), "no_match")
        if request is None or parts.netloc != request.get_host():  # never a request to ourselves
            check_remote(url, keys=("url",))  # it answers: some other resource (invalid-resource)
            _fail(_("De URL verwijst niet naar een resource van dit type."), "invalid-resource")
        _fail(_("De URL verwijst niet naar een bestaande resource."), "bad-url")
    api, collection, uuid = match.groups()
    if (api, collection) != (wanted_api, wanted_collection):
        if any((api, collection) == (a, c) for a, c, _m in KINDS.values()):
            _fail(_("De URL verwijst naar een resource van een ander type."), "invalid-resource")
        _fail(_("De URL verwijst niet naar een bestaande resource."), "bad-url")
    queryset = queryset if queryset is not None else model._default_manager.all()
    try:
        return queryset.get(uuid=uuid)
    except (model.DoesNotExist, ValueError):
        _fail(_("De URL verwijst niet naar een bestaande resource."), "bad-url")


class ExternalRefField(serializers.URLField):
    """A URL to a resource of another API (not served by Loket), checked with :func:`~loket.platform.zgw.fields.check_remote`."""

    def __init__(self, *, keys=(), **kwargs):
        self.keys = keys
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value:
            check_remote(value, keys=self.keys)
        return value


class RefField(serializers.Field):
    """A URL reference to a local resource of ``kind``; the value is the model instance."""

    def __init__(self, kind: str, *, queryset=None, strict: bool = False, **kwargs):
        self.kind = kind
        self.queryset = queryset
        self.strict = strict  # see resolve()
        super().__init__(**kwargs)

    def to_representation(self, value):
        return url_for(self.context.get("request"), self.kind, value.uuid) if value is not None else None

    def to_internal_value(self, data):
        return resolve(data, self.kind, self.context.get("request"), self.queryset, strict=self.strict)


# -- published case types, remembered for a few seconds per process ----------------------------------------------

_published: dict[str, tuple[float, object]] = {}


def _forget_published(**kwargs) -> None:
    _published.clear()


post_save.connect(_forget_published, sender=models.ZaakType, dispatch_uid="zgw-refs-published-zaaktype-save")
post_delete.connect(_forget_published, sender=models.ZaakType, dispatch_uid="zgw-refs-published-zaaktype-delete")


class PublishedZaakTypeRefField(RefField):
    """A zaaktype reference whose published versions are remembered per process for
    ``LOKET_ZGW_CATALOGUE_CACHE_SECONDS`` (default 5, like the authorisations): case creation resolves the same
    few case types over and over. Drafts are always read (they may be published any moment), and any change to a
    case type in this process forgets them all; a change in another process (a published version's end date) is
    seen within those seconds. The instance is shared: read it, never change it."""

    def __init__(self, **kwargs):
        super().__init__("zaaktype", queryset=models.ZaakType.objects.select_related(
            "catalogus__organisation", "department"), **kwargs)

    def to_internal_value(self, data):
        seconds = float(getattr(settings, "LOKET_ZGW_CATALOGUE_CACHE_SECONDS", 5))
        key = f"{base_url(self.context.get('request'))} {data}" if isinstance(data, str) else None
        hit = _published.get(key) if key else None
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        value = super().to_internal_value(data)
        if key and seconds > 0 and not value.concept:
            if len(_published) > 1000:
                _published.clear()
            _published[key] = (time.monotonic() + seconds, value)
        return value
