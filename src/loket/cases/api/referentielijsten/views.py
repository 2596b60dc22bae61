"""Referentielijsten & Selectielijst API (read-only, no authorisation, as the standard says) over the shipped data.

Loket's own references point at this API unless ``LOKET_REFERENTIELIJSTEN_API_URL`` names an external one
(see loket.cases.referentielijsten). The list answers follow VNG's own API: arrays for procestypen and
resultaattypeomschrijvingen, ``{count, next, previous, results}`` pages of 100 for resultaten.
"""

from urllib.parse import urlsplit
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from loket.cases import referentielijsten
from loket.platform.zgw.exceptions import zgw_exception_handler
from loket.platform.zgw.views import reject_repeated_query_params

PAGE_SIZE = 100
API_VERSION = "1.0.0"


def api_root(request) -> str:
    """The absolute URL of this API (…/referentielijsten/api/v1), from the current request."""
    path = request.path
    marker = "/referentielijsten/api/v1"
    base = path[: path.index(marker) + len(marker)] if marker in path else marker
    return request.build_absolute_uri(base)


def _uuid(value) -> str | None:
    """The UUID a URL (or a bare UUID) ends with, or None."""
    tail = urlsplit(str(value)).path.rstrip("/").rsplit("/", 1)[-1]
    try:
        return str(UUID(tail))
    except ValueError:
        return None


def _exception_handler(exc, context):
    """The ZGW Fout/ValidatieFout bodies, as ``application/json``: this standard documents no problem+json."""
    response = zgw_exception_handler(exc, context)
    if response is not None:
        response.content_type = "application/json"
    return response


class ReferentielijstView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    collection = ""

    def get_exception_handler(self):
        return _exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        reject_repeated_query_params(request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-version"] = API_VERSION
        return response

    def represent(self, row: dict) -> dict:
        root = api_root(self.request)
        data = dict(row)
        data["url"] = f"{root}/{self.collection}/{row['url']}"
        if "procesType" in data:
            data["procesType"] = f"{root}/procestypen/{row['procesType']}"
        return data

    def find(self, uuid: str) -> dict:
        row = referentielijsten.shipped_one(self.collection, _uuid(uuid) or "")
        if row is None:
            raise exceptions.NotFound(_("Niet gevonden."))
        return row


class ProcesTypeList(ReferentielijstView):
    collection = "procestypen"

    def get(self, request):
        rows = referentielijsten.shipped(self.collection)
        jaar = request.query_params.get("jaar")
        if jaar not in (None, ""):  # a string filter in the standard: "twintig" simply matches no year
            rows = [row for row in rows if str(row.get("jaar")) == jaar.strip()]
        return Response([self.represent(row) for row in rows])


class ProcesTypeDetail(ReferentielijstView):
    collection = "procestypen"

    def get(self, request, uuid):
        return Response(self.represent(self.find(uuid)))


class ResultaatList(ReferentielijstView):
    collection = "resultaten"

    def get(self, request):
        rows = referentielijsten.shipped(self.collection)
        proces_type = request.query_params.get("procesType") or request.query_params.get("proces_type")
        if proces_type:
            wanted = _uuid(proces_type)  # a string filter in the standard: no procestype URL matches nothing
            rows = [row for row in rows if row["procesType"] == wanted]
        page = request.query_params.get("page", "1")  # an empty ?page= is no page either
        try:
            number = int(page)
        except ValueError:
            number = 0
        if number < 1 or (number > 1 and (number - 1) * PAGE_SIZE >= len(rows)):
            raise exceptions.NotFound(_("Ongeldige pagina."))
        chunk = rows[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
        url = request.build_absolute_uri()
        return Response({
            "count": len(rows),
            "next": replace_query_param(url, "page", number + 1) if number * PAGE_SIZE < len(rows) else None,
            "previous": replace_query_param(url, "page", number - 1) if number > 1 else None,
            "results": [self.represent(row) for row in chunk],
        })


class ResultaatDetail(ReferentielijstView):
    collection = "resultaten"

    def get(self, request, uuid):
        return Response(self.represent(self.find(uuid)))


class ResultaattypeOmschrijvingList(ReferentielijstView):
    collection = "resultaattypeomschrijvingen"

    def get(self, request):
        return Response([self.represent(row) for row in referentielijsten.shipped(self.collection)])


class ResultaattypeOmschrijvingDetail(ReferentielijstView):
    collection = "resultaattypeomschrijvingen"

    def get(self, request, uuid):
        return Response(self.represent(self.find(uuid)))


class Health(ReferentielijstView):
    def get(self, request):
        return Response({"healthy": True, "time": timezone.now().isoformat()})
