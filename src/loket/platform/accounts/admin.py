from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["department"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "get_full_name", "email", "organisation", "is_active", "last_login"]
    list_filter = ["organisation", "is_active", "is_staff", "memberships__role"]
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Loket"), {"fields": ["organisation", "phone", "is_demo_account"]}),)
    inlines = [MembershipInline]
