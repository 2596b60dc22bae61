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

Large files (bestandsdelen, "grote bestanden"): a document created (or changed) with a ``bestandsomvang`` and no
content gets a version without content, is locked, and gets parts of ``LOKET_DOCUMENTEN_CHUNK_SIZE`` bytes (the last
one smaller). Each part is uploaded with the lock and must have exactly its size (``file-size``). Unlocking merges
the parts, in order, into the version's content (streamed through a temporary file, then the same size/type/virus
checks as any document); while a part is missing unlocking is refused (``incomplete-upload``), except a forced
unlock (scope ``documenten.geforceerd-unlock``, without the lock), which drops the parts (the version keeps no
content). A change with a new ``bestandsomvang`` (or
``inhoud: null``) starts over with new parts; a change with new content drops pending parts.

Verzendingen: a document received from (``afzender``, needs ``ontvangstdatum``) or sent to (``geadresseerde``, needs
``verzenddatum``) a betrokkene, with exactly one way of sending (``invalid-address`` otherwise): a domestic,
foreign or postbus address, fax, e-mail, telephone or MijnOverheid.
"""

import codecs
import contextlib
import datetime
import math
import mimetypes
import os
import tempfile
import uuid as uuid_module

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile, File
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from loket.contacts.identifiers import is_valid_rsin

from ..exceptions import DocumentRejected, ValidationFailed
from ..models import (
    AardRelatie,
    BestandsDeel,
    Confidentiality,
    DocumentStatus,
    DocumentVersion,
    EnkelvoudigInformatieObject,
    ExternalObjectRelation,
    Gebruiksrechten,
    ScanStatus,
    Verzending,
)
from .documents import (
    DEFAULT_ALLOWED_TYPES,
    DEFAULT_MAX_SIZE,
    _checksum,
    _mime_type,
    _scan_and_check,
    _store_version,
    _stored_files,
    _with_cleanup,
)

#: version fields a client may change (everything else is the document's or derived from the content)
VERSION_FIELDS = (
    "titel", "beschrijving", "auteur", "creatiedatum", "status", "vertrouwelijkheidaanduiding", "taal", "formaat",
    "bestandsnaam", "link", "ontvangstdatum", "verzenddatum", "verschijningsvorm", "ondertekening", "integriteit",
    "trefwoorden",
)

#: statuses a received document (with an ``ontvangstdatum``) cannot have: the spec's description of ``status``, "De
#: waarden 'in bewerking' en 'ter vaststelling' komen niet voor als het attribuut ``ontvangstdatum`` van een waarde
#: is voorzien"
NOT_FOR_RECEIVED = (DocumentStatus.IN_BEWERKING, DocumentStatus.TER_VASTSTELLING)


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
    if not is_valid_rsin(value):
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
    if status in NOT_FOR_RECEIVED and fields.get("ontvangstdatum"):
        raise DocumentError(_("Een ontvangen document kan niet in bewerking of ter vaststelling zijn."), field="status",
                            code="invalid_for_received")


def _content_file(inhoud: bytes, bestandsnaam: str, titel: str, formaat: str = "") -> ContentFile:
    """The content as a file for the documents service, which checks the type by the name's extension.

    The standard makes ``bestandsnaam`` and ``formaat`` optional: a name without an extension gets the one of
    ``formaat`` (a media type), or ``.txt`` when the content is plain text; anything else stays untyped and is
    refused by the type check, as in the web UI."""
    name = os.path.basename(bestandsnaam or "") or titel or "document"
    if not os.path.splitext(name)[1].strip():
        extension = (mimetypes.guess_extension(formaat.split(";")[0].strip()) if formaat else None) or (
            ".txt" if _is_plain_text(inhoud) else "")
        name += extension or ""
    return ContentFile(inhoud, name=name)


def _is_plain_text(inhoud: bytes) -> bool:
    try:  # an incremental decoder: a character cut off at the end of the sample is no error
        text = codecs.getincrementaldecoder("utf-8")().decode(inhoud[:8192])
    except UnicodeDecodeError:
        return False
    return all(char.isprintable() or char in "\t\n\r\f" for char in text)


def _version_kwargs(fields: dict) -> dict:
    return {name: fields[name] for name in ("link", "ontvangstdatum", "verzenddatum", "verschijningsvorm",
                                            "ondertekening", "integriteit", "trefwoorden") if name in fields}


def chunk_size() -> int:
    return max(1, int(getattr(settings, "LOKET_DOCUMENTEN_CHUNK_SIZE", 100 * 1024 * 1024)))


def _check_size(inhoud: bytes | None, bestandsomvang: int | None) -> None:
    if inhoud and bestandsomvang is not None and bestandsomvang != len(inhoud):
        raise DocumentError(_("De bestandsomvang komt niet overeen met de grootte van de inhoud."),
                            field="bestandsomvang", code="file-size")


def _check_announced(size: int, filename: str, informatieobjecttype) -> None:
    """The checks that can be done before the parts of a large file arrive: its size and its type (by name).
    The content itself is checked (type, virus) when the parts are merged."""
    limit = min(informatieobjecttype.max_size or DEFAULT_MAX_SIZE,
                getattr(settings, "LOKET_DOCUMENT_MAX_SIZE", DEFAULT_MAX_SIZE))
    if size > limit:
        raise DocumentRejected(
            _("Het bestand is te groot (%(size)s MB); de grens is %(limit)s MB.")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": f"{limit / 1024 / 1024:.0f}"}, field="bestandsomvang")
    mime = _mime_type(os.path.basename(filename or ""))
    if mime not in (informatieobjecttype.allowed_mime_types or DEFAULT_ALLOWED_TYPES):
        raise DocumentRejected(_("Bestanden van dit type (%(type)s) zijn niet toegelaten.")
                               % {"type": os.path.splitext(filename or "")[1] or mime}, field="bestandsnaam")


def _remove_files_after_commit(files) -> None:
    files = [(storage, name) for storage, name in files if name]
    if not files:
        return

    def remove():
        for storage, name in files:
            with contextlib.suppress(Exception):  # best effort; nothing refers to the file any more
                storage.delete(name)

    transaction.on_commit(remove)


def _restart_parts(document, size: int) -> None:
    """Drop the document's parts (their files after the commit) and, for ``size`` > 0, plan new ones."""
    old = list(document.bestandsdelen.all())
    _remove_files_after_commit((part.inhoud.storage, part.inhoud.name) for part in old)
    BestandsDeel.objects.filter(pk__in=[part.pk for part in old]).delete()
    if size <= 0:
        return
    step = chunk_size()
    BestandsDeel.objects.bulk_create([
        BestandsDeel(informatieobject=document, volgnummer=number + 1, omvang=min(step, size - number * step))
        for number in range(math.ceil(size / step))
    ])


def _version_without_content(document, *, versie: int, size: int, values: dict, actor=None) -> DocumentVersion:
    version = DocumentVersion.objects.create(
        document=document, versie=versie, bestandsomvang=size, checksum_sha256="", scan_status=ScanStatus.NOT_SCANNED,
        created_by=actor if getattr(actor, "is_authenticated", False) else None, **values,
    )
    document.latest_version = version
    return version


def create_document(*, organisation, informatieobjecttype, inhoud: bytes | None, bronorganisatie: str,
                    identificatie: str = "", indicatie_gebruiksrecht=None, actor=None, bestandsomvang: int | None = None,
                    **fields) -> EnkelvoudigInformatieObject:
    """A document (version 1) without a case: a client of the Documenten API creates it, the Zaken API links it.

    ``fields``: the version fields (VERSION_FIELDS). Without ``inhoud`` but with ``bestandsomvang`` the document is
    created locked, with bestandsdelen to upload (see the module docstring).
    Raises DocumentError, DocumentRejected (size, type, virus).
    """
    check_rsin(bronorganisatie)
    _check_type(informatieobjecttype)
    _check_values(fields)
    if indicatie_gebruiksrecht:
        raise DocumentError(_("Leg eerst gebruiksrechten vast; de indicatie volgt daaruit."),
                            field="indicatieGebruiksrecht", code="missing-gebruiksrechten")
    _check_size(inhoud, bestandsomvang)
    if not inhoud and not bestandsomvang:
        raise DocumentError(_("Geef de inhoud van het document (base64), of de bestandsomvang om het in delen op "
                              "te laden."), field="inhoud", code="required")
    if not inhoud:
        _check_announced(bestandsomvang, fields.get("bestandsnaam") or fields.get("titel", ""), informatieobjecttype)

    def create():
        code = identificatie or f"DOC-{uuid_module.uuid4().hex[:12].upper()}"
        taken = EnkelvoudigInformatieObject.objects.filter(identificatie=code)
        if taken.filter(bronorganisatie=bronorganisatie).exists() or taken.filter(organisation=organisation).exists():
            raise DocumentError(_("Deze identificatie bestaat al voor deze bronorganisatie."), field="identificatie",
                                code="identificatie-niet-uniek")
        if not inhoud:
            return _create_for_parts(organisation=organisation, informatieobjecttype=informatieobjecttype, code=code,
                                     bronorganisatie=bronorganisatie, size=bestandsomvang, actor=actor, fields=fields)
        file = _content_file(inhoud, fields.get("bestandsnaam", ""), fields.get("titel", ""),
                             fields.get("formaat") or "")
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


def _create_for_parts(*, organisation, informatieobjecttype, code, bronorganisatie, size, actor, fields):
    document = EnkelvoudigInformatieObject.objects.create(
        organisation=organisation, identificatie=code, bronorganisatie=bronorganisatie,
        informatieobjecttype=informatieobjecttype, lock=uuid_module.uuid4().hex,
    )
    values = {name: fields[name] for name in VERSION_FIELDS if name in fields}
    values["titel"] = values["titel"][:200]
    values["vertrouwelijkheidaanduiding"] = (values.get("vertrouwelijkheidaanduiding")
                                             or informatieobjecttype.vertrouwelijkheidaanduiding)
    values["status"] = values.get("status") or ""
    values["taal"] = values.get("taal") or "nld"
    values["creatiedatum"] = values.get("creatiedatum") or datetime.date.today()
    values["formaat"] = values.get("formaat") or ""
    values["bestandsnaam"] = os.path.basename(values.get("bestandsnaam") or "")[:255]
    for name in ("link", "verschijningsvorm", "beschrijving"):
        values[name] = values.get(name) or ""
    values["trefwoorden"] = list(values.get("trefwoorden") or [])
    _version_without_content(document, versie=1, size=size, values=values, actor=actor)
    document.save(update_fields=["latest_version"])
    _restart_parts(document, size)
    return EnkelvoudigInformatieObject.objects.select_related("latest_version", "informatieobjecttype").get(pk=document.pk)


def _locked_for_change(document, lock: str | None, *, force: bool = False):
    document = EnkelvoudigInformatieObject.objects.select_for_update(of=("self",)).select_related(
        "latest_version", "informatieobjecttype").get(pk=document.pk)
    if force:
        return document
    if not document.lock:
        raise LockError(_("Het document is niet vergrendeld; vergrendel het eerst (lock)."), field="nonFieldErrors",
                        code="unlocked")
    if not lock:
        raise LockError(_("Geef de lock van het document."), field="nonFieldErrors", code="missing-lock-id")
    if lock != document.lock:
        raise LockError(_("De lock klopt niet."), field="nonFieldErrors", code="incorrect-lock-id")
    return document


def update_document(*, document, lock: str | None, inhoud: bytes | None = None, actor=None, force: bool = False,
                    indicatie_gebruiksrecht=..., bestandsomvang: int | None = None, inhoud_cleared: bool = False,
                    **fields) -> EnkelvoudigInformatieObject:
    """A change (PUT/PATCH): a new version with the given fields on top of the latest version's.

    New ``inhoud`` replaces the content (and drops pending bestandsdelen); without it, a ``bestandsomvang`` other
    than the current one, or ``inhoud_cleared`` (the client sent ``inhoud: null``), starts an upload in parts;
    otherwise the content carries over.
    Raises LockError, DocumentError, DocumentRejected. ``informatieobjecttype``, ``bronorganisatie`` and
    ``identificatie`` cannot change (they belong to the document, not the version)."""
    _check_values(fields)
    _check_size(inhoud, bestandsomvang)

    def change():
        locked = _locked_for_change(document, lock, force=force)
        if indicatie_gebruiksrecht is not ...:
            _check_indicatie(locked, indicatie_gebruiksrecht)
        latest = locked.latest_version
        values = {name: getattr(latest, name) for name in VERSION_FIELDS}
        values.update({name: value for name, value in fields.items() if name in VERSION_FIELDS})
        if values.get("ontvangstdatum") and values.get("status") in NOT_FOR_RECEIVED:
            raise DocumentError(_("Een ontvangen document kan niet in bewerking of ter vaststelling zijn."),
                                field="status",
                                code="invalid_for_received")
        versie = (locked.versions.order_by("-versie").values_list("versie", flat=True).first() or 0) + 1
        restart = not inhoud and bestandsomvang is not None and (
            inhoud_cleared or bestandsomvang != latest.bestandsomvang)
        if restart:
            if not bestandsomvang:
                raise DocumentError(_("Geef de inhoud van het document, of een bestandsomvang groter dan 0."),
                                    field="bestandsomvang", code="file-size")
            _check_announced(bestandsomvang, values["bestandsnaam"] or values["titel"], locked.informatieobjecttype)
            values["formaat"] = fields.get("formaat") or ""
            version = _version_without_content(locked, versie=versie, size=bestandsomvang, values=values, actor=actor)
            _restart_parts(locked, bestandsomvang)
        elif inhoud:
            _restart_parts(locked, 0)
            file = _content_file(inhoud, values["bestandsnaam"], values["titel"], values["formaat"])
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


def unlock_document(*, document, lock: str = "", force: bool = False) -> bool:
    """Unlock; pending bestandsdelen are merged into the latest version's content first (all must be uploaded,
    ``incomplete-upload``; a forced unlock drops an incomplete upload). Returns whether content was merged.
    Raises LockError, DocumentError, DocumentRejected (the merged file fails the checks: nothing changes)."""

    def unlock():
        locked = EnkelvoudigInformatieObject.objects.select_for_update(of=("self",)).select_related(
            "latest_version", "informatieobjecttype").get(pk=document.pk)
        own_lock = bool(locked.lock) and lock == locked.lock
        if not force and not own_lock:
            raise LockError(_("De lock klopt niet."), field="nonFieldErrors", code="incorrect-lock-id")
        forced = force and not own_lock  # with the right lock the normal rules apply, also to an administrator
        parts = list(locked.bestandsdelen.order_by("volgnummer"))
        merged = False
        if parts and all(part.voltooid for part in parts):
            _merge_parts(locked, parts)
            merged = True
        elif parts and not forced:
            missing = [str(part.volgnummer) for part in parts if not part.voltooid]
            raise DocumentError(_("Niet alle bestandsdelen zijn opgeladen (ontbrekend: %(parts)s).")
                                % {"parts": ", ".join(missing)}, field="nonFieldErrors", code="incomplete-upload")
        elif parts and locked.latest_version_id and not locked.latest_version.inhoud.name:
            DocumentVersion.objects.filter(pk=locked.latest_version_id).update(bestandsomvang=0)
        if parts:
            _restart_parts(locked, 0)
        locked.lock = ""
        locked.save(update_fields=["lock"])
        return merged

    return _with_cleanup(unlock)


def _merge_parts(document, parts) -> None:
    """Concatenate the uploaded parts into the latest version's content (streamed, never whole in memory)."""
    version = document.latest_version
    with tempfile.TemporaryFile() as merged:
        for part in parts:
            with part.inhoud.open("rb") as handle:
                for chunk in iter(lambda handle=handle: handle.read(1024 * 1024), b""):
                    merged.write(chunk)
        merged.seek(0)
        name = os.path.basename(version.bestandsnaam or "") or version.titel or "document"
        file = File(merged, name=name)
        mime, size, scan_status = _scan_and_check(file, document.informatieobjecttype)
        checksum = _checksum(file)
        version.inhoud.save(name, file, save=False)
        stored = _stored_files.get()
        if stored is not None:
            stored.append((version.inhoud.storage, version.inhoud.name))
    version.bestandsomvang = size
    version.checksum_sha256 = checksum
    version.scan_status = scan_status
    version.formaat = version.formaat or mime
    version.save(update_fields=["inhoud", "bestandsomvang", "checksum_sha256", "scan_status", "formaat"])


def upload_part(*, bestandsdeel: BestandsDeel, lock: str, inhoud) -> BestandsDeel:
    """Store one part of a large file (``inhoud``: an uploaded file, streamed to the documents storage).

    Raises LockError (``incorrect-lock-id``), DocumentError (``file-size``: not exactly the part's size)."""

    def upload():
        document = EnkelvoudigInformatieObject.objects.select_for_update(of=("self",)).get(
            pk=bestandsdeel.informatieobject_id)
        part = BestandsDeel.objects.select_for_update().get(pk=bestandsdeel.pk)
        if not document.lock or (lock or "") != document.lock:
            raise LockError(_("De lock klopt niet."), field="nonFieldErrors", code="incorrect-lock-id")
        if inhoud is None:
            raise DocumentError(_("Geef de inhoud van dit bestandsdeel."), field="inhoud", code="required")
        if inhoud.size != part.omvang:
            raise DocumentError(_("Dit bestandsdeel moet %(omvang)s bytes groot zijn, niet %(size)s.")
                                % {"omvang": part.omvang, "size": inhoud.size}, field="inhoud", code="file-size")
        old = (part.inhoud.storage, part.inhoud.name)
        part.inhoud.save(f"deel-{part.volgnummer}", inhoud, save=False)
        stored = _stored_files.get()
        if stored is not None:
            stored.append((part.inhoud.storage, part.inhoud.name))
        part.voltooid = True
        part.save(update_fields=["inhoud", "voltooid"])
        _remove_files_after_commit([old])
        part.informatieobject = document
        return part

    return _with_cleanup(upload)


@transaction.atomic
def delete_document(*, document) -> None:
    """Remove a document with all its versions and gebruiksrechten; refused while a zaak or besluit uses it.
    The stored files are removed after the commit."""
    locked = EnkelvoudigInformatieObject.objects.select_for_update(of=("self",)).get(pk=document.pk)
    if locked.zaak_links.exists() or locked.besluit_links.exists() or locked.external_relations.exists():
        raise DocumentError(_("Het document hoort nog bij een zaak of besluit; verwijder eerst die relaties."),
                            field="nonFieldErrors", code="pending-relations")
    files = {(version.inhoud.storage, version.inhoud.name) for version in locked.versions.all() if version.inhoud.name}
    files |= {(part.inhoud.storage, part.inhoud.name) for part in locked.bestandsdelen.all() if part.inhoud.name}
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


# -- verzendingen ------------------------------------------------------------------------------

#: the ways of sending; a verzending has exactly one
SENDING_KINDS = ("binnenlands_correspondentieadres", "buitenlands_correspondentieadres", "correspondentie_postadres",
                 "faxnummer", "emailadres", "mijn_overheid", "telefoonnummer")
VERZENDING_FIELDS = ("betrokkene", "aard_relatie", "toelichting", "ontvangstdatum", "verzenddatum", "contact_persoon",
                     "contactpersoonnaam", *SENDING_KINDS)


def _filled(value) -> bool:
    if isinstance(value, dict):
        return any(v not in (None, "") for v in value.values())
    return bool(value)


def _check_verzending(values: dict) -> None:
    if values.get("aard_relatie") not in AardRelatie.values:
        raise DocumentError(_("Onbekende aard van de relatie."), field="aardRelatie")
    if sum(_filled(values.get(kind)) for kind in SENDING_KINDS) != 1:
        raise DocumentError(_("Geef precies één manier van verzenden: een binnenlands, buitenlands of "
                              "postbusadres, een faxnummer, e-mailadres of telefoonnummer, of MijnOverheid."),
                            field="nonFieldErrors", code="invalid-address")
    if values["aard_relatie"] == AardRelatie.AFZENDER and not values.get("ontvangstdatum"):
        raise DocumentError(_("Geef de ontvangstdatum: het document werd van deze betrokkene ontvangen."),
                            field="ontvangstdatum", code="required")
    if values["aard_relatie"] == AardRelatie.GEADRESSEERDE and not values.get("verzenddatum"):
        raise DocumentError(_("Geef de verzenddatum: het document werd naar deze betrokkene verzonden."),
                            field="verzenddatum", code="required")
    if values.get("emailadres"):
        try:
            validate_email(values["emailadres"])
        except DjangoValidationError:
            raise DocumentError(_("Dit is geen geldig e-mailadres."), field="emailadres") from None


def _verzending_values(fields: dict) -> dict:
    values = {name: fields[name] for name in VERZENDING_FIELDS if name in fields}
    for name in ("toelichting", "contactpersoonnaam", "faxnummer", "emailadres", "telefoonnummer"):
        if name in values and values[name] is None:
            values[name] = ""
    if "mijn_overheid" in values:
        values["mijn_overheid"] = bool(values["mijn_overheid"])
    for name in ("binnenlands_correspondentieadres", "buitenlands_correspondentieadres", "correspondentie_postadres"):
        if name in values:
            values[name] = dict(values[name]) if _filled(values[name]) else None
    return values


@transaction.atomic
def create_verzending(*, informatieobject, **fields) -> Verzending:
    """A document received from or sent to a betrokkene. ``fields``: VERZENDING_FIELDS. Raises DocumentError."""
    values = _verzending_values(fields)
    _check_verzending(values)
    return Verzending.objects.create(informatieobject=informatieobject, **values)


@transaction.atomic
def change_verzending(*, verzending: Verzending, informatieobject=None, **fields) -> Verzending:
    """Change (PUT/PATCH: the given fields on top of the current ones). Raises DocumentError."""
    verzending = Verzending.objects.select_for_update().get(pk=verzending.pk)
    values = {name: getattr(verzending, name) for name in VERZENDING_FIELDS}
    values.update(_verzending_values(fields))
    _check_verzending(values)
    for name, value in values.items():
        setattr(verzending, name, value)
    if informatieobject is not None:
        verzending.informatieobject = informatieobject
    verzending.save()
    return Verzending.objects.select_related("informatieobject__latest_version", "informatieobject__informatieobjecttype",
                                             "informatieobject__organisation").get(pk=verzending.pk)


@transaction.atomic
def remove_verzending(*, verzending: Verzending) -> None:
    verzending.delete()


# -- relations with objects in other installations ---------------------------------------------


@transaction.atomic
def add_external_relation(*, informatieobject, object_url: str, object_type: str) -> ExternalObjectRelation:
    """Register that a zaak/besluit of another installation (which registered its side first; the API checks
    that) or a verzoek uses this document. Raises DocumentError (``unique``)."""
    document = EnkelvoudigInformatieObject.objects.select_for_update(of=("self",)).get(pk=informatieobject.pk)
    if document.external_relations.filter(object_url=object_url).exists():
        raise DocumentError(_("Deze relatie bestaat al."), field="nonFieldErrors", code="unique")
    return ExternalObjectRelation.objects.create(informatieobject=document, object_url=object_url,
                                                 object_type=object_type)


def check_local_relation(*, informatieobject, object_type: str, object_kind: str | None, object_uuid) -> None:
    """POST /objectinformatieobjecten with a zaak or besluit of this installation. The Zaken and Besluiten APIs
    register that relation themselves (it *is* the ObjectInformatieObject), so this never creates one; it checks as
    the spec says ("Er wordt gevalideerd op": the object URL exists, the combination informatieobject + object is
    unique) and always raises DocumentError: ``object`` ``invalid-resource`` (``object_kind``, the kind of
    resource the URL points at, is not ``object_type``), ``object`` ``bad-url`` (no such zaak/besluit),
    ``nonFieldErrors`` ``unique`` (the relation exists) or ``inconsistent-relation`` (it does not)."""
    from ..models import Besluit, BesluitInformatieObject, Zaak, ZaakInformatieObject

    models = {"zaak": (Zaak, ZaakInformatieObject), "besluit": (Besluit, BesluitInformatieObject)}
    if object_kind not in models or object_kind != object_type:
        raise DocumentError(_("De URL verwijst naar een resource van een ander type."), field="object",
                            code="invalid-resource")
    model, link_model = models[object_kind]
    if object_uuid is None or not model.objects.filter(uuid=object_uuid).exists():
        raise DocumentError(_("De URL verwijst niet naar een bestaand object."), field="object", code="bad-url")
    if link_model.objects.filter(**{f"{object_kind}__uuid": object_uuid}, informatieobject=informatieobject).exists():
        raise DocumentError(_("Deze relatie bestaat al."), field="nonFieldErrors", code="unique")
    raise DocumentError(_("Deze relatie bestaat niet in de Zaken- of Besluiten-API; leg ze daar vast."),
                        field="nonFieldErrors", code="inconsistent-relation")


@transaction.atomic
def remove_external_relation(*, relation: ExternalObjectRelation) -> None:
    relation.delete()
