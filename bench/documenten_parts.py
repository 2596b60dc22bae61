"""Documenten API: a large file in bestandsdelen, through the service the API uses (documenten_zgw).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_h7 .venv/bin/python bench/documenten_parts.py [--size-mb 300] [--chunk-mb 50]

Creates a document announced at ``--size-mb`` (parts of ``--chunk-mb``), uploads every part from a file on disk
(as Django hands a multipart upload above 2.5 MB to a view: a temporary file), unlocks it (the parts are merged into
the version's content and checked), and prints the time of each phase and the process's peak memory, to show that
no file is held whole in memory. Documents go to a temporary directory; the database changes are rolled back.
Needs a migrated database. Prints the figures; never fails on slowness.
"""

import argparse
import datetime
import os
import resource
import shutil
import tempfile
import time

import django


class _Rollback(Exception):
    pass


def _peak_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=300)
    parser.add_argument("--chunk-mb", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
    django.setup()

    from django.conf import settings
    from django.core.files.uploadedfile import TemporaryUploadedFile
    from django.db import transaction

    from loket.cases import models
    from loket.cases.services import documenten_zgw
    from loket.cases.tests.conftest import build_world

    size, chunk = args.size_mb * 1024 * 1024, args.chunk_mb * 1024 * 1024
    storage_dir = tempfile.mkdtemp(prefix="loket-bench-documents-")
    settings.LOKET_DOCUMENTEN_CHUNK_SIZE = chunk
    settings.LOKET_DOCUMENT_MAX_SIZE = size
    settings.STORAGES = dict(settings.STORAGES) | {"documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": storage_dir}}}
    models._documents_storage._wrapped = models.empty
    block = b"%PDF-1.4\n" + b"x" * (1024 * 1024 - 9)
    start_rss = _peak_rss_mb()
    try:
        with transaction.atomic():
            world = build_world()
            world.doc_type.max_size = size
            world.doc_type.save(update_fields=["max_size"])
            document = documenten_zgw.create_document(
                organisation=world.gemeente, informatieobjecttype=world.doc_type, inhoud=None, bestandsomvang=size,
                bronorganisatie="002220647", titel="Groot bestand", auteur="bench", taal="nld",
                bestandsnaam="groot.pdf", creatiedatum=datetime.date.today())
            parts = list(document.bestandsdelen.order_by("volgnummer"))
            upload_seconds = 0.0
            for part in parts:
                upload = TemporaryUploadedFile("deel", "application/octet-stream", part.omvang, None)
                remaining = part.omvang
                while remaining:
                    written = upload.write(block[:min(remaining, len(block))])
                    remaining -= written
                upload.seek(0)
                started = time.perf_counter()
                documenten_zgw.upload_part(bestandsdeel=part, lock=document.lock, inhoud=upload)
                upload_seconds += time.perf_counter() - started
                upload.close()
            started = time.perf_counter()
            documenten_zgw.unlock_document(document=document, lock=document.lock)
            merge_seconds = time.perf_counter() - started
            version = models.DocumentVersion.objects.get(pk=document.latest_version_id)
            assert version.bestandsomvang == size
            raise _Rollback
    except _Rollback:
        pass
    finally:
        shutil.rmtree(storage_dir, ignore_errors=True)
    print(f"file {args.size_mb} MB in {len(parts)} parts of {args.chunk_mb} MB")
    print(f"parts stored: {upload_seconds:.1f} s; merged and checked on unlock: {merge_seconds:.1f} s")
    print(f"peak memory: {_peak_rss_mb()} MB (at start {start_rss} MB)")


if __name__ == "__main__":
    main()
