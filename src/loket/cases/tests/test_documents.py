import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from loket.cases import services
from loket.cases.exceptions import DocumentRejected, InvalidState, ValidationFailed
from loket.cases.models import (
    DocumentVersion,
    EnkelvoudigInformatieObject,
    ScanStatus,
    ZaakInformatieObject,
)
from loket.cases.services.documents import EICAR
from loket.cases.tests.conftest import PDF, pdf_file


def _stored_files(settings):
    root = settings.STORAGES["documents"]["OPTIONS"]["location"]
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files]


def _nothing_stored(settings):
    assert not EnkelvoudigInformatieObject.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert not ZaakInformatieObject.objects.exists()
    assert _stored_files(settings) == []


def test_document_is_stored_with_metadata_and_versions(world, settings):
    zaak = world.create_case()
    link = services.add_document(zaak=zaak, file=pdf_file(), titel="Aanvraagformulier", informatieobjecttype=world.doc_type,
                                 actor=world.handler)
    version = link.informatieobject.latest_version
    assert (version.versie, version.formaat, version.bestandsomvang) == (1, "application/pdf", len(PDF))
    assert version.inhoud.open("rb").read() == PDF
    assert version.auteur == world.handler.get_full_name()
    second = services.add_document_version(document=link.informatieobject, file=pdf_file("v2.pdf", PDF + b"%extra"),
                                           actor=world.handler, status="definitief")
    assert second.versie == 2 and second.titel == "Aanvraagformulier"
    with pytest.raises(InvalidState, match="definitief"):
        services.add_document_version(document=link.informatieobject, file=pdf_file(), actor=world.handler)
    assert len(_stored_files(settings)) == 2


def test_a_2_gb_document_is_refused_and_nothing_is_stored(world, settings):
    zaak = world.create_case()
    huge = pdf_file()
    huge.size = 2 * 1024 ** 3
    with pytest.raises(DocumentRejected, match="te groot"):
        services.add_document(zaak=zaak, file=huge, titel="Groot", informatieobjecttype=world.doc_type, actor=world.handler)
    _nothing_stored(settings)


def test_a_forbidden_type_is_refused(world, settings):
    zaak = world.create_case()
    exe = SimpleUploadedFile("factuur.exe", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    with pytest.raises(DocumentRejected, match="niet toegelaten"):
        services.add_document(zaak=zaak, file=exe, titel="Factuur", informatieobjecttype=world.doc_type, actor=world.handler)
    fake_pdf = SimpleUploadedFile("factuur.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    with pytest.raises(DocumentRejected, match="past niet bij de extensie"):
        services.add_document(zaak=zaak, file=fake_pdf, titel="Factuur", informatieobjecttype=world.doc_type, actor=world.handler)
    word = SimpleUploadedFile("brief.docx", b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(DocumentRejected, match="niet toegelaten"):  # this document type only takes PDF and PNG
        services.add_document(zaak=zaak, file=word, titel="Brief", informatieobjecttype=world.doc_type, actor=world.handler)
    _nothing_stored(settings)


@override_settings(LOKET_VIRUS_SCANNER="loket.cases.services.documents.eicar_scanner")
def test_virus_scan_hook_refuses_infected_files(world, settings):
    zaak = world.create_case()
    infected = SimpleUploadedFile("brief.pdf", b"%PDF-1.4\n" + EICAR)
    with pytest.raises(DocumentRejected, match="virus"):
        services.add_document(zaak=zaak, file=infected, titel="Brief", informatieobjecttype=world.doc_type, actor=world.handler)
    _nothing_stored(settings)
    link = services.add_document(zaak=zaak, file=pdf_file(), titel="Brief", informatieobjecttype=world.doc_type, actor=world.handler)
    assert link.informatieobject.latest_version.scan_status == ScanStatus.CLEAN


def test_document_type_not_on_the_case_type_is_refused(world, settings):
    zaak = world.create_case()
    other = services.create_document_type(catalogus=world.catalogus, omschrijving="Foto", publish=True)
    with pytest.raises(ValidationFailed, match="niet toegelaten bij dit zaaktype"):
        services.add_document(zaak=zaak, file=pdf_file(), titel="Foto", informatieobjecttype=other, actor=world.handler)
    _nothing_stored(settings)


def test_a_failure_after_storing_removes_the_file(world, settings, monkeypatch):
    zaak = world.create_case()
    from loket.cases.services import documents

    def broken_event(*args, **kwargs):
        raise ValidationFailed("Kapot")

    monkeypatch.setattr(documents, "event", broken_event)
    with pytest.raises(ValidationFailed):
        services.add_document(zaak=zaak, file=pdf_file(), titel="Brief", informatieobjecttype=world.doc_type, actor=world.handler)
    _nothing_stored(settings)
