"""Documenten API 1.4.2, large files in parts (bestandsdelen): create with a bestandsomvang and no content, upload
each part with the lock, unlock to merge; the rules and error codes of the standard."""

import base64
import math
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from loket.cases.models import BestandsDeel, EnkelvoudigInformatieObject
from loket.cases.tests.conftest import PDF, build_world
from loket.platform.api_clients.services import AutorisatieSpec
from loket.platform.audit.models import ApiAuditTrail
from loket.platform.notifications.models import Notification
from loket.platform.zgw.testing import make_application

API = "/documenten/api/v1"
RSIN = "002220647"
CHUNK = 16
CONTENT = b"%PDF-1.4\n" + b"".join(b"regel %03d van een groot bestand\n" % n for n in range(12)) + b"%%EOF\n"


@pytest.fixture(autouse=True)
def _small_parts(settings, tmp_path):
    settings.LOKET_DOCUMENTEN_CHUNK_SIZE = CHUNK
    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages


@pytest.fixture
def world(db):
    return build_world()


def iot_url(world):
    return f"http://testserver/catalogi/api/v1/informatieobjecttypen/{world.doc_type.uuid}"


def body(world, **overrides):
    data = {"bronorganisatie": RSIN, "creatiedatum": "2024-03-01", "titel": "Bouwplan", "auteur": "Marie",
            "taal": "nld", "bestandsnaam": "bouwplan.pdf", "bestandsomvang": len(CONTENT), "inhoud": None,
            "informatieobjecttype": iot_url(world), "vertrouwelijkheidaanduiding": "openbaar"}
    data.update(overrides)
    return data


def path(url):
    return url.replace("http://testserver", "")


def start(zgw_client, world, **overrides):
    response = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten", body(world, **overrides), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def upload(client, part, data: bytes, lock: str):
    return client.put(path(part["url"]), {"inhoud": SimpleUploadedFile("deel.bin", data), "lock": lock},
                      format="multipart")


def upload_all(client, document, content=CONTENT):
    lock = document["lock"]
    for part in document["bestandsdelen"]:
        offset = (part["volgnummer"] - 1) * CHUNK
        response = upload(client, part, content[offset:offset + part["omvang"]], lock)
        assert response.status_code == 200, response.json()
    return lock


def test_a_document_with_a_size_and_no_content_gets_parts_and_is_locked(zgw_client, world):
    document = start(zgw_client, world)

    parts = document["bestandsdelen"]
    assert len(parts) == math.ceil(len(CONTENT) / CHUNK)
    assert [p["volgnummer"] for p in parts] == list(range(1, len(parts) + 1))
    assert [p["omvang"] for p in parts][:-1] == [CHUNK] * (len(parts) - 1)
    assert sum(p["omvang"] for p in parts) == len(CONTENT)
    assert not any(p["voltooid"] for p in parts)
    assert document["locked"] is True and document["lock"]
    assert {p["lock"] for p in parts} == {document["lock"]}
    assert document["inhoud"] is None
    assert document["bestandsomvang"] == len(CONTENT)
    # others see the parts, not the lock
    read = zgw_client.get(path(document["url"])).json()
    assert "lock" not in read and all("lock" not in p for p in read["bestandsdelen"])


def test_uploading_every_part_and_unlocking_merges_them_into_the_content(zgw_client, world):
    document = start(zgw_client, world)
    lock = upload_all(zgw_client, document)
    assert all(p["voltooid"] for p in zgw_client.get(path(document["url"])).json()["bestandsdelen"])

    assert zgw_client.post(path(document["url"]) + "/unlock", {"lock": lock}, format="json").status_code == 204

    merged = zgw_client.get(path(document["url"])).json()
    assert merged["locked"] is False
    assert merged["bestandsdelen"] == []
    assert merged["bestandsomvang"] == len(CONTENT)
    assert merged["formaat"] == "application/pdf"
    assert merged["versie"] == 1
    download = zgw_client.get(path(merged["inhoud"]))
    assert b"".join(download.streaming_content) == CONTENT
    assert not BestandsDeel.objects.exists()
    assert list(Notification.objects.filter(kanaal__naam="documenten").order_by("created_at")
                .values_list("actie", flat=True)) == ["create", "partial_update"]
    assert [e["actie"] for e in zgw_client.get(path(document["url"]) + "/audittrail").json()] == [
        "create", "partial_update"]


def test_part_files_are_removed_after_the_merge(zgw_client, world, tmp_path, django_capture_on_commit_callbacks):
    document = start(zgw_client, world)
    with django_capture_on_commit_callbacks(execute=True):
        lock = upload_all(zgw_client, document)
        zgw_client.post(path(document["url"]) + "/unlock", {"lock": lock}, format="json")

    stored = [p for p in Path(tmp_path / "documents").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in stored] == [CONTENT]


def test_unlocking_before_every_part_is_uploaded_is_refused(zgw_client, world):
    document = start(zgw_client, world)
    first = document["bestandsdelen"][0]
    assert upload(zgw_client, first, CONTENT[:CHUNK], document["lock"]).status_code == 200

    response = zgw_client.post(path(document["url"]) + "/unlock", {"lock": document["lock"]}, format="json")

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "incomplete-upload"
    assert zgw_client.get(path(document["url"])).json()["locked"] is True


def test_a_part_of_the_wrong_size_is_refused(zgw_client, world):
    document = start(zgw_client, world)

    response = upload(zgw_client, document["bestandsdelen"][0], CONTENT[:CHUNK - 1], document["lock"])

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "file-size"
    assert zgw_client.get(path(document["url"])).json()["bestandsdelen"][0]["voltooid"] is False


def test_a_part_with_the_wrong_lock_is_refused(zgw_client, world):
    document = start(zgw_client, world)

    response = upload(zgw_client, document["bestandsdelen"][0], CONTENT[:CHUNK], "fout")

    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["code"] == "incorrect-lock-id"
    missing_lock = zgw_client.put(path(document["bestandsdelen"][0]["url"]),
                                  {"inhoud": SimpleUploadedFile("d", CONTENT[:CHUNK])}, format="multipart")
    assert missing_lock.json()["invalidParams"][0]["name"] == "lock"


def test_uploading_a_part_needs_the_bijwerken_scope_on_the_document_type(client, zgw_client, world):
    document = start(zgw_client, world)
    reader = make_application(organisation=world.gemeente, autorisaties=[AutorisatieSpec(
        component="drc", scopes=["documenten.lezen"], informatieobjecttype=iot_url(world),
        max_vertrouwelijkheidaanduiding="zeer_geheim")])
    api = APIClient()
    api.credentials(**reader.django)

    response = upload(api, document["bestandsdelen"][0], CONTENT[:CHUNK], document["lock"])

    assert response.status_code == 403


def test_a_part_is_uploaded_as_multipart_not_json(zgw_client, world):
    document = start(zgw_client, world)

    response = zgw_client.put(path(document["bestandsdelen"][0]["url"]), {"lock": document["lock"]}, format="json")

    assert response.status_code == 415


def test_a_new_bestandsomvang_restarts_the_upload_in_a_new_version(zgw_client, world):
    document = start(zgw_client, world)
    lock = upload_all(zgw_client, document)
    zgw_client.post(path(document["url"]) + "/unlock", {"lock": lock}, format="json")
    lock = zgw_client.post(path(document["url"]) + "/lock").json()["lock"]
    bigger = CONTENT + b"% aanvulling\n" * 3

    changed = zgw_client.patch(path(document["url"]), {"bestandsomvang": len(bigger), "lock": lock}, format="json")
    assert changed.status_code == 200, changed.json()
    changed = changed.json()
    assert changed["versie"] == 2 and changed["inhoud"] is None
    assert sum(p["omvang"] for p in changed["bestandsdelen"]) == len(bigger)
    # a second change with another size starts over again
    again = zgw_client.patch(path(document["url"]), {"bestandsomvang": len(CONTENT), "lock": lock,
                                                     "inhoud": None}, format="json").json()
    assert sum(p["omvang"] for p in again["bestandsdelen"]) == len(CONTENT)
    assert BestandsDeel.objects.count() == len(again["bestandsdelen"])
    upload_all(zgw_client, again | {"lock": lock}, bigger[:len(CONTENT)])
    assert zgw_client.post(path(document["url"]) + "/unlock", {"lock": lock}, format="json").status_code == 204

    latest = zgw_client.get(path(document["url"])).json()
    assert latest["versie"] == 3
    assert b"".join(zgw_client.get(path(latest["inhoud"])).streaming_content) == bigger[:len(CONTENT)]
    first = zgw_client.get(path(document["url"]) + "/download", {"versie": 1})
    assert b"".join(first.streaming_content) == CONTENT


def test_a_metadata_change_during_an_upload_keeps_the_parts(zgw_client, world):
    document = start(zgw_client, world)
    upload(zgw_client, document["bestandsdelen"][0], CONTENT[:CHUNK], document["lock"])

    changed = zgw_client.patch(path(document["url"]), {"titel": "Bouwplan v2", "lock": document["lock"]},
                               format="json").json()

    assert changed["bestandsdelen"][0]["voltooid"] is True
    assert len(changed["bestandsdelen"]) == len(document["bestandsdelen"])


def test_new_content_during_an_upload_drops_the_parts(zgw_client, world):
    document = start(zgw_client, world)

    changed = zgw_client.patch(path(document["url"]), {"inhoud": base64.b64encode(PDF).decode(),
                                                       "lock": document["lock"]}, format="json").json()

    assert changed["bestandsdelen"] == []
    assert changed["bestandsomvang"] == len(PDF)
    assert zgw_client.post(path(document["url"]) + "/unlock", {"lock": document["lock"]},
                           format="json").status_code == 204


def test_a_forced_unlock_drops_an_incomplete_upload(client, zgw_client, world):
    document = start(zgw_client, world)

    assert zgw_client.post(path(document["url"]) + "/unlock", {}, format="json").status_code == 204  # all scopes

    after = zgw_client.get(path(document["url"])).json()
    assert (after["locked"], after["bestandsdelen"], after["inhoud"]) == (False, [], None)
    assert zgw_client.get(path(document["url"]) + "/download").status_code == 404


def test_a_size_above_the_limit_or_a_forbidden_type_is_refused_before_any_upload(zgw_client, world, settings):
    settings.LOKET_DOCUMENT_MAX_SIZE = 100
    too_big = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten", body(world, bestandsomvang=101), format="json")
    assert too_big.status_code == 400
    exe = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten", body(world, bestandsnaam="setup.exe"), format="json")
    assert exe.status_code == 400
    mismatch = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten",
                               body(world, inhoud=base64.b64encode(PDF).decode(), bestandsomvang=len(PDF) + 1),
                               format="json")
    assert mismatch.json()["invalidParams"][0]["code"] == "file-size"
    nothing = zgw_client.post(f"{API}/enkelvoudiginformatieobjecten", body(world, bestandsomvang=None), format="json")
    assert nothing.json()["invalidParams"][0]["name"] == "inhoud"
    assert not EnkelvoudigInformatieObject.objects.exists()


def test_merged_content_that_fails_the_document_checks_is_refused_and_the_upload_stays(zgw_client, world):
    fake = b"MZ" + b"\x00" * (len(CONTENT) - 2)  # an executable named .pdf
    document = start(zgw_client, world)
    lock = upload_all(zgw_client, document, fake)

    response = zgw_client.post(path(document["url"]) + "/unlock", {"lock": lock}, format="json")

    assert response.status_code == 400
    after = zgw_client.get(path(document["url"])).json()
    assert after["locked"] is True and after["inhoud"] is None
    assert all(p["voltooid"] for p in after["bestandsdelen"])


def test_deleting_a_document_removes_its_parts(zgw_client, world, tmp_path, django_capture_on_commit_callbacks):
    document = start(zgw_client, world)
    upload(zgw_client, document["bestandsdelen"][0], CONTENT[:CHUNK], document["lock"])

    with django_capture_on_commit_callbacks(execute=True):
        assert zgw_client.delete(path(document["url"])).status_code == 204

    assert not BestandsDeel.objects.exists()
    assert not [p for p in Path(tmp_path / "documents").rglob("*") if p.is_file()]
    assert ApiAuditTrail.objects.filter(actie="destroy").exists()
