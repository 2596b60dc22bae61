"""Read-mostly admin for case data. Changes go through the services (staff workspace); the admin is for support."""

from django.contrib import admin

from . import models


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusTypeInline(ReadOnlyInline):
    model = models.StatusType
    fields = ["volgnummer", "omschrijving", "informeren"]


class ResultaatTypeInline(ReadOnlyInline):
    model = models.ResultaatType
    fields = ["omschrijving", "archiefnominatie", "archiefactietermijn", "afleidingswijze"]


class ProcessStepInline(ReadOnlyInline):
    model = models.ProcessStep
    fields = ["order", "name", "department", "partner", "deadline_days"]


@admin.register(models.CaseSettings)
class CaseSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "holiday_country", "holiday_subdivision", "use_closed_days", "warning_days", "case_number_prefix"]


@admin.register(models.Catalogus)
class CatalogusAdmin(admin.ModelAdmin):
    list_display = ["naam", "domein", "organisation"]
    list_filter = ["organisation"]


@admin.register(models.ZaakType)
class ZaakTypeAdmin(admin.ModelAdmin):
    list_display = ["omschrijving", "identificatie", "department", "begin_geldigheid", "einde_geldigheid", "concept"]
    list_filter = ["concept", "service_level", "catalogus__organisation"]
    search_fields = ["omschrijving", "identificatie"]
    inlines = [StatusTypeInline, ResultaatTypeInline, ProcessStepInline]
    readonly_fields = ["uuid", "concept", "published_at", "previous_version"]


@admin.register(models.InformatieObjectType, models.BesluitType)
class TypeAdmin(admin.ModelAdmin):
    list_display = ["omschrijving", "catalogus", "begin_geldigheid", "concept"]


class StatusInline(ReadOnlyInline):
    model = models.Status
    fields = ["statustype", "datum_status_gezet", "set_by", "statustoelichting"]


class TaskInline(ReadOnlyInline):
    model = models.Task
    fk_name = "zaak"
    fields = ["title", "department", "organisation", "status", "deadline", "assignee"]


@admin.register(models.Zaak)
class ZaakAdmin(admin.ModelAdmin):
    """No personal data in the list; the initiator is shown on the case page of the staff workspace (audited)."""

    list_display = ["identificatie", "omschrijving", "zaaktype", "department", "uiterlijke_einddatum_afdoening", "is_closed"]
    list_filter = ["is_closed", "organisation"]
    search_fields = ["identificatie"]
    list_select_related = ["zaaktype", "department"]
    inlines = [StatusInline, TaskInline]
    exclude = ["initiator_party"]
    readonly_fields = [f.name for f in models.Zaak._meta.fields if f.name != "initiator_party"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "zaak", "department", "organisation", "status", "deadline"]
    list_filter = ["status", "organisation"]
    raw_id_fields = ["zaak", "process_step", "assignee", "requested_by", "department"]

    def has_add_permission(self, request):
        return False
