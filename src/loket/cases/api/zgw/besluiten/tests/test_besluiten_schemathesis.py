"""Schemathesis against the official Besluiten API 1.0.2 file: no 5xx, no response-schema violations, through the WSGI
application, with a seeded catalogue, a besluit, and an application with all permissions."""

import datetime
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from loket.platform.zgw.schema import load_schema
from loket.platform.zgw.testing import conformance_checks

HERE = Path(__file__).resolve().parent.parent
OFFICIAL = Path("/work/shared/specs/zgw/besluiten-api-1.0.2.yaml")


def _schema():
    spec = dict(load_schema(str(HERE / "openapi.yaml")))
    spec["servers"] = [{"url": "/besluiten/api/v1"}]
    return schemathesis.openapi.from_dict(spec)


schema = _schema()


def test_shipped_openapi_file_is_the_official_one():
    if not OFFICIAL.exists():
        pytest.skip("the shared specs are not available here")
    assert (HERE / "openapi.yaml").read_bytes() == OFFICIAL.read_bytes()


@pytest.fixture
def world(db):
    from loket.cases.tests.conftest import build_world

    return build_world()


@pytest.fixture
def seeded(world):
    from loket.cases.services.besluiten import create_besluit

    besluit = create_besluit(organisation=world.gemeente, besluittype=world.decision_type, datum=datetime.date(2024, 3, 1),
                             ingangsdatum=datetime.date(2024, 3, 2), verantwoordelijke_organisatie="002220647")
    return world, besluit


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_besluiten_api_conforms_to_its_openapi_schema(case, seeded, zgw_auth, zgw_wsgi_app):
    _world, besluit = seeded
    if case.path_parameters:
        if "besluit_uuid" in case.path_parameters:
            case.path_parameters["besluit_uuid"] = str(besluit.uuid)
        if "uuid" in case.path_parameters and case.operation.path.startswith("/besluiten/{uuid}") and case.method != "DELETE":
            case.path_parameters["uuid"] = str(besluit.uuid)
    case.call_and_validate(app=zgw_wsgi_app, headers=zgw_auth.headers, checks=conformance_checks())
