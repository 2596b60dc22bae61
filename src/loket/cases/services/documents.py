"""Documents on cases (ZGW EnkelvoudigInformatieObject with versions) and decisions (ZGW Besluit).

Files are stored through Django's ``documents`` storage (FileSystemStorage by default, django-storages' S3
backend when configured). Before anything is stored a document is checked: the size limit (the document type's
``max_size`` or LOKET_DOCUMENT_MAX_SIZE), the allowed types (the document type's list or the default list; the
file name's extension and the first bytes must agree), and the virus-scan hook (LOKET_VIRUS_SCANNER: a dotted path
to a callable taking the file and returning a ScanStatus value). A refused document leaves nothing behind.
"""

import contextlib
import contextvars
import datetime
import hashlib
import mimetypes
import os
import uuid as uuid_module

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .. import deadlines
from ..exceptions import DocumentRejected, InvalidState, ValidationFailed
from ..models import (
    Besluit,
    BesluitInformatieObject,
    BesluitType,
    Confidentiality,
    DocumentStatus,
    DocumentVersion,
    EnkelvoudigInformatieObject,
    InformatieObjectType,
    ScanStatus,
    Zaak,
    ZaakInformatieObject,
)
from ._common import check_change, event, is_user, lock_case

DEFAULT_MAX_SIZE = 50 * 1024 * 1024
DEFAULT_ALLOWED_TYPES = [
    "application/pdf", "image/png", "image/jpeg", "image/gif", "image/tiff", "text/plain", "text/csv",
    "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/msword", "application/vnd.ms-excel", "message/rfc822", "application/vnd.ms-outlook",
    "application/xml", "text/xml", "application/json",
]
# Magic bytes of common types: the start of the file must match its extension.
SIGNATURES = {
    "application/pdf": [b"%PDF"],
    "image/png": [b"\x89PNG\r\n\x1a\n"],
    "image/jpeg": [b"\xff\xd8\xff"],
    "image/gif": [b"GIF87a", b"GIF89a"],
    "image/tiff": [b"II*\x00", b"MM\x00*"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [b"PK\x03\x04"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [b"PK\x03\x04"],
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": [b"PK\x03\x04"],
    "application/vnd.oasis.opendocument.text": [b"PK\x03\x04"],
    "application/vnd.oasis.opendocument.spreadsheet": [b"PK\x03\x04"],
    "application/vnd.oasis.opendocument.presentation": [b"PK\x03\x04"],
    "application/msword": [b"\xd0\xcf\x11\xe0"],
    "application/vnd.ms-excel": [b"\xd0\xcf\x11\xe0"],
}
EXECUTABLE_SIGNATURES = [b"MZ", b"\x7fELF", b"#!"]
EXTRA_TYPES = {".msg": "application/vnd.ms-outlook", ".eml": "message/rfc822", ".csv": "text/csv"}
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def eicar_scanner(file) -> str:
    """A tiny scanner for tests and demos: finds the EICAR test signature. Use clamd or similar in production."""
    file.seek(0)
    found = EICAR in file.read()
    file.seek(0)
    return ScanStatus.INFECTED if found else ScanStatus.CLEAN


def _scan(file) -> str:
    path = getattr(settings, "LOKET_VIRUS_SCANNER", "") or os.environ.get("LOKET_VIRUS_SCANNER", "")
    if not path:
        return ScanStatus.NOT_SCANNED
    result = import_string(path)(file)
    file.seek(0)
    return result


def _mime_type(filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()
    return EXTRA_TYPES.get(extension) or mimetypes.guess_type(filename)[0] or "application/octet-stream"


def check_file(file, informatieobjecttype: InformatieObjectType) -> tuple[str, int]:
    """Check size, type and content of ``file`` before anything is stored. Returns (mime type, size).

    Raises DocumentRejected with a Dutch message.
    """
    size = getattr(file, "size", None)
    if size is None:
        raise DocumentRejected(_("Het bestand is onleesbaar."), field="file")
    limit = min(informatieobjecttype.max_size or DEFAULT_MAX_SIZE, getattr(settings, "LOKET_DOCUMENT_MAX_SIZE", DEFAULT_MAX_SIZE))
    if size > limit:
        raise DocumentRejected(
            _("Het bestand is te groot (%(size)s MB); de grens is %(limit)s MB.") % {"size": f"{size / 1024 / 1024:.1f}", "limit": f"{limit / 1024 / 1024:.0f}"}, field="file",
        )
    if size == 0:
        raise DocumentRejected(_("Het bestand is leeg."), field="file")
    filename = os.path.basename(getattr(file, "name", "") or "")
    if not filename:
        raise DocumentRejected(_("Het bestand heeft geen naam."), field="file")
    mime = _mime_type(filename)
    allowed = informatieobjecttype.allowed_mime_types or DEFAULT_ALLOWED_TYPES
    if mime not in allowed:
        raise DocumentRejected(_("Bestanden van dit type (%(type)s) zijn niet toegelaten.") % {"type": os.path.splitext(filename)[1] or mime}, field="file")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    signatures = SIGNATURES.get(mime)
    if signatures and not any(head.startswith(sig) for sig in signatures):
        raise DocumentRejected(_("De inhoud van het bestand past niet bij de extensie."), field="file")
    if not signatures and any(head.startswith(sig) for sig in EXECUTABLE_SIGNATURES):
        raise DocumentRejected(_("Uitvoerbare bestanden zijn niet toegelaten."), field="file")
    return mime, size


def _checksum(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _store_version(document: EnkelvoudigInformatieObject, *, file, versie: int, titel: str, auteur: str, actor,
                   vertrouwelijkheidaanduiding: str, beschrijving: str, status: str, taal: str, creatiedatum,
                   mime: str, size: int, scan_status: str) -> DocumentVersion:
    version = DocumentVersion(
        document=document, versie=versie, titel=titel, auteur=auteur, beschrijving=beschrijving, status=status, taal=taal,
        creatiedatum=creatiedatum or deadlines.today(), vertrouwelijkheidaanduiding=vertrouwelijkheidaanduiding,
        formaat=mime, bestandsnaam=os.path.basename(file.name)[:255], bestandsomvang=size, checksum_sha256=_checksum(file),
        scan_status=scan_status, created_by=actor if is_user(actor) else None,
    )
    version.inhoud.save(os.path.basename(file.name), file, save=False)
    stored = _stored_files.get()
    if stored is not None:
        stored.append((version.inhoud.storage, version.inhoud.name))
    version.save()
    document.latest_version = version
    document.save(update_fields=["latest_version"])
    return version


_stored_files: contextvars.ContextVar[list | None] = contextvars.ContextVar("stored_documents", default=None)


def _scan_and_check(file, informatieobjecttype):
    mime, size = check_file(file, informatieobjecttype)
    scan_status = _scan(file)
    if scan_status == ScanStatus.INFECTED:
        raise DocumentRejected(_("In dit bestand werd een virus gevonden; het werd niet opgeslagen."), field="file")
    return mime, size, scan_status


def add_document(*, zaak: Zaak, file, titel: str, informatieobjecttype: InformatieObjectType, actor=None,
                 vertrouwelijkheidaanduiding: str | None = None, auteur: str | None = None, beschrijving: str = "",
                 status: str = DocumentStatus.IN_BEWERKING, taal: str = "nld",
                 creatiedatum: datetime.date | None = None) -> ZaakInformatieObject:
    """Store a document (version 1) and link it to the case.

    Raises DocumentRejected (too large, forbidden type, content not matching, virus), ValidationFailed (document type
    not allowed on this case type, empty title, unknown confidentiality), CaseClosed, PermissionDenied.
    Nothing is stored when any check fails.
    """
    return _with_cleanup(lambda: _add_document(
        zaak=zaak, file=file, titel=titel, informatieobjecttype=informatieobjecttype, actor=actor,
        vertrouwelijkheidaanduiding=vertrouwelijkheidaanduiding, auteur=auteur, beschrijving=beschrijving, status=status,
        taal=taal, creatiedatum=creatiedatum,
    ))


def _with_cleanup(func):
    """Run ``func`` in a transaction; when it fails, delete the files it stored (nothing half-stored)."""
    stored: list = []
    token = _stored_files.set(stored)
    try:
        with transaction.atomic():
            return func()
    except Exception:
        for storage, name in stored:
            with contextlib.suppress(Exception):  # best effort; the rows were rolled back anyway
                storage.delete(name)
        raise
    finally:
        _stored_files.reset(token)


def _add_document(*, zaak, file, titel, informatieobjecttype, actor, vertrouwelijkheidaanduiding, auteur, beschrijving,
                  status, taal, creatiedatum) -> ZaakInformatieObject:
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak)
    if not zaak.zaaktype.ziot.filter(informatieobjecttype=informatieobjecttype).exists():
        raise ValidationFailed(_("Dit documenttype is niet toegelaten bij dit zaaktype."), field="informatieobjecttype")
    titel = (titel or "").strip() or os.path.basename(getattr(file, "name", "") or "")
    if not titel:
        raise ValidationFailed(_("Geef een titel."), field="titel")
    confidentiality = vertrouwelijkheidaanduiding or informatieobjecttype.vertrouwelijkheidaanduiding
    if confidentiality not in Confidentiality.values:
        raise ValidationFailed(_("Onbekende vertrouwelijkheidaanduiding."), field="vertrouwelijkheidaanduiding")
    if status not in DocumentStatus.values:
        raise ValidationFailed(_("Onbekende documentstatus."), field="status")
    mime, size, scan_status = _scan_and_check(file, informatieobjecttype)
    document = EnkelvoudigInformatieObject.objects.create(
        organisation=zaak.organisation, identificatie=f"DOC-{uuid_module.uuid4().hex[:12].upper()}",
        bronorganisatie=zaak.bronorganisatie, informatieobjecttype=informatieobjecttype,
    )
    author = auteur or (actor.get_full_name() if is_user(actor) else "") or "Loket"
    _store_version(document, file=file, versie=1, titel=titel[:200], auteur=author, actor=actor,
                   vertrouwelijkheidaanduiding=confidentiality, beschrijving=beschrijving, status=status, taal=taal,
                   creatiedatum=creatiedatum, mime=mime, size=size, scan_status=scan_status)
    link = ZaakInformatieObject.objects.create(zaak=zaak, informatieobject=document, titel=titel[:200])
    event(zaak, actor, "document", f"Document toegevoegd: {titel[:200]}", document=str(document.uuid))
    return link


def add_document_version(*, document: EnkelvoudigInformatieObject, file, actor=None, titel: str | None = None,
                         beschrijving: str | None = None, status: str | None = None) -> DocumentVersion:
    """A new version of a document (metadata copied from the latest version unless given).

    Raises DocumentRejected, InvalidState (document is final/archived), PermissionDenied, CaseClosed (a linked case is
    closed)."""
    return _with_cleanup(lambda: _add_version(document=document, file=file, actor=actor, titel=titel,
                                              beschrijving=beschrijving, status=status))


def _add_version(*, document, file, actor, titel, beschrijving, status) -> DocumentVersion:
    document = EnkelvoudigInformatieObject.objects.select_for_update(of=("self",)).select_related("informatieobjecttype", "latest_version").get(pk=document.pk)
    for link in document.zaak_links.select_related("zaak"):
        check_change(actor, link.zaak)
    latest = document.latest_version
    if latest and latest.status in (DocumentStatus.DEFINITIEF, DocumentStatus.GEARCHIVEERD):
        raise InvalidState(_("Een definitief document kan geen nieuwe versie krijgen."))
    if status is not None and status not in DocumentStatus.values:
        raise ValidationFailed(_("Onbekende documentstatus."), field="status")
    mime, size, scan_status = _scan_and_check(file, document.informatieobjecttype)
    versie = (document.versions.order_by("-versie").values_list("versie", flat=True).first() or 0) + 1
    version = _store_version(
        document, file=file, versie=versie, titel=(titel or latest.titel)[:200],
        auteur=(actor.get_full_name() if is_user(actor) else "") or latest.auteur, actor=actor,
        vertrouwelijkheidaanduiding=latest.vertrouwelijkheidaanduiding,
        beschrijving=latest.beschrijving if beschrijving is None else beschrijving,
        status=status or latest.status, taal=latest.taal, creatiedatum=None, mime=mime, size=size, scan_status=scan_status,
    )
    for link in document.zaak_links.select_related("zaak"):
        event(link.zaak, actor, "document_version", f"Nieuwe versie ({versie}) van {version.titel}", document=str(document.uuid))
    return version


@transaction.atomic
def link_document(*, zaak: Zaak, document: EnkelvoudigInformatieObject, actor=None, titel: str = "",
                  beschrijving: str = "", force: bool = False, **zgw) -> ZaakInformatieObject:
    """Link an existing document to (another) case of the same organisation. Raises ValidationFailed, CaseClosed.
    ``force`` allows it on a closed case; ``zgw``: vernietigingsdatum, status (Zaken API)."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak, allow_closed=force)
    if document.organisation_id != zaak.organisation_id:
        raise ValidationFailed(_("Dit document hoort bij een andere organisatie."), field="document")
    if not zaak.zaaktype.ziot.filter(informatieobjecttype_id=document.informatieobjecttype_id).exists():
        raise ValidationFailed(_("Dit documenttype is niet toegelaten bij dit zaaktype."), field="document")
    if ZaakInformatieObject.objects.filter(zaak=zaak, informatieobject=document).exists():
        raise ValidationFailed(_("Dit document hoort al bij deze zaak."), field="document")
    return ZaakInformatieObject.objects.create(zaak=zaak, informatieobject=document, titel=titel, beschrijving=beschrijving, **zgw)


@transaction.atomic
def create_decision(*, zaak: Zaak, besluittype: BesluitType, datum: datetime.date, ingangsdatum: datetime.date, actor=None,
                    vervaldatum: datetime.date | None = None, toelichting: str = "", bestuursorgaan: str = "",
                    publicatiedatum: datetime.date | None = None, verzenddatum: datetime.date | None = None,
                    documents: list[EnkelvoudigInformatieObject] | None = None) -> Besluit:
    """A decision (Besluit) on the case. Raises ValidationFailed (decision type not allowed on the case type, expiry
    before start, document not of the case), CaseClosed, PermissionDenied."""
    zaak = lock_case(zaak, actor)
    check_change(actor, zaak)
    if not zaak.zaaktype.besluittypen.filter(pk=besluittype.pk).exists():
        raise ValidationFailed(_("Dit besluittype is niet toegelaten bij dit zaaktype."), field="besluittype")
    if vervaldatum and vervaldatum < ingangsdatum:
        raise ValidationFailed(_("De vervaldatum ligt voor de ingangsdatum."), field="vervaldatum")
    try:
        reactiedatum = (
            deadlines.add_days(zaak.organisation, verzenddatum, besluittype.reactietermijn_days, working=False)
            if verzenddatum and besluittype.reactietermijn_days else None
        )
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, field="verzenddatum") from None
    count = Besluit.objects.filter(zaak=zaak).count() + 1
    besluit = Besluit.objects.create(
        organisation=zaak.organisation, identificatie=f"{zaak.identificatie}-B{count}", besluittype=besluittype, zaak=zaak,
        verantwoordelijke_organisatie=zaak.bronorganisatie, datum=datum, ingangsdatum=ingangsdatum, vervaldatum=vervaldatum,
        toelichting=toelichting, bestuursorgaan=bestuursorgaan, publicatiedatum=publicatiedatum, verzenddatum=verzenddatum,
        uiterlijke_reactiedatum=reactiedatum,
    )
    for document in documents or []:
        if not ZaakInformatieObject.objects.filter(zaak=zaak, informatieobject=document).exists():
            raise ValidationFailed(_("Een document van het besluit moet bij de zaak horen."), field="documents")
        BesluitInformatieObject.objects.create(besluit=besluit, informatieobject=document)
    event(zaak, actor, "decision", f"Besluit: {besluittype.omschrijving}", besluit=str(besluit.uuid))
    return besluit
