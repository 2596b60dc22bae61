"""Serve an API's official OpenAPI file at ``schema/openapi.yaml`` (optionally with Loket extension paths merged in).

In an API's urls.py::

    from loket.platform.zgw.schema import schema_view
    path("schema/openapi.yaml", schema_view(Path(__file__).parent / "openapi.yaml"), name="schema"),
    # with Loket extensions (an OpenAPI fragment with "paths" and "components"):
    schema_view(Path(__file__).parent / "openapi.yaml", extensions=Path(__file__).parent / "loket-extensions.yaml")

``servers`` is set to the URL the schema is served under, so generated clients call this installation.
The file is parsed and rendered once per process.
"""

from functools import lru_cache
from pathlib import Path

import yaml
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET


@lru_cache(maxsize=16)
def load_schema(path: str, extensions: str | None = None) -> dict:
    with open(path, encoding="utf-8") as handle:
        schema = yaml.safe_load(handle)
    if extensions:
        with open(extensions, encoding="utf-8") as handle:
            extra = yaml.safe_load(handle) or {}
        schema.setdefault("paths", {}).update(extra.get("paths", {}))
        for section, items in (extra.get("components") or {}).items():
            schema.setdefault("components", {}).setdefault(section, {}).update(items)
        if extra.get("tags"):
            schema.setdefault("tags", []).extend(extra["tags"])
    return schema


@lru_cache(maxsize=64)
def _render(path: str, extensions: str | None, base_url: str) -> str:
    schema = dict(load_schema(path, extensions))
    schema["servers"] = [{"url": base_url}]
    return yaml.safe_dump(schema, sort_keys=False, allow_unicode=True)


def schema_view(path: Path | str, extensions: Path | str | None = None):
    path, extensions = str(path), (str(extensions) if extensions else None)

    @require_GET
    def view(request):
        base_url = request.build_absolute_uri(request.path.rsplit("schema/", 1)[0]).rstrip("/")
        if request.GET.get("format") == "json" or "json" in request.headers.get("Accept", "").split(",")[0]:
            schema = dict(load_schema(path, extensions))
            schema["servers"] = [{"url": base_url}]
            return JsonResponse(schema)
        return HttpResponse(_render(path, extensions, base_url), content_type="application/vnd.oai.openapi; charset=utf-8")

    return view
