from django.contrib import admin

from .models import AuditEntry


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
