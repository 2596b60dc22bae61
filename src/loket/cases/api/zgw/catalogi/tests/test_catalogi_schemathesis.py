"""Schemathesis against the official Catalogi API 1.3.1 file: no 5xx, no response-schema violations, through the WSGI
application, with a seeded catalogue and an application with all permissions (so positive cases reach the server).

Errata of the official file, corrected before testing (and documented in docs/api-zgw.md): two read-only lists are
typed as a plain string (``ZaakType.informatieobjecttypen``, ``InformatieObjectType.zaaktypen``: drf-spectacular output
of a method field; the standard's text, Open Zaak and its clients treat them as lists of URLs, and so does Loket), and
``StatusType.zaakobjecttype`` is required and not nullable although a status type need not have a case object type
(Loket answers null then, like Open Zaak).
"""

import copy
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from loket.cases.models import ResultaatType
from loket.platform.zgw.schema import load_schema

HERE = Path(__file__).resolve().parent.parent
OFFICIAL = Path("/work/shared/specs/zgw/catalogi-api-1.3.1.yaml")
CHECKS = [not_a_server_error, response_schema_conformance]
URL_LIST = {"type": "array", "items": {"type": "string", "format": "uri"}, "readOnly": True}


def _schema():
    spec = copy.deepcopy(load_schema(str(HERE / "openapi.yaml")))
    schemas = spec["components"]["schemas"]
    for name in ("ZaakType", "ZaakTypeCreate", "ZaakTypeUpdate"):
        schemas[name]["properties"]["informatieobjecttypen"] = dict(URL_LIST)
    schemas["InformatieObjectType"]["properties"]["zaaktypen"] = dict(URL_LIST)
    schemas["StatusType"]["properties"]["zaakobjecttype"]["nullable"] = True
    spec["servers"] = [{"url": "/catalogi/api/v1"}]
    loaded = schemathesis.openapi.from_dict(spec)
    # The coverage phase enumerates every boundary of every parameter (hundreds of requests per operation);
    # the spec's examples plus a few generated cases per operation keep the run under a minute.
    loaded.config.phases.update(phases=["examples", "fuzzing"])
    return loaded


schema = _schema()


def test_shipped_openapi_file_is_the_official_one():
    if not OFFICIAL.exists():
        pytest.skip("the shared specs are not available here")
    assert (HERE / "openapi.yaml").read_bytes() == OFFICIAL.read_bytes()


@pytest.fixture
def _keep_test_connection():
    """The WSGI handler closes the database connection after each request; the test's transaction lives on it."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db):
    from loket.cases.tests.conftest import build_world

    world = build_world()
    # the case-type builder may leave the selectielijst references empty; API clients always give them
    ResultaatType.objects.filter(zaaktype=world.zaaktype).update(
        selectielijstklasse="67348398-2263-4aab-823d-92ae5fe8129d", resultaattypeomschrijving="a6a0bd73-262a-401a-b629-9c4a908c69b5")
    return world


def _existing(world):
    """Per collection an object of the seeded catalogue, so detail operations also hit real rows."""
    zaaktype = world.zaaktype
    return {
        "catalogussen": world.catalogus, "zaaktypen": zaaktype, "statustypen": world.statuses[0],
        "roltypen": world.initiator_role, "resultaattypen": world.results["verleend"],
        "eigenschappen": zaaktype.eigenschappen.first(), "informatieobjecttypen": world.doc_type,
        "besluittypen": world.decision_type, "zaaktype-informatieobjecttypen": zaaktype.ziot.first(),
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
def test_catalogi_api_conforms_to_its_openapi_schema(case, world, zgw_auth, _keep_test_connection):
    from loket.wsgi import application

    collection = case.operation.path.strip("/").split("/")[0]
    existing = _existing(world).get(collection)
    if case.path_parameters and "uuid" in case.path_parameters and existing is not None and case.method != "DELETE":
        case.path_parameters["uuid"] = str(existing.uuid)
    case.call_and_validate(app=application, headers=zgw_auth.headers, checks=CHECKS)
