"""The ``.../{uuid}/audittrail`` endpoints of the Zaken, Documenten and Besluiten APIs.

Changes are recorded with :func:`loket.platform.audit.services.record_api_change`. To serve them::

    class ZaakAuditTrailViewSet(AuditTrailViewSet):
        zgw_api_version = "1.5.1"
        zgw_component = "zrc"
        parent_queryset = Zaak.objects.all()
        parent_lookup_kwarg = "zaak_uuid"
        zgw_type_path = "zaaktype"                      # on the parent
        zgw_vertrouwelijkheid_path = "vertrouwelijkheidaanduiding"

    # urls.py
    path("zaken/<uuid:zaak_uuid>/audittrail", ZaakAuditTrailViewSet.as_view({"get": "list"})),
    path("zaken/<uuid:zaak_uuid>/audittrail/<uuid:uuid>", ZaakAuditTrailViewSet.as_view({"get": "retrieve"})),

Both need scope ``audittrails.lezen`` and the parent object's type; the list is not paginated (spec) and is empty
for an unknown parent (the specs document no 404 there).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from rest_framework import mixins, serializers

from loket.platform.audit.models import ApiAuditTrail

from .permissions import _follow, check_new_object
from .views import ZGWViewSet


class AuditTrailSerializer(serializers.ModelSerializer):
    applicatieId = serializers.CharField(source="applicatie_id")
    applicatieWeergave = serializers.CharField(source="applicatie_weergave")
    gebruikersId = serializers.CharField(source="gebruikers_id")
    gebruikersWeergave = serializers.CharField(source="gebruikers_weergave")
    actieWeergave = serializers.CharField(source="actie_weergave")
    hoofdObject = serializers.CharField(source="hoofd_object")
    resourceUrl = serializers.CharField(source="resource_url")
    resourceWeergave = serializers.CharField(source="resource_weergave")
    wijzigingen = serializers.SerializerMethodField()

    class Meta:
        model = ApiAuditTrail
        fields = [
            "uuid", "bron", "applicatieId", "applicatieWeergave", "gebruikersId", "gebruikersWeergave", "actie",
            "actieWeergave", "resultaat", "hoofdObject", "resource", "resourceUrl", "toelichting", "resourceWeergave",
            "aanmaakdatum", "wijzigingen",
        ]

    def get_wijzigingen(self, obj) -> dict:
        return {"oud": obj.oud, "nieuw": obj.nieuw}


class AuditTrailViewSet(ZGWViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    serializer_class = AuditTrailSerializer
    pagination_class = None
    required_scopes = {"list": "audittrails.lezen", "retrieve": "audittrails.lezen"}
    parent_queryset = None
    parent_lookup_kwarg = ""

    def get_parent(self):
        try:
            parent = get_object_or_404(self.parent_queryset, uuid=self.kwargs[self.parent_lookup_kwarg])
        except DjangoValidationError:
            raise Http404 from None
        _scope = self.required_scopes.get(self.action)
        check_new_object(
            self.request, component=self.zgw_component, scope=_scope,
            type_obj=_follow(parent, self.zgw_type_path) if self.zgw_type_path else None,
            vertrouwelijkheid=_follow(parent, self.zgw_vertrouwelijkheid_path) if self.zgw_vertrouwelijkheid_path else None,
        )
        return parent

    def get_queryset(self):
        try:
            parent = self.get_parent()
        except Http404:
            if self.action == "list":  # the specs document no 404 for the list: an unknown object has no trail
                return ApiAuditTrail.objects.none()
            raise
        return ApiAuditTrail.objects.filter(hoofd_object_uuid=parent.uuid).order_by("aanmaakdatum", "pk")

    def filter_queryset(self, queryset):
        return queryset  # authorised through the parent

    def get_object(self):
        try:
            return get_object_or_404(self.get_queryset(), uuid=self.kwargs["uuid"])
        except DjangoValidationError:
            raise Http404 from None
