import re
import uuid

from django.utils.translation import gettext

from .logging import request_id_var

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Take ``X-Request-ID`` from the proxy when it looks sane, else make one; echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class HealthCheckMiddleware:
    """Answer ``/health`` and ``/health/live`` before host validation.

    Load balancers and orchestrators probe instances by IP address, which is not
    in ``ALLOWED_HOSTS``; a probe must not get a 400 for that. Only these two
    paths skip the check, and they reveal nothing but up/down.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import health

        if request.path_info == "/health":
            return health.ready(request)
        if request.path_info == "/health/live":
            return health.live(request)
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """Answer 400 when the path or query string holds a NUL byte.

    PostgreSQL cannot store or compare text containing NUL, so a filter like
    ``?organisation=%00`` would otherwise end in a database error (a 500). Form
    and API fields already refuse NUL through their validators.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    #: The ZGW APIs decide themselves (loket.platform.zgw.views): their specs document a 400 for lists and
    #: writes only; a single resource with a NUL in its query is simply not found.
    ZGW_PREFIXES = ("/catalogi/api/", "/zaken/api/", "/documenten/api/", "/besluiten/api/", "/autorisaties/api/",
                    "/notificaties/api/")

    def __call__(self, request):
        if request.path.startswith(self.ZGW_PREFIXES):
            return self.get_response(request)
        if "\x00" in request.path or any("\x00" in key or "\x00" in value
                                         for key, values in request.GET.lists() for value in values):
            return bad_request_response(request, gettext("Het adres bevat een ongeldig teken (NUL)."))
        return self.get_response(request)


def bad_request_response(request, detail: str):
    """A 400 in the form the client expects: problem JSON for the APIs (``/api/``, ``/zaken/api/``,
    ...), the 400 page for people."""
    from django.http import JsonResponse
    from django.views.defaults import bad_request

    from .api import PROBLEM_CONTENT_TYPE, problem_document

    if "/api/" in request.path:
        document = problem_document(400, "invalid", detail, request.path)
        if not request.path.startswith("/api/"):  # the standard APIs (ZGW ValidatieFout needs code + invalidParams)
            document.setdefault("code", "invalid")
            document.setdefault("invalidParams", [{"name": "nonFieldErrors", "code": "invalid", "reason": detail}])
        return JsonResponse(document, status=400, content_type=PROBLEM_CONTENT_TYPE)
    return bad_request(request, exception=None)
