"""The errors the contacts services raise. Messages are Dutch (gettext); the API maps them to problem JSON, the
web UI to form errors. ``field`` names the input the message is about, when there is one."""

from django.utils.translation import gettext_lazy as _

from loket.platform.core.exceptions import DomainError


class ContactError(DomainError):
    """Base class: a rule refused the change. Nothing was changed."""


class ValidationFailed(ContactError):
    """Input does not fit the rules (bad national number, phone number, period, ...)."""


class DuplicateParty(ContactError):
    """A party with the same national or business number already exists."""

    status_code = 409

    def __init__(self, message=None, *, field: str | None = None, existing=None):
        super().__init__(message, field=field)
        self.existing = existing


class NotFound(ContactError):
    default_message = _("Niet gevonden.")
    status_code = 404


class PermissionDenied(ContactError):
    default_message = _("Je hebt hier geen toegang toe.")
    status_code = 403


class InvalidState(ContactError):
    """E.g. a task that is already answered, a party that was merged."""

    status_code = 409
