"""Administrators see what was published, what reached whom, and can send deliveries again."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Abonnement, Delivery, DeliveryState, FilterGroup, Kanaal, Notification


@admin.register(Kanaal)
class KanaalAdmin(admin.ModelAdmin):
    list_display = ["naam", "filters", "documentatie_link"]
    search_fields = ["naam"]
    readonly_fields = ["uuid"]


class FilterGroupInline(admin.TabularInline):
    model = FilterGroup
    extra = 0


@admin.register(Abonnement)
class AbonnementAdmin(admin.ModelAdmin):
    list_display = ["callback_url", "client_id", "organisation", "is_active", "kanalen", "pending", "failed",
                    "created_at"]
    list_filter = ["is_active", "filter_groups__kanaal", "organisation"]
    search_fields = ["callback_url", "client_id"]
    readonly_fields = ["uuid", "created_at"]
    inlines = [FilterGroupInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            pending_count=Count("deliveries", filter=Q(deliveries__state=DeliveryState.PENDING)),
            failed_count=Count("deliveries", filter=Q(deliveries__state=DeliveryState.FAILED)),
        ).prefetch_related("filter_groups__kanaal")

    @admin.display(description=_("kanalen"))
    def kanalen(self, obj):
        return ", ".join(group.kanaal.naam for group in obj.filter_groups.all())

    @admin.display(description=_("te versturen"), ordering="pending_count")
    def pending(self, obj):
        return obj.pending_count

    @admin.display(description=_("opgegeven"), ordering="failed_count")
    def failed(self, obj):
        return obj.failed_count


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ["abonnement", "state", "attempts", "next_attempt_at", "last_status_code", "last_error", "delivered_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kanaal", "resource", "actie", "resource_url", "fanned_out_at", "organisation"]
    list_filter = ["kanaal", "actie", "resource", ("fanned_out_at", admin.EmptyFieldListFilter), "organisation"]
    search_fields = ["resource_url", "hoofd_object", "uuid"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Notification._meta.fields]
    inlines = [DeliveryInline]
    show_full_result_count = False  # the outbox grows large: no exact COUNT(*) on every page

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "notification", "abonnement", "state", "attempts", "next_attempt_at",
                    "last_status_code", "last_error_short", "delivered_at"]
    list_filter = ["state", "notification__kanaal", "abonnement", "last_status_code"]
    search_fields = ["abonnement__callback_url", "notification__resource_url", "last_error"]
    list_select_related = ["notification__kanaal", "abonnement"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Delivery._meta.fields]
    actions = ["resend"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("laatste fout"))
    def last_error_short(self, obj):
        return obj.last_error[:80]

    @admin.action(description=_("Opnieuw versturen"), permissions=["change"])
    def resend(self, request, queryset):
        count = services.resend(deliveries=queryset)
        self.message_user(
            request,
            ngettext("%(count)d aflevering wordt opnieuw verstuurd.", "%(count)d afleveringen worden opnieuw verstuurd.",
                     count) % {"count": count},
            messages.SUCCESS,
        )
