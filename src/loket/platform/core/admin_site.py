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
        from django.urls import reverse

        # Pass the admin's own `next` on (the staff log-in checks it): sending staff back to
        # this login URL after logging in would show them the log-in form again.
        return redirect_to_login(request.GET.get("next") or reverse("admin:index", current_app=self.name))


class LoketAdminConfig(AdminConfig):
    default_site = "loket.platform.core.admin_site.LoketAdminSite"
