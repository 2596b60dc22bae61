"""Create, change and remove API applications; the one code path for the Autorisaties API and `loket api-client`.

Rules (ZGW Autorisaties API 1.0 gedragsregels):
* a client id belongs to at most one application;
* an application has either ``heeft_alle_autorisaties`` or at least one autorisatie, not both;
* an autorisatie names scopes of its own component; for zrc/drc/brc it names the type it is limited to,
  and for zrc/drc a maximum confidentiality.
"""

import secrets as _secrets
import time
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.db import transaction
from django.utils.translation import gettext as _

from loket.cases.models import Confidentiality

from .models import (
    CONFIDENTIALITY_COMPONENTS,
    TYPE_FIELD,
    Applicatie,
    Autorisatie,
    ClientCredential,
    Component,
)

#: Scopes per component, from the ZGW API specifications.
SCOPES = {
    Component.ZRC: {
        "zaken.lezen", "zaken.aanmaken", "zaken.bijwerken", "zaken.verwijderen", "zaken.heropenen",
        "zaken.geforceerd-bijwerken", "zaken.statussen.toevoegen", "notificaties.scopes.publiceren",
        "audittrails.lezen",
    },
    Component.ZTC: {"catalogi.lezen", "catalogi.schrijven", "catalogi.geforceerd-verwijderen", "catalogi.geforceerd-schrijven"},
    Component.DRC: {
        "documenten.lezen", "documenten.aanmaken", "documenten.bijwerken", "documenten.verwijderen",
        "documenten.lock", "documenten.geforceerd-unlock", "documenten.geforceerd-bijwerken", "audittrails.lezen",
    },
    Component.BRC: {"besluiten.lezen", "besluiten.aanmaken", "besluiten.bijwerken", "besluiten.verwijderen", "audittrails.lezen"},
    Component.AC: {"autorisaties.lezen", "autorisaties.bijwerken"},
    Component.NRC: {"notificaties.consumeren", "notificaties.publiceren"},
}
#: Scopes any component's autorisatie may carry besides its own: an application of the zrc that publishes
#: notifications or reads audit trails (VNG test scenario ac-003b). Scopes of another resource (``documenten.lezen``
#: on the zrc) would grant nothing and are refused as a likely mistake.
SHARED_SCOPES = SCOPES[Component.NRC] | {"audittrails.lezen", "notificaties.scopes.publiceren"}
#: The scopes about a component's own resources, which need a type and a maximum confidentiality.
RESOURCE_SCOPE_PREFIX = {Component.ZRC: "zaken", Component.DRC: "documenten", Component.BRC: "besluiten"}


class ApplicationError(ValueError):
    """A rule of the Autorisaties API is broken. ``field`` names the API field, ``code`` the ZGW error code."""

    def __init__(self, message, *, field="nonFieldErrors", code="invalid", more=()):
        super().__init__(message)
        self.field = field
        self.code = code
        self.errors = [(field, message, code), *more]  # every broken rule, reported at once


@dataclass
class AutorisatieSpec:
    component: str
    scopes: list[str]
    zaaktype: str = ""
    informatieobjecttype: str = ""
    besluittype: str = ""
    max_vertrouwelijkheidaanduiding: str = ""


def generate_secret() -> str:
    return _secrets.token_urlsafe(32)


def _check_client_ids(client_ids, *, exclude_pk=None):
    if not client_ids:
        raise ApplicationError(_("Geef minstens één client id."), field="clientIds", code="required")
    if len(set(client_ids)) != len(client_ids):
        raise ApplicationError(_("Een client id mag maar één keer voorkomen."), field="clientIds", code="unique")
    taken = Applicatie.objects.filter(client_ids__overlap=list(client_ids))
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ApplicationError(
            _("Een of meer client ids zijn al aan een andere applicatie gekoppeld."), field="clientIds", code="clientId-exists",
        )


def _check_autorisaties(heeft_alle_autorisaties, autorisaties):
    if heeft_alle_autorisaties and autorisaties:
        raise ApplicationError(
            _("Geef ofwel 'heeftAlleAutorisaties' ofwel autorisaties, niet allebei."), code="ambiguous-authorizations-specified",
        )
    if not heeft_alle_autorisaties and not autorisaties:
        raise ApplicationError(
            _("Geef 'heeftAlleAutorisaties' of minstens één autorisatie."), code="missing-authorizations",
        )
    for index, spec in enumerate(autorisaties):
        prefix = f"autorisaties.{index}"
        if spec.component not in Component.values:
            raise ApplicationError(_("Onbekende component."), field=f"{prefix}.component", code="invalid_choice")
        if not spec.scopes:
            raise ApplicationError(_("Geef minstens één scope."), field=f"{prefix}.scopes", code="required")
        unknown = sorted(set(spec.scopes) - SCOPES[spec.component] - SHARED_SCOPES)
        if unknown:
            raise ApplicationError(
                _("Scopes horen niet bij component %(component)s: %(scopes)s.") % {"component": spec.component, "scopes": ", ".join(unknown)},
                field=f"{prefix}.scopes", code="scopes-component-mismatch",
            )
        type_field = TYPE_FIELD.get(spec.component)
        for field in TYPE_FIELD.values():
            if field != type_field and getattr(spec, field):
                raise ApplicationError(_("Dit veld hoort niet bij deze component."), field=f"{prefix}.{field}", code="invalid")
        if spec.max_vertrouwelijkheidaanduiding:
            if spec.component not in CONFIDENTIALITY_COMPONENTS:
                raise ApplicationError(_("Dit veld hoort niet bij deze component."),
                                       field=f"{prefix}.maxVertrouwelijkheidaanduiding", code="invalid")
            if spec.max_vertrouwelijkheidaanduiding not in Confidentiality.values:
                raise ApplicationError(_("Onbekende vertrouwelijkheidaanduiding."),
                                       field=f"{prefix}.maxVertrouwelijkheidaanduiding", code="invalid_choice")
        # A type and a maximum confidentiality are needed where a scope is about the component's own resources
        # (zaken.*, documenten.*, besluiten.*): an application that only publishes notifications or reads the
        # audit trail needs neither (VNG test scenarios ac-003b, ac-003d, ac-003f).
        if not any(scope.split(".", 1)[0] == RESOURCE_SCOPE_PREFIX.get(spec.component) for scope in spec.scopes):
            continue
        missing = []
        if type_field and not getattr(spec, type_field):
            missing.append(f"{prefix}.{type_field}")
        if spec.component in CONFIDENTIALITY_COMPONENTS and not spec.max_vertrouwelijkheidaanduiding:
            missing.append(f"{prefix}.maxVertrouwelijkheidaanduiding")
        if missing:  # all of them at once
            message = _("Dit veld is verplicht voor deze component.")
            raise ApplicationError(message, field=missing[0], code="required",
                                   more=[(field, message, "required") for field in missing[1:]])


def _write_autorisaties(applicatie, autorisaties):
    applicatie.autorisaties.all().delete()
    Autorisatie.objects.bulk_create([
        Autorisatie(
            applicatie=applicatie, component=spec.component, scopes=sorted(set(spec.scopes)),
            zaaktype=spec.zaaktype or "", informatieobjecttype=spec.informatieobjecttype or "",
            besluittype=spec.besluittype or "", max_vertrouwelijkheidaanduiding=spec.max_vertrouwelijkheidaanduiding or "",
        )
        for spec in autorisaties
    ])


def _publish(applicatie, actie, request=None):
    """Announce the change on kanaal ``autorisaties`` (no-op until the notifications outbox exists)."""
    try:
        from loket.platform.notifications import services as notifications
    except ImportError:  # pragma: no cover - notifications app not installed
        return
    publish = getattr(notifications, "publish", None)
    if publish is None:
        return
    from loket.platform.zgw.fields import absolute_url

    url = absolute_url(request, "zgw-autorisaties:applicatie-detail", uuid=applicatie.uuid)
    publish(kanaal="autorisaties", hoofd_object=url, resource="applicatie", resource_url=url, actie=actie, kenmerken={},
            organisation=applicatie.organisation)


@transaction.atomic
def create_application(*, organisation, label, client_ids, heeft_alle_autorisaties=False, autorisaties=(),
                       secret=None, request=None) -> Applicatie:
    """Create an application. With ``secret`` (a string) its client ids get that secret to sign their JWTs."""
    label = (label or "").strip()
    if not label:
        raise ApplicationError(_("Geef een naam."), field="label", code="required")
    client_ids = list(client_ids)
    autorisaties = list(autorisaties)
    _check_client_ids(client_ids)
    _check_autorisaties(heeft_alle_autorisaties, autorisaties)
    applicatie = Applicatie.objects.create(
        organisation=organisation, label=label, client_ids=client_ids, heeft_alle_autorisaties=heeft_alle_autorisaties,
    )
    _write_autorisaties(applicatie, autorisaties)
    if secret:
        for client_id in client_ids:
            set_client_secret(client_id=client_id, secret=secret)
    _publish(applicatie, "create", request)
    clear_auth_cache()
    return applicatie


@transaction.atomic
def update_application(*, applicatie, label=None, client_ids=None, heeft_alle_autorisaties=None, autorisaties=None,
                       request=None, actie="update") -> Applicatie:
    """Change an application; ``None`` keeps a value (PATCH), a given ``autorisaties`` list replaces them all."""
    applicatie = Applicatie.objects.select_for_update().get(pk=applicatie.pk)
    if label is not None:
        if not label.strip():
            raise ApplicationError(_("Geef een naam."), field="label", code="required")
        applicatie.label = label.strip()
    if client_ids is not None:
        client_ids = list(client_ids)
        _check_client_ids(client_ids, exclude_pk=applicatie.pk)
        applicatie.client_ids = client_ids
    if heeft_alle_autorisaties is not None:
        applicatie.heeft_alle_autorisaties = heeft_alle_autorisaties
    if autorisaties is not None:
        specs = list(autorisaties)
    else:
        specs = [
            AutorisatieSpec(a.component, list(a.scopes), a.zaaktype, a.informatieobjecttype, a.besluittype,
                            a.max_vertrouwelijkheidaanduiding)
            for a in applicatie.autorisaties.all()
        ]
    _check_autorisaties(applicatie.heeft_alle_autorisaties, specs)
    applicatie.save()
    if autorisaties is not None:
        _write_autorisaties(applicatie, specs)
    _publish(applicatie, actie, request)
    clear_auth_cache()
    return applicatie


@transaction.atomic
def delete_application(*, applicatie, request=None, remove_secrets=True) -> None:
    if remove_secrets:
        ClientCredential.objects.filter(client_id__in=applicatie.client_ids).delete()
    _publish(applicatie, "destroy", request)
    applicatie.delete()
    clear_auth_cache()


def set_client_secret(*, client_id, secret) -> ClientCredential:
    credential, _created = ClientCredential.objects.get_or_create(client_id=client_id, defaults={"secret_encrypted": ""})
    credential.set_secret(secret)
    credential.save(update_fields=["secret_encrypted"])
    clear_auth_cache()
    return credential


# -- Lookup for authentication, with a short per-process cache ------------------------------------

_cache: dict[str, tuple[float, object]] = {}


def clear_auth_cache() -> None:
    _cache.clear()


@dataclass(frozen=True)
class ClientAuth:
    """What one client id may do: read by every ZGW view as ``request.auth``."""

    client_id: str
    secret: str
    applicatie: Applicatie | None
    autorisaties: tuple
    claims: dict = dataclass_field(default_factory=dict, compare=False, repr=False)
    #: per-process memo (shared by the per-request copies, dropped with the auth cache): e.g. type uuid -> pk maps
    memo: dict = dataclass_field(default_factory=dict, compare=False, repr=False)

    @property
    def organisation(self):
        return self.applicatie.organisation if self.applicatie else None

    @property
    def heeft_alle_autorisaties(self) -> bool:
        return bool(self.applicatie and self.applicatie.heeft_alle_autorisaties)


def client_auth(client_id: str, *, cache_seconds: float = 0) -> ClientAuth | None:
    """The secret, application and autorisaties of ``client_id``, or None if it has no secret."""
    now = time.monotonic()
    hit = _cache.get(client_id)
    if hit and hit[0] > now:
        return hit[1]
    credential = ClientCredential.objects.filter(client_id=client_id).first()
    if credential is None:
        return None
    applicatie = (
        Applicatie.objects.select_related("organisation").filter(client_ids__contains=[client_id]).first()
    )
    autorisaties = tuple(applicatie.autorisaties.all()) if applicatie else ()
    result = ClientAuth(client_id=client_id, secret=credential.secret, applicatie=applicatie, autorisaties=autorisaties)
    if cache_seconds:
        _cache[client_id] = (now + cache_seconds, result)
    return result
