"""The ZGW error format: ``Fout`` (problem JSON) and ``ValidatieFout`` (with ``invalidParams``).

Install on a view with ``get_exception_handler`` (ZGWViewMixin does). Codes follow vng-api-common:
``invalid`` for validation, ``not_authenticated``, ``permission_denied``, ``not_found``,
``method_not_allowed``, ``not_acceptable``, ``unsupported_media_type``, ``precondition_failed``,
``parse_error``, ``throttled``. Field errors keep the serializer's code (``required``, ``bad-url``,
``invalid-resource``, ``unique``, ...).

Domain exceptions listed in the view's ``zgw_domain_errors`` become a ValidatieFout; they may carry
``field`` (a model field name is camelized: verantwoordelijke_organisatie -> verantwoordelijkeOrganisatie) and
``code`` attributes, or ``errors``: a list of (field, message, code) to report several at once.
"""

import uuid

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Precondition failed."
    default_code = "precondition_failed"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"


def validation_error(field: str, message: str, code: str = "invalid") -> exceptions.ValidationError:
    """A ValidatieFout for one field: ``raise validation_error("zaaktype", _("..."), "bad-url")``."""
    return exceptions.ValidationError({field: [ErrorDetail(str(message), code=code)]})


def _invalid_params(detail, prefix=""):
    if isinstance(detail, dict):
        for field, value in detail.items():
            name = "nonFieldErrors" if field in ("non_field_errors", "__all__") else str(field)
            yield from _invalid_params(value, f"{prefix}.{name}" if prefix else name)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                yield from _invalid_params(value, f"{prefix}.{index}" if prefix else str(index))
            else:
                yield {"name": prefix or "nonFieldErrors", "code": getattr(value, "code", None) or "invalid",
                       "reason": str(value) or "invalid"}
    else:
        yield {"name": prefix or "nonFieldErrors", "code": getattr(detail, "code", None) or "invalid",
               "reason": str(detail) or "invalid"}


def _type_uri(request, exc) -> str:
    name = exc.__class__.__name__
    if request is None:
        return f"urn:loket:fout:{name}"
    return request.build_absolute_uri(f"/ref/fouten/{name}/")


def fout(request, exc, status_code: int, code: str, title: str, detail: str) -> dict:
    return {
        "type": _type_uri(request, exc),
        "code": code or "error",
        "title": title or "Error",
        "status": status_code,
        "detail": detail or title or "Error",
        "instance": f"urn:uuid:{uuid.uuid4()}",
    }


def camelize(name: str) -> str:
    """``verantwoordelijke_organisatie`` -> ``verantwoordelijkeOrganisatie`` (ZGW field names); dots kept."""
    return ".".join(
        part if "_" not in part else part.split("_")[0] + "".join(w[:1].upper() + w[1:] for w in part.split("_")[1:])
        for part in name.split(".")
    )


def _domain_to_validation(exc):
    """A domain exception as a ValidatieFout; its ``field`` (model name) becomes the API's camelCase name."""
    errors = getattr(exc, "errors", None) or [(getattr(exc, "field", None), str(exc), getattr(exc, "code", None))]
    detail = {}
    for field, message, code in errors:  # an exception may report several broken rules at once
        detail.setdefault(camelize(field or "nonFieldErrors"), []).append(ErrorDetail(str(message), code=code or "invalid"))
    return exceptions.ValidationError(detail)


def zgw_exception_handler(exc, context):
    view = context.get("view")
    request = context.get("request")
    domain_errors = tuple(getattr(view, "zgw_domain_errors", ()))
    if domain_errors and isinstance(exc, domain_errors):
        exc = _domain_to_validation(exc)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"nonFieldErrors": exc.messages})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django logs it and answers 500
    if isinstance(exc, exceptions.ValidationError):
        body = fout(request, exc, response.status_code, "invalid", str(_("Ongeldige invoer.")),
                    str(_("Een of meer velden zijn ongeldig.")))
        body["invalidParams"] = list(_invalid_params(exc.detail))
    elif response.status_code == 400:
        # Every 400 of the specs is a ValidatieFout (with invalidParams), also unreadable JSON.
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = detail.code if isinstance(detail, ErrorDetail) else getattr(exc, "default_code", "invalid")
        body = fout(request, exc, 400, code, str(getattr(exc, "default_detail", "")), str(detail))
        body["invalidParams"] = [{"name": "nonFieldErrors", "code": code or "invalid", "reason": str(detail) or "invalid"}]
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = detail.code if isinstance(detail, ErrorDetail) else getattr(exc, "default_code", "error")
        body = fout(request, exc, response.status_code, code, str(getattr(exc, "default_detail", "")), str(detail))
    headers = {k: v for k, v in response.items() if k.lower() in ("www-authenticate", "retry-after", "allow")}
    return Response(body, status=response.status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)
