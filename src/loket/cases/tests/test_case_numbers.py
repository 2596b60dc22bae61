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
