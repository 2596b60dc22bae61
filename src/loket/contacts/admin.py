from django.contrib import admin

from loket.platform.audit import services as audit
from loket.platform.audit.models import AuditAction

from .models import Party


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    """Opening a party here is an access to personal data, so it is logged like any other."""

    list_display = ["display_name", "kind", "postal_code", "city", "organisation"]
    list_filter = ["kind", "organisation"]
    search_fields = ["last_name", "first_name", "business_name", "business_number", "email"]
    exclude = ["national_number_encrypted", "national_number_index"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        party = self.get_object(request, object_id)
        if party is not None:
            action = AuditAction.UPDATE if request.method == "POST" else AuditAction.VIEW
            audit.record(actor=request.user, action=action, subject=party, request=request,
                         reason="Geopend in het beheerscherm", organisation=party.organisation)
        return super().change_view(request, object_id, form_url, extra_context)
