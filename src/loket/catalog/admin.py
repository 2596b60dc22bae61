"""Read-mostly admin for the catalog. Product content is edited on the staff pages (with versions and
review); here functional administrators look things up and manage synonyms."""

from django.contrib import admin

from .models import CatalogImport, Product, SearchTerm, Synonym, UplEntry


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "state", "type", "upl_uri", "source"]
    list_filter = ["state", "organisation", "type", "source"]
    search_fields = ["name", "key", "upl_uri", "keywords"]
    readonly_fields = [f.name for f in Product._meta.concrete_fields if f.name not in ("search_weight",)]

    def has_add_permission(self, request):
        return False  # through the staff pages: versions and review


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["term", "meaning", "organisation", "created_by", "created_at"]
    list_filter = ["organisation"]
    search_fields = ["term", "meaning"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    list_display = ["query", "organisation", "searches", "zero_results", "clicks", "last_seen"]
    list_filter = ["organisation"]
    search_fields = ["query"]

    def has_add_permission(self, request):
        return False


@admin.register(UplEntry)
class UplEntryAdmin(admin.ModelAdmin):
    list_display = ["name", "uri", "withdrawn"]
    list_filter = ["withdrawn"]
    search_fields = ["name", "uri"]


@admin.register(CatalogImport)
class CatalogImportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "source"]
    readonly_fields = ["created_at", "source", "report"]
