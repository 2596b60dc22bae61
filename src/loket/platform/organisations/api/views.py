"""Public, read-only platform API: who we are and where residents can find us (no personal data)."""

from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from ..models import Location, Organisation
from .serializers import LocationSerializer, OrganisationSerializer


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = OrganisationSerializer
    lookup_field = "slug"
    queryset = (
        Organisation.objects.filter(is_active=True)
        .select_related("parent")
        .prefetch_related("partners", "department_set")
    )


class LocationViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = LocationSerializer
    queryset = (
        Location.objects.filter(organisation__is_active=True)
        .select_related("organisation")
        .prefetch_related("opening_hours", "departments")
        .order_by("pk")
    )

    def get_queryset(self):
        queryset = super().get_queryset()
        organisation = self.request.query_params.get("organisation")
        return queryset.filter(organisation__slug=organisation) if organisation else queryset
