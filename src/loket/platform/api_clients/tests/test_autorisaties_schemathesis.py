"""Schemathesis against the official Autorisaties API 1.0.0 file: no 5xx, no response-schema violations (WSGI app,
an application with all permissions)."""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from loket.platform.zgw.schema import load_schema
from loket.platform.zgw.testing import conformance_checks

HERE = Path(__file__).resolve().parent.parent / "api" / "zgw"
OFFICIAL = Path("/work/shared/specs/zgw/autorisaties-api-1.0.0.yaml")


def _schema():
    spec = dict(load_schema(str(HERE / "openapi.yaml")))
    spec["servers"] = [{"url": "/autorisaties/api/v1"}]
    return schemathesis.openapi.from_dict(spec)


schema = _schema()


def test_shipped_openapi_file_is_the_official_one():
    if not OFFICIAL.exists():
        pytest.skip("the shared specs are not available here")
    assert (HERE / "openapi.yaml").read_bytes() == OFFICIAL.read_bytes()


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_autorisaties_api_conforms_to_its_openapi_schema(case, zgw_auth, zgw_wsgi_app):
    if case.path_parameters and "uuid" in case.path_parameters and case.method != "DELETE":
        case.path_parameters["uuid"] = str(zgw_auth.applicatie.uuid)
    case.call_and_validate(app=zgw_wsgi_app, headers=zgw_auth.headers, checks=conformance_checks())
