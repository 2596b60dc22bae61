from django.contrib import admin

from .models import ApiAuditTrail, AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log can be searched, never edited."""

    list_display = ["timestamp", "actor_display", "action", "subject_display", "reason", "organisation"]
    list_filter = ["action", "organisation", "subject_type"]
    search_fields = ["actor_display", "subject_display", "reason", "subject_id"]
    date_hierarchy = "timestamp"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiAuditTrail)
class ApiAuditTrailAdmin(admin.ModelAdmin):
    """Read-only: changes through the ZGW APIs."""

    list_display = ["aanmaakdatum", "bron", "applicatie_weergave", "actie", "resource", "resource_weergave", "resultaat"]
    list_filter = ["bron", "actie", "resource"]
    search_fields = ["applicatie_weergave", "gebruikers_weergave", "resource_weergave", "hoofd_object"]
    date_hierarchy = "aanmaakdatum"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
