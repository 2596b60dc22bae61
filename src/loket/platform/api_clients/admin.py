"""Applications in the admin: read and search; create and change them with `loket api-client` or the Autorisaties API
(both enforce the Autorisaties rules and publish the change; the admin would bypass them)."""

from django.contrib import admin

from .models import Applicatie, Autorisatie, ClientCredential


class AutorisatieInline(admin.TabularInline):
    model = Autorisatie
    extra = 0
    can_delete = False
    fields = ["component", "scopes", "zaaktype", "informatieobjecttype", "besluittype", "max_vertrouwelijkheidaanduiding"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Applicatie)
class ApplicatieAdmin(admin.ModelAdmin):
    list_display = ["label", "client_ids", "organisation", "heeft_alle_autorisaties", "updated_at"]
    list_filter = ["organisation", "heeft_alle_autorisaties"]
    search_fields = ["label", "client_ids"]
    readonly_fields = ["uuid", "label", "client_ids", "organisation", "heeft_alle_autorisaties", "created_at", "updated_at"]
    inlines = [AutorisatieInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ClientCredential)
class ClientCredentialAdmin(admin.ModelAdmin):
    """Which client ids have a secret; never the secret itself."""

    list_display = ["client_id", "created_at"]
    search_fields = ["client_id"]
    fields = ["client_id", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
