"""Autorisaties API 1.0.0: applicaties with their autorisaties (component ``ac``)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from loket.platform.zgw.views import ZGWViewSet

from ...models import Applicatie, Autorisatie
from ...services import ApplicationError, create_application, delete_application, update_application
from .serializers import ApplicatieSerializer


class ClientIdsFilter(serializers.Serializer):
    clientIds = serializers.CharField(required=False)


class ApplicatieViewSet(ZGWViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    zgw_api_version = "1.0.0"
    zgw_component = "ac"
    required_scopes = {
        "list": "autorisaties.lezen", "retrieve": "autorisaties.lezen", "consumer": "autorisaties.lezen",
        "create": "autorisaties.bijwerken", "update": "autorisaties.bijwerken",
        "partial_update": "autorisaties.bijwerken", "destroy": "autorisaties.bijwerken",
    }
    zgw_domain_errors = (ApplicationError,)
    serializer_class = ApplicatieSerializer

    def get_queryset(self):
        return (
            Applicatie.objects.filter(organisation=self.request.auth.organisation)
            .prefetch_related(Prefetch("autorisaties", queryset=Autorisatie.objects.order_by("pk")))
            .order_by("pk")
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list":
            raw = self.request.query_params.get("clientIds")
            if raw is not None:
                ids = [v.strip() for v in raw.split(",") if v.strip()]
                queryset = queryset.filter(client_ids__overlap=ids) if ids else queryset.none()
        return queryset

    @action(detail=False, methods=["get"])
    def consumer(self, request):
        client_id = request.query_params.get("clientId", "")
        applicatie = self.get_queryset().filter(client_ids__contains=[client_id]).first() if client_id else None
        if applicatie is None:
            from rest_framework.exceptions import NotFound

            raise NotFound(_("Geen applicatie met deze clientId."))
        return Response(self.get_serializer(applicatie).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        applicatie = create_application(
            organisation=request.auth.organisation, label=data["label"], client_ids=data["client_ids"],
            heeft_alle_autorisaties=data.get("heeft_alle_autorisaties", False),
            autorisaties=ApplicatieSerializer.specs(data.get("autorisaties", [])), request=request,
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=applicatie.pk)).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        autorisaties = data.get("autorisaties")
        update_application(
            applicatie=instance, label=data.get("label"), client_ids=data.get("client_ids"),
            heeft_alle_autorisaties=data.get("heeft_alle_autorisaties") if (not partial or "heeftAlleAutorisaties" in request.data) else None,
            autorisaties=ApplicatieSerializer.specs(autorisaties) if autorisaties is not None else ([] if not partial else None),
            request=request, actie="partial_update" if partial else "update",
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=instance.pk)).data)

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        delete_application(applicatie=self.get_object(), request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
