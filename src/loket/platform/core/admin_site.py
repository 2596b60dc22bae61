from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class LoketAdminSite(admin.AdminSite):
    """The admin for functional administrators: same log-in and 2FA as the staff workspace."""

    site_header = _("Loket – beheer")
    site_title = _("Loket beheer")
    index_title = _("Beheer")

    def has_permission(self, request):
        from loket.platform.accounts.services import second_factor_done

        return super().has_permission(request) and second_factor_done(request)

    def login(self, request, extra_context=None):
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())


class LoketAdminConfig(AdminConfig):
    default_site = "loket.platform.core.admin_site.LoketAdminSite"
