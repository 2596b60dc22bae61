from django.contrib import admin

from loket.platform.audit import services as audit
from loket.platform.audit.models import AuditAction

from .models import (
    Actor,
    ContactMoment,
    DigitalAddress,
    Establishment,
    InternalTask,
    KnowledgeArticle,
    Party,
    PartyMerge,
    PartyMergeCandidate,
    Representation,
)


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    """Opening a party here is an access to personal data, so it is logged like any other."""

    list_display = ["display_name", "kind", "postal_code", "city", "is_active", "organisation"]
    list_filter = ["kind", "is_active", "organisation"]
    search_fields = ["last_name", "first_name", "business_name", "business_number", "email"]
    exclude = ["national_number_encrypted", "national_number_index", "search_name", "search_address"]
    raw_id_fields = ["merged_into", "preferred_digital_address"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        party = self.get_object(request, object_id)
        if party is not None:
            action = AuditAction.UPDATE if request.method == "POST" else AuditAction.VIEW
            audit.record(actor=request.user, action=action, subject=party, request=request,
                         reason="Geopend in het beheerscherm", organisation=party.organisation)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(DigitalAddress)
class DigitalAddressAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "party", "is_default", "verified_at"]
    list_filter = ["kind", "organisation"]
    raw_id_fields = ["party"]


@admin.register(Representation)
class RepresentationAdmin(admin.ModelAdmin):
    list_display = ["representative", "represented", "reason", "valid_from", "valid_until"]
    list_filter = ["reason", "organisation"]
    raw_id_fields = ["representative", "represented", "created_by"]


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ["name", "business", "establishment_number", "city", "is_main"]
    raw_id_fields = ["business"]


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "is_active"]
    list_filter = ["kind", "organisation"]
    raw_id_fields = ["user", "department"]


@admin.register(ContactMoment)
class ContactMomentAdmin(admin.ModelAdmin):
    list_display = ["started_at", "channel", "outcome", "party", "actor", "organisation"]
    list_filter = ["channel", "outcome", "organisation"]
    date_hierarchy = "started_at"
    show_full_result_count = False  # millions of rows: no exact count
    raw_id_fields = ["party", "representative", "actor", "product", "zaak", "answers_task"]


@admin.register(InternalTask)
class InternalTaskAdmin(admin.ModelAdmin):
    list_display = ["requested_action", "party", "department", "assignee", "deadline", "status"]
    list_filter = ["status", "organisation"]
    raw_id_fields = ["contact", "party", "department", "assignee", "created_by"]


@admin.register(KnowledgeArticle)
class KnowledgeArticleAdmin(admin.ModelAdmin):
    list_display = ["product", "organisation", "updated_at"]
    list_filter = ["organisation"]
    raw_id_fields = ["product", "refer_to_department", "updated_by"]


@admin.register(PartyMergeCandidate)
class PartyMergeCandidateAdmin(admin.ModelAdmin):
    list_display = ["party", "other", "reason", "status", "created_at"]
    list_filter = ["status", "reason", "organisation"]
    raw_id_fields = ["party", "other", "resolved_by"]


@admin.register(PartyMerge)
class PartyMergeAdmin(admin.ModelAdmin):
    list_display = ["survivor", "merged", "merged_by", "merged_at"]
    raw_id_fields = ["survivor", "merged", "merged_by"]
    readonly_fields = ["moved", "snapshot"]
