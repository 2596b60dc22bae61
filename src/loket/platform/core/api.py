"""Problem details (RFC 7807 / RFC 9457) for every error of Loket's own APIs.

Standard APIs with their own error format (ZGW's ``Fout``) install their own
handler on their views; everything else answers ``application/problem+json``.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


_TITLES = {
    status.HTTP_400_BAD_REQUEST: gettext_lazy("Ongeldige invoer"),
    status.HTTP_401_UNAUTHORIZED: gettext_lazy("Niet geauthenticeerd"),
    status.HTTP_403_FORBIDDEN: gettext_lazy("Geen toegang"),
    status.HTTP_404_NOT_FOUND: gettext_lazy("Niet gevonden"),
    status.HTTP_405_METHOD_NOT_ALLOWED: gettext_lazy("Methode niet toegestaan"),
    status.HTTP_429_TOO_MANY_REQUESTS: gettext_lazy("Te veel verzoeken"),
}


def problem_document(status_code: int, code: str, detail: str, instance: str | None,
                     fallback_title: str = "Error") -> dict:
    """The body of a problem-details answer; the one shape every Loket error takes."""
    return {
        "type": f"urn:loket:problem:{code}",
        "title": str(_TITLES.get(status_code, fallback_title)),
        "status": status_code,
        "instance": instance,
        "detail": detail,
    }


def _invalid_params(detail, prefix=""):
    """Flatten DRF's nested validation errors to RFC 7807 ``invalid-params``."""
    if isinstance(detail, dict):
        for field, value in detail.items():
            name = f"{prefix}.{field}" if prefix else str(field)
            yield from _invalid_params(value, name)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                yield from _invalid_params(value, f"{prefix}.{index}" if prefix else str(index))
            else:
                yield {"name": prefix or "nonFieldErrors", "code": getattr(value, "code", "invalid"), "reason": str(value)}
    else:
        yield {"name": prefix or "nonFieldErrors", "code": getattr(detail, "code", "invalid"), "reason": str(detail)}


def problem_exception_handler(exc, context):
    # As DRF's own handler does, so that the problem type names the error (not_found, permission_denied).
    # Django's own message names the model in English ("No Organisation matches ..."): use DRF's
    # translated default instead.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # unexpected errors become a logged 500 by Django
    request = context.get("request")
    problem = problem_document(
        response.status_code, getattr(exc, "default_code", "error"), str(getattr(exc, "detail", exc)),
        request.get_full_path() if request else None,
        fallback_title=str(getattr(exc, "default_detail", "Error")),
    )
    if isinstance(exc, exceptions.ValidationError):
        problem["detail"] = _("Een of meer velden zijn ongeldig.")
        problem["invalid-params"] = list(_invalid_params(exc.detail))
    headers = {k: v for k, v in response.items() if k.lower() in ("www-authenticate", "retry-after", "allow")}
    return Response(problem, status=response.status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)
