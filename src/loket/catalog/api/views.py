"""Public catalog API: the same search as the resident site and the contact centre."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from loket.platform.organisations.models import Organisation

from .. import selectors, services
from .serializers import ProductSerializer, SearchQuerySerializer, SearchResponseSerializer


def _organisation(request, slug: str | None):
    if slug:
        organisation = Organisation.objects.filter(slug=slug, is_active=True).first()
        if organisation is None:
            raise exceptions.NotFound()
        return organisation
    return request.organisation or None


class SearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="catalog_search",
        summary="Zoek producten en diensten",
        description="Gerangschikte producten voor wat een inwoner typt: Nederlandse stamvormen, zonder accenten, "
                    "tolerant voor tikfouten, met synoniemen. Lege of vreemde invoer geeft een lege lijst.",
        parameters=[SearchQuerySerializer],
        responses=SearchResponseSerializer,
    )
    def get(self, request):
        params = {key: request.query_params.get(key) for key in ("q", "limit", "organisation")
                  if request.query_params.get(key) is not None}
        query = SearchQuerySerializer(data=params)
        query.is_valid(raise_exception=True)
        organisation = _organisation(request, query.validated_data.get("organisation"))
        result = selectors.search(organisation=organisation, query=query.validated_data["q"],
                                  limit=query.validated_data["limit"])
        if result.query:
            services.record_search(organisation=organisation, query=result.query, result_count=len(result.hits))
        return Response({
            "query": result.query, "suggestion": result.suggestion, "count": len(result.hits),
            "results": [{
                "id": hit.id, "key": hit.key, "name": hit.name, "short_description": hit.short_description,
                "upl_uri": hit.upl_uri, "url": request.build_absolute_uri(f"/producten/{hit.key}/"),
                "api_url": request.build_absolute_uri(reverse("catalog-api-product", args=[hit.id])),
                "external_url": hit.external_url, "score": hit.score,
            } for hit in result.hits],
        })


class ProductView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(operation_id="catalog_product", summary="Eén product of dienst", responses=ProductSerializer)
    def get(self, request, pk: int):
        product = (selectors.visible_products(None).filter(pk=pk)
                   .select_related("organisation", "department").prefetch_related("channels", "partners").first())
        if product is None:
            raise exceptions.NotFound()
        related = list(selectors.related_products(product, None))
        return Response(ProductSerializer(product, context={"request": request, "related": related}).data)
