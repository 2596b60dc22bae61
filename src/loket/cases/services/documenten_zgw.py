"""Documents as the ZGW Documenten API 1.4.2 sees them: documents without a case, versions, locks, gebruiksrechten.

Files go through the documents service (:mod:`.documents`): the same size and type limits, the content check and
the virus-scan hook, and nothing half-stored when a check fails. The rules of the standard ("gedragsregels"):

* ``identificatie`` is unique per ``bronorganisatie`` (generated when not given); ``bronorganisatie`` is an RSIN.
* the ``informatieobjecttype`` must be published (not a concept).
* changing a document needs its lock (``lock`` in the body, code ``incorrect-lock-id``/``unlocked``); every change
  makes a new version (``versie`` + 1) that keeps the content unless new content is given; the versions stay readable.
* locking a locked document fails (``existing-lock``); unlocking needs the lock, or ``force`` (scope
  ``documenten.geforceerd-unlock``).
* ``indicatieGebruiksrecht`` follows the gebruiksrechten: true once there are some, back to empty when the last one
  goes; it cannot be set to true by hand (``missing-gebruiksrechten``) nor cleared while there are some
  (``existing-gebruiksrechten``).
* a document linked to a zaak or besluit cannot be deleted (``pending-relations``).
"""

import contextlib
import datetime
import os
import uuid as uuid_module

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from loket.contacts.identifiers import is_valid_bsn

from ..exceptions import ValidationFailed
from ..models import (
    Confidentiality,
    DocumentStatus,
    DocumentVersion,
    EnkelvoudigInformatieObject,
    Gebruiksrechten,
)
from .documents import _scan_and_check, _store_version, _with_cleanup

#: version fields a client may change (everything else is the document's or derived from the content)
VERSION_FIELDS = (
    "titel", "beschrijving", "auteur", "creatiedatum", "status", "vertrouwelijkheidaanduiding", "taal", "formaat",
    "bestandsnaam", "link", "ontvangstdatum", "verzenddatum", "verschijningsvorm", "ondertekening", "integriteit",
    "trefwoorden",
)


class DocumentError(ValidationFailed):
    def __init__(self, message=None, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message, field=field)
        self.code = code


class LockError(DocumentError):
    """Refused because of the document's lock."""


def check_rsin(value: str, *, field: str = "bronorganisatie") -> None:
    if len(value or "") != 9:
        raise DocumentError(_("Een RSIN bestaat uit 9 cijfers."), field=field, code="invalid-length")
    if not value.isdigit():
        raise DocumentError(_("Een RSIN bestaat alleen uit cijfers."), field=field, code="only-digits")
    if not is_valid_bsn(value):
        raise DocumentError(_("Dit RSIN klopt niet (elfproef)."), field=field, code="invalid")


def _check_type(informatieobjecttype) -> None:
    if informatieobjecttype.concept:
        raise DocumentError(_("Het informatieobjecttype is nog niet gepubliceerd."), field="informatieobjecttype",
                            code="not-published")


def _check_values(fields: dict) -> None:
    value = fields.get("vertrouwelijkheidaanduiding")
    if value and value not in Confidentiality.values:
        raise DocumentError(_("Onbekende vertrouwelijkheidaanduiding."), field="vertrouwelijkheidaanduiding")
    status = fields.get("status")
    if status and status not in DocumentStatus.values:
        raise DocumentError(_("Onbekende documentstatus."), field="status")
    if status in (DocumentStatus.DEFINITIEF, DocumentStatus.GEARCHIVEERD) and fields.get("ontvangstdatum"):
        raise DocumentError(_("Een ontvangen document kan niet definitief of gearchiveerd zijn."), field="status",
                            code="invalid_for_received")


def _content_file(inhoud: bytes, bestandsnaam: str, titel: str) -> ContentFile:
    name = os.path.basename(bestandsnaam or "") or titel or "document"
    return ContentFile(inhoud, name=name)


def _version_kwargs(fields: dict) -> dict:
    return {name: fields[name] for name in ("link", "ontvangstdatum", "verzenddatum", "verschijningsvorm",
                                            "ondertekening", "integriteit", "trefwoorden") if name in fields}


def create_document(*, organisation, informatieobjecttype, inhoud: bytes | None, bronorganisatie: str,
                    identificatie: str = "", indicatie_gebruiksrecht=None, actor=None, **fields) -> EnkelvoudigInformatieObject:
    """A document (version 1) without a case: a client of the Documenten API creates it, the Zaken API links it.

    ``fields``: the version fields (VERSION_FIELDS). Raises DocumentError, DocumentRejected (size, type, virus).
    """
    check_rsin(bronorganisatie)
    _check_type(informatieobjecttype)
    _check_values(fields)
    if indicatie_gebruiksrecht:
        raise DocumentError(_("Leg eerst gebruiksrechten vast; de indicatie volgt daaruit."),
                            field="indicatieGebruiksrecht", code="missing-gebruiksrechten")
    if not inhoud:
        raise DocumentError(_("Geef de inhoud van het document (base64); bestandsdelen worden niet ondersteund."),
                            field="inhoud", code="required")

    def create():
        code = identificatie or f"DOC-{uuid_module.uuid4().hex[:12].upper()}"
        taken = EnkelvoudigInformatieObject.objects.filter(identificatie=code)
        if taken.filter(bronorganisatie=bronorganisatie).exists() or taken.filter(organisation=organisation).exists():
            raise DocumentError(_("Deze identificatie bestaat al voor deze bronorganisatie."), field="identificatie",
                                code="identificatie-niet-uniek")
        file = _content_file(inhoud, fields.get("bestandsnaam", ""), fields.get("titel", ""))
        mime, size, scan_status = _scan_and_check(file, informatieobjecttype)
        document = EnkelvoudigInformatieObject.objects.create(
            organisation=organisation, identificatie=code, bronorganisatie=bronorganisatie,
            informatieobjecttype=informatieobjecttype,
        )
        version = _store_version(
            document, file=file, versie=1, titel=fields["titel"][:200], auteur=fields["auteur"], actor=actor,
            vertrouwelijkheidaanduiding=fields.get("vertrouwelijkheidaanduiding")
            or informatieobjecttype.vertrouwelijkheidaanduiding,
            beschrijving=fields.get("beschrijving", ""), status=fields.get("status") or "",
            taal=fields.get("taal") or "nld", creatiedatum=fields.get("creatiedatum"),
            mime=fields.get("formaat") or mime, size=size, scan_status=scan_status,
        )
        extra = _version_kwargs(fields)
        if extra:
            DocumentVersion.objects.filter(pk=version.pk).update(**extra)
        return EnkelvoudigInformatieObject.objects.select_related("latest_version", "informatieobjecttype").get(
            pk=document.pk)

    return _with_cleanup(create)


def _locked_for_change(document, lock: str | None, *, force: bool = False):
    document = EnkelvoudigInformatieObject.objects.select_for_update(of=("self",)).select_related(
        "latest_version", "informatieobjecttype").get(pk=document.pk)
    if force:
        return document
    if not document.lock:
        raise LockError(_("Het document is niet vergrendeld; vergrendel het eerst (lock)."), field="nonFieldErrors",
                        code="unlocked")
    if (lock or "") != document.lock:
        raise LockError(_("De lock klopt niet."), field="nonFieldErrors", code="incorrect-lock-id")
    return document


def update_document(*, document, lock: str | None, inhoud: bytes | None = None, actor=None, force: bool = False,
                    indicatie_gebruiksrecht=..., **fields) -> EnkelvoudigInformatieObject:
    """A change (PUT/PATCH): a new version with the given fields on top of the latest version's.

    Raises LockError, DocumentError, DocumentRejected. ``informatieobjecttype``, ``bronorganisatie`` and
    ``identificatie`` cannot change (they belong to the document, not the version)."""
    _check_values(fields)

    def change():
        locked = _locked_for_change(document, lock, force=force)
        if indicatie_gebruiksrecht is not ...:
            _check_indicatie(locked, indicatie_gebruiksrecht)
        latest = locked.latest_version
        values = {name: getattr(latest, name) for name in VERSION_FIELDS}
        values.update({name: value for name, value in fields.items() if name in VERSION_FIELDS})
        if values.get("ontvangstdatum") and values.get("status") in (DocumentStatus.DEFINITIEF, DocumentStatus.GEARCHIVEERD):
            raise DocumentError(_("Een ontvangen document kan niet definitief of gearchiveerd zijn."), field="status",
                                code="invalid_for_received")
        versie = (locked.versions.order_by("-versie").values_list("versie", flat=True).first() or 0) + 1
        if inhoud:
            file = _content_file(inhoud, values["bestandsnaam"], values["titel"])
            mime, size, scan_status = _scan_and_check(file, locked.informatieobjecttype)
            version = _store_version(
                locked, file=file, versie=versie, titel=values["titel"], auteur=values["auteur"], actor=actor,
                vertrouwelijkheidaanduiding=values["vertrouwelijkheidaanduiding"], beschrijving=values["beschrijving"],
                status=values["status"], taal=values["taal"], creatiedatum=values["creatiedatum"],
                mime=fields.get("formaat") or mime, size=size, scan_status=scan_status,
            )
            DocumentVersion.objects.filter(pk=version.pk).update(**_version_kwargs(values))
        else:  # metadata only: the new version shares the stored content of the previous one
            version = DocumentVersion(
                document=locked, versie=versie, bestandsomvang=latest.bestandsomvang, checksum_sha256=latest.checksum_sha256,
                scan_status=latest.scan_status, **values,
            )
            version.inhoud.name = latest.inhoud.name
            version.save()
            locked.latest_version = version
        if indicatie_gebruiksrecht is not ...:
            locked.indicatie_gebruiksrecht = indicatie_gebruiksrecht
        locked.save(update_fields=["latest_version", "indicatie_gebruiksrecht"])
        return EnkelvoudigInformatieObject.objects.select_related("latest_version", "informatieobjecttype").get(
            pk=locked.pk)

    return _with_cleanup(change)


def _check_indicatie(document, value) -> None:
    has_rights = document.gebruiksrechten.exists()
    if value and not has_rights:
        raise DocumentError(_("Leg eerst gebruiksrechten vast; de indicatie volgt daaruit."),
                            field="indicatieGebruiksrecht", code="missing-gebruiksrechten")
    if not value and has_rights:
        raise DocumentError(_("Er zijn gebruiksrechten vastgelegd; verwijder die eerst."),
                            field="indicatieGebruiksrecht", code="existing-gebruiksrechten")


@transaction.atomic
def lock_document(*, document) -> str:
    locked = EnkelvoudigInformatieObject.objects.select_for_update(of=("self",)).get(pk=document.pk)
    if locked.lock:
        raise LockError(_("Het document is al vergrendeld."), field="nonFieldErrors", code="existing-lock")
    locked.lock = uuid_module.uuid4().hex
    locked.save(update_fields=["lock"])
    return locked.lock


@transaction.atomic
def unlock_document(*, document, lock: str = "", force: bool = False) -> None:
    locked = EnkelvoudigInformatieObject.objects.select_for_update(of=("self",)).get(pk=document.pk)
    if not force and (not locked.lock or lock != locked.lock):
        raise LockError(_("De lock klopt niet."), field="nonFieldErrors", code="incorrect-lock-id")
    locked.lock = ""
    locked.save(update_fields=["lock"])


@transaction.atomic
def delete_document(*, document) -> None:
    """Remove a document with all its versions and gebruiksrechten; refused while a zaak or besluit uses it.
    The stored files are removed after the commit."""
    locked = EnkelvoudigInformatieObject.objects.select_for_update(of=("self",)).get(pk=document.pk)
    if locked.zaak_links.exists() or locked.besluit_links.exists():
        raise DocumentError(_("Het document hoort nog bij een zaak of besluit; verwijder eerst die relaties."),
                            field="nonFieldErrors", code="pending-relations")
    files = {(version.inhoud.storage, version.inhoud.name) for version in locked.versions.all() if version.inhoud.name}
    locked.latest_version = None
    locked.save(update_fields=["latest_version"])
    locked.versions.all().delete()
    locked.delete()

    def remove_files():
        for storage, name in files:
            with contextlib.suppress(Exception):  # best effort; the rows are gone and nothing refers to the file
                storage.delete(name)

    transaction.on_commit(remove_files)


def version_at(document, *, versie: int | None = None, registratie_op: datetime.datetime | None = None):
    """The version a client asks for (``?versie=`` or ``?registratieOp=``), or None."""
    versions = document.versions.all()
    if versie is not None:
        return versions.filter(versie=versie).first()
    if registratie_op is not None:
        return versions.filter(begin_registratie__lte=registratie_op).order_by("-versie").first()
    return document.latest_version


# -- gebruiksrechten ---------------------------------------------------------------------------


def _check_period(startdatum, einddatum) -> None:
    if einddatum and startdatum and einddatum < startdatum:
        raise DocumentError(_("De einddatum ligt voor de startdatum."), field="einddatum", code="invalid-period")


@transaction.atomic
def add_gebruiksrechten(*, informatieobject, startdatum, omschrijving_voorwaarden: str, einddatum=None) -> Gebruiksrechten:
    _check_period(startdatum, einddatum)
    document = EnkelvoudigInformatieObject.objects.select_for_update(of=("self",)).get(pk=informatieobject.pk)
    rights = Gebruiksrechten.objects.create(informatieobject=document, startdatum=startdatum, einddatum=einddatum,
                                            omschrijving_voorwaarden=omschrijving_voorwaarden)
    if document.indicatie_gebruiksrecht is not True:
        document.indicatie_gebruiksrecht = True
        document.save(update_fields=["indicatie_gebruiksrecht"])
    return rights


@transaction.atomic
def change_gebruiksrechten(*, gebruiksrechten: Gebruiksrechten, **fields) -> Gebruiksrechten:
    if "informatieobject" in fields and fields["informatieobject"].pk != gebruiksrechten.informatieobject_id:
        raise DocumentError(_("Het informatieobject van gebruiksrechten kan niet veranderen."),
                            field="informatieobject", code="wijzigen-niet-toegelaten")
    for name in ("startdatum", "einddatum", "omschrijving_voorwaarden"):
        if name in fields:
            setattr(gebruiksrechten, name, fields[name])
    _check_period(gebruiksrechten.startdatum, gebruiksrechten.einddatum)
    gebruiksrechten.save()
    return gebruiksrechten


@transaction.atomic
def remove_gebruiksrechten(*, gebruiksrechten: Gebruiksrechten) -> None:
    document = EnkelvoudigInformatieObject.objects.select_for_update(of=("self",)).get(pk=gebruiksrechten.informatieobject_id)
    gebruiksrechten.delete()
    if not document.gebruiksrechten.exists():
        document.indicatie_gebruiksrecht = None
        document.save(update_fields=["indicatie_gebruiksrecht"])
