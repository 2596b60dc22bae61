import threading

import pytest
from django.db import connection

from loket.cases.models import Zaak
from loket.cases.tests.conftest import build_world


@pytest.mark.django_db(transaction=True)
def test_case_numbers_are_unique_under_concurrency():
    world = build_world()
    numbers, errors = [], []
    start = threading.Barrier(8)

    def make():
        try:
            start.wait()
            for _ in range(5):
                numbers.append(world.create_case(actor=None).identificatie)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=make) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(numbers) == 40 and len(set(numbers)) == 40
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, 41))
    assert Zaak.objects.count() == 40


@pytest.mark.django_db(transaction=True)
def test_a_creation_does_not_wait_for_another_creations_commit():
    """Case numbers come from a sequence: no row lock held until commit, so creations do not queue behind each
    other's commit (and disk flush)."""
    import time

    from django.db import transaction

    world = build_world()
    world.create_case(actor=None)  # the organisation's numbering exists
    holding, release, numbers = threading.Event(), threading.Event(), []

    def slow_creation():
        try:
            with transaction.atomic():
                numbers.append(world.create_case(actor=None).identificatie)
                holding.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_creation)
    thread.start()
    try:
        assert holding.wait(30)
        started = time.monotonic()
        numbers.append(world.create_case(actor=None).identificatie)
        waited = time.monotonic() - started
    finally:
        release.set()
        thread.join()
    assert waited < 5
    assert [int(n.rsplit("-", 1)[1]) for n in numbers] == [2, 3]


@pytest.mark.django_db
def test_numbering_continues_after_the_last_number_of_the_older_counter():
    import datetime

    from loket.cases.models import CaseNumberSequence

    world = build_world()
    CaseNumberSequence.objects.create(organisation=world.gemeente, year=datetime.date.today().year, last_number=41)

    assert world.create_case().identificatie == f"TD-{datetime.date.today().year}-000042"
    assert world.create_case().identificatie == f"TD-{datetime.date.today().year}-000043"


@pytest.mark.django_db
def test_reset_case_numbers_starts_the_numbering_again():
    import datetime

    from loket.cases import services

    world = build_world()
    Zaak.objects.filter(pk=world.create_case().pk).delete()
    services.reset_case_numbers([world.gemeente])

    assert world.create_case().identificatie == f"TD-{datetime.date.today().year}-000001"
