"""Notificaties API 1.0.0 (component ``nrc``): kanalen, abonnementen and receiving notifications.

Lists are plain arrays (the standard pages nothing here). An application sees and changes the abonnementen
it registered itself (one of its client ids); one with ``heeftAlleAutorisaties`` sees all of them, with the
auth header of other applications masked.
"""

from django.db import transaction
from rest_framework import mixins, status
from rest_framework.response import Response

from loket.platform.zgw.views import ZGWViewSet

from ... import services
from ...exceptions import NotificationError
from ...models import Kanaal
from .serializers import (
    AbonnementSerializer,
    KanaalSerializer,
    MessageSerializer,
    abonnement_queryset,
)

SCOPES_READ = {"notificaties.consumeren", "notificaties.publiceren"}


def _client_id(request) -> str:
    return getattr(getattr(request, "auth", None), "client_id", "") or ""


def own_client_ids(request) -> list[str]:
    """The client ids of the calling application (all of them: an abonnement belongs to the application)."""
    auth = getattr(request, "auth", None)
    applicatie = getattr(auth, "applicatie", None)
    ids = list(getattr(applicatie, "client_ids", None) or [])
    if getattr(auth, "client_id", ""):
        ids.append(auth.client_id)
    return ids


def _organisation(request):
    return getattr(getattr(request, "auth", None), "organisation", None)


class NotificatiesViewSet(ZGWViewSet):
    zgw_api_version = "1.0.0"
    zgw_component = "nrc"
    zgw_domain_errors = (NotificationError,)
    pagination_class = None


class KanaalViewSet(NotificatiesViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin):
    required_scopes = {"list": SCOPES_READ, "retrieve": SCOPES_READ, "create": "notificaties.publiceren"}
    serializer_class = KanaalSerializer

    def get_queryset(self):
        queryset = Kanaal.objects.order_by("naam")
        naam = self.request.query_params.get("naam")
        if self.action == "list" and naam is not None:
            queryset = queryset.filter(naam=naam)
        return queryset

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.create_kanaal(
            naam=data["naam"], documentatie_link=data.get("documentatie_link", ""), filters=data.get("filters"),
        )


class AbonnementViewSet(NotificatiesViewSet, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin):
    required_scopes = {
        "list": SCOPES_READ, "retrieve": SCOPES_READ, "create": "notificaties.consumeren",
        "update": "notificaties.consumeren", "partial_update": "notificaties.consumeren",
        "destroy": "notificaties.consumeren",
    }
    serializer_class = AbonnementSerializer

    def get_queryset(self):
        queryset = abonnement_queryset()
        auth = getattr(self.request, "auth", None)
        if auth is not None and not getattr(auth, "heeft_alle_autorisaties", False):
            queryset = queryset.filter(client_id__in=own_client_ids(self.request))
        return queryset

    @staticmethod
    def _kanalen(data):
        if "filter_groups" not in data:
            return None
        return [{"naam": group.get("naam"), "filters": group.get("filters") or {}}
                for group in data["filter_groups"]["all"]]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.create_abonnement(
            callback_url=data["callback_url"], auth=data["auth"], kanalen=self._kanalen(data),
            client_id=_client_id(self.request), organisation=_organisation(self.request),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.update_abonnement(
            abonnement=serializer.instance, callback_url=data.get("callback_url"), auth=data.get("auth"),
            kanalen=self._kanalen(data),
        )
        serializer.instance = abonnement_queryset().get(pk=serializer.instance.pk)

    def perform_destroy(self, instance):
        services.delete_abonnement(abonnement=instance)


class NotificatieViewSet(NotificatiesViewSet, mixins.CreateModelMixin):
    required_scopes = {"create": "notificaties.publiceren"}
    serializer_class = MessageSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with transaction.atomic():
            services.receive(
                kanaal=data["kanaal"], hoofd_object=data["hoofdObject"], resource=data["resource"],
                resource_url=data["resourceUrl"], actie=data["actie"], kenmerken=data.get("kenmerken") or {},
                aanmaakdatum=data["aanmaakdatum"], client_id=_client_id(request), organisation=_organisation(request),
            )
        return Response(serializer.data, status=status.HTTP_200_OK)
