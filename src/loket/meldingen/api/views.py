"""Loket's own meldingen API: classification of a text for other channels (contact centre, apps, chat)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services


class ClassifyRequestSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=services.MAX_TEXT, trim_whitespace=True,
        error_messages={"blank": _("Geef een tekst om te classificeren."), "required": _("Geef een tekst om te classificeren."),
                        "max_length": _("De tekst mag hoogstens %(max)s tekens hebben.") % {"max": services.MAX_TEXT}},
    )
    limit = serializers.IntegerField(min_value=1, max_value=100, default=5)


class RankedSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="De slug van de categorie in de taxonomie.")
    name = serializers.CharField()
    confidence = serializers.FloatField()


class ClassifyResponseSerializer(serializers.Serializer):
    main = RankedSerializer(many=True)
    sub = RankedSerializer(many=True)


class ClassifyView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []  # public, like the resident form's suggestions: no session, so no CSRF

    @extend_schema(
        operation_id="meldingen_classify", summary="Stel een categorie voor bij een meldingstekst",
        description="Hoofd- en subcategorieën, beste eerst, met namen zoals in de taxonomie en een zekerheid tussen 0 "
                    "en 1. Voor de organisatie van de site (of ?organisation=<slug>).",
        request=ClassifyRequestSerializer, responses=ClassifyResponseSerializer,
    )
    def post(self, request):
        data = ClassifyRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = None
        slug = request.query_params.get("organisation")
        if slug:
            from loket.platform.organisations.models import Organisation

            organisation = Organisation.objects.filter(slug=slug, is_active=True).first()
        elif getattr(request, "organisation", None):
            organisation = request.organisation
        result = services.classify_text(data.validated_data["text"], organisation)
        if result is None:
            return Response({"type": "urn:loket:problem:unavailable", "title": "Niet beschikbaar", "status": 503,
                             "detail": str(_("De classificatie is even niet beschikbaar.")), "instance": request.path},
                            status=status.HTTP_503_SERVICE_UNAVAILABLE, content_type="application/problem+json")
        limit = data.validated_data["limit"]
        return Response({
            level: [{"id": r.slug, "name": r.name, "confidence": round(float(r.confidence), 4)} for r in ranked[:limit]]
            for level, ranked in (("main", result.main), ("sub", result.sub))
        })
