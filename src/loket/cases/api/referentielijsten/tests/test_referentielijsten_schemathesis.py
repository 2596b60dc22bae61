"""Schemathesis against the Referentielijsten OpenAPI file (the official one with Loket's documented corrections,
corrections.yaml): no 5xx, no response-schema violations, through the WSGI application."""

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from loket.platform.zgw.schema import load_schema

HERE = Path(__file__).resolve().parent.parent
OFFICIAL = Path("/work/shared/data/zgw/referentielijsten/openapi.yaml")


def _schema():
    merged = dict(load_schema(str(HERE / "openapi.yaml"), str(HERE / "corrections.yaml")))
    merged["servers"] = [{"url": "/referentielijsten/api/v1"}]
    loaded = schemathesis.openapi.from_dict(merged)
    loaded.config.phases.update(phases=["examples", "fuzzing"])  # the coverage phase alone takes minutes
    return loaded


schema = _schema()


def test_shipped_openapi_file_is_the_official_one():
    if not OFFICIAL.exists():
        pytest.skip("the shared specs are not available here")
    assert (HERE / "openapi.yaml").read_bytes() == OFFICIAL.read_bytes()


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_referentielijsten_api_conforms_to_its_openapi_schema(case, zgw_wsgi_app):
    if "\\x00" in repr((case.query, case.headers, case.path_parameters)) or "%00" in repr(case.query):
        # Loket refuses NUL bytes in a request before any API sees it (400, RejectNulBytesMiddleware), for every
        # operation; only "no 5xx" applies to such a request.
        from schemathesis import checks

        case.call_and_validate(app=zgw_wsgi_app, checks=[checks.not_a_server_error])
        return
    case.call_and_validate(app=zgw_wsgi_app)
