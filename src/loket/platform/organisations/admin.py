from django.contrib import admin

from .models import ClosedDay, Department, Location, OpeningHours, Organisation, Team


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "domain", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "identifier"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["partners"]


class TeamInline(admin.TabularInline):
    model = Team
    extra = 1


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "organisation__name"]
    inlines = [TeamInline]


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 1


class ClosedDayInline(admin.TabularInline):
    model = ClosedDay
    extra = 1


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organisation", "city"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name", "street", "city"]
    filter_horizontal = ["departments"]
    inlines = [OpeningHoursInline, ClosedDayInline]
