"""Functional administrators manage the taxonomy, routing rules, settings and Open311 clients here. Meldingen
themselves are handled in the staff workspace (/werkplek/meldingen/), through the services; here they are read-only."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from . import models, services


@admin.register(models.Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "organisation", "deadline_days", "deadline_working_days", "is_public", "is_active"]
    list_filter = ["organisation", "is_public", "is_active", "deadline_working_days"]
    search_fields = ["name", "slug"]
    list_select_related = ["parent", "organisation"]
    autocomplete_fields = ["parent"]
    fields = ["organisation", "parent", "slug", "name", "description", "department", "deadline_days",
              "deadline_working_days", "handling_message", "status_texts", "extra_questions", "is_public", "is_active"]


@admin.register(models.RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "organisation", "department", "partner", "is_active"]
    list_display_links = ["name"]
    list_filter = ["organisation", "is_active"]
    filter_horizontal = ["categories"]


@admin.register(models.MeldingSettings)
class MeldingSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "duplicate_radius_m", "duplicate_age_days", "triage_threshold"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services._SETTINGS_CACHE.pop(obj.organisation_id, None)


@admin.register(models.Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "key_prefix", "is_active", "created_at"]
    fields = ["organisation", "name", "is_active", "key_prefix"]
    readonly_fields = ["key_prefix"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        client, key = services.create_api_client(organisation=obj.organisation, name=obj.name)
        obj.pk, obj.key_hash, obj.key_prefix = client.pk, client.key_hash, client.key_prefix
        messages.warning(request, _("De API-sleutel (nu één keer getoond, bewaar hem): %(key)s") % {"key": key})


@admin.register(models.Melding)
class MeldingAdmin(admin.ModelAdmin):
    list_display = ["pk", "zaak", "category", "state", "organisation", "created_at"]
    list_filter = ["organisation", "state", "channel", "needs_triage"]
    list_select_related = ["zaak", "category", "organisation"]
    fields = ["organisation", "zaak", "category", "main_category", "state", "latitude", "longitude", "address",
              "channel", "created_at", "closed_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
