from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Channel, Product


class SearchQuerySerializer(serializers.Serializer):
    """The query string of a search. Odd input is tolerated: it is cleaned, never refused."""

    q = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, default="",
                              help_text="Wat de inwoner typt; wordt opgeschoond en ingekort tot 200 tekens.")
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50, default=10)
    organisation = serializers.SlugField(required=False, help_text="Catalogus van deze organisatie (slug); "
                                         "standaard die van de website.")


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    name = serializers.CharField()
    short_description = serializers.CharField()
    upl_uri = serializers.CharField(allow_null=True)
    url = serializers.CharField(help_text="Productpagina voor inwoners.")
    api_url = serializers.CharField()
    external_url = serializers.CharField(allow_blank=True)
    score = serializers.FloatField()


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    suggestion = serializers.CharField(allow_null=True, help_text="'Bedoelde u': de verbeterde zoekvraag.")
    count = serializers.IntegerField()
    results = SearchHitSerializer(many=True)


class ChannelSerializer(serializers.ModelSerializer):
    location = serializers.CharField(source="location_name")

    class Meta:
        model = Channel
        fields = ["kind", "login", "location", "duration_minutes", "availability", "handling_time", "url", "note"]


class ProductSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    department = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    channels = ChannelSerializer(many=True, read_only=True)
    related = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = ["id", "key", "name", "upl_uri", "upl_name", "url", "organisation", "department", "partners",
                  "type", "themes", "audiences", "life_events", "business_events", "short_description",
                  "description", "conditions", "evidence", "procedure", "costs", "cost_explanation", "lead_time",
                  "lead_time_days", "deadline", "legal_basis", "competent_authority", "competent_level",
                  "executing_level", "contact_points", "keywords", "sdg_codes", "external_url", "channels",
                  "related", "valid_from", "valid_until", "published_at", "updated_at"]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_related(self, product):
        return [{"id": p.pk, "key": p.key, "name": p.name} for p in self.context.get("related", [])]

    def get_url(self, product) -> str:
        request = self.context.get("request")
        path = f"/producten/{product.key}/"
        return request.build_absolute_uri(path) if request else path
