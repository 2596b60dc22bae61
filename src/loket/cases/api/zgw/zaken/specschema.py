"""Validate the free-form parts of the Zaken API (betrokkeneIdentificatie, objectIdentificatie, contactpersoonRol,
processobject, zaakgeometrie, ...) against the official schema itself, so what is stored always fits what the
spec promises to return."""

import copy
from functools import lru_cache
from pathlib import Path

import jsonschema
import yaml
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

SPEC = Path(__file__).parent / "openapi.yaml"


def _to_jsonschema(node):
    if isinstance(node, list):
        return [_to_jsonschema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _to_jsonschema(v) for k, v in node.items() if k not in ("discriminator", "externalDocs", "example")}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    node.pop("readOnly", None)
    return node


@lru_cache(maxsize=1)
def spec() -> dict:
    with open(SPEC, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def _components() -> dict:
    return {"components": {"schemas": _to_jsonschema(copy.deepcopy(spec()["components"]["schemas"]))}}


@lru_cache(maxsize=256)
def validator(name: str):
    schemas = _components()
    schema = dict(schemas["components"]["schemas"][name])
    schema["components"] = schemas["components"]
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())


def schema_of(schema_name: str, property_name: str) -> str | None:
    """The component name a property of a (allOf) schema refers to, e.g. the betrokkeneIdentificatie of
    ``natuurlijk_persoon_Rol``."""
    schema = spec()["components"]["schemas"].get(schema_name) or {}
    parts = schema.get("allOf", [schema])
    for part in parts:
        prop = (part.get("properties") or {}).get(property_name)
        if prop:
            ref = prop.get("$ref") or next((p.get("$ref") for p in prop.get("allOf", []) if p.get("$ref")), None)
            if ref:
                return ref.rsplit("/", 1)[-1]
    return None


def check(name: str | None, value, field: str):
    """Raise a ValidationError for ``field`` when ``value`` does not fit component ``name``."""
    if name is None or value is None:
        return value
    try:
        errors = sorted(validator(name).iter_errors(value), key=lambda e: list(e.path))
    except (jsonschema.exceptions.SchemaError, RecursionError):  # pragma: no cover - a spec we cannot use
        return value
    if errors:
        first = errors[0]
        where = ".".join(str(p) for p in first.path)
        raise serializers.ValidationError({field: [ErrorDetail(f"{where + ': ' if where else ''}{first.message}"[:500], code="invalid")]})
    return value
