"""Errors of the portal services (Dutch messages; ``field`` names the input they are about)."""

from django.utils.translation import gettext_lazy as _

from loket.platform.core.exceptions import DomainError


class PortalError(DomainError):
    """A rule refused the change. Nothing was changed."""


class ValidationFailed(PortalError):
    pass


class NotFound(PortalError):
    default_message = _("Niet gevonden.")
    status_code = 404


class PermissionDenied(PortalError):
    default_message = _("U hebt hier geen toegang toe.")
    status_code = 403


class InvalidState(PortalError):
    status_code = 409
