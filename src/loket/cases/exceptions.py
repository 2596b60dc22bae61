"""The errors the case services raise. Messages are Dutch (gettext); the API maps them to problem JSON,
the web UI to form errors. ``field`` names the input the message is about, when there is one."""

from django.utils.translation import gettext_lazy as _

from loket.platform.core.exceptions import DomainError


class CaseError(DomainError):
    """Base class: a rule of case handling refused the change. Nothing was changed."""


class ValidationFailed(CaseError):
    """Input does not fit the rules (wrong status type, missing result, bad value, ...)."""


class NotFound(CaseError):
    default_message = _("Niet gevonden.")
    status_code = 404


class PermissionDenied(CaseError):
    default_message = _("U hebt geen toegang tot deze zaak.")
    status_code = 403


class InvalidState(CaseError):
    """The object is not in a state that allows this (closed case, published case type, task already done)."""

    status_code = 409


class CaseTypeFrozen(InvalidState):
    default_message = _("Een gepubliceerde versie van een zaaktype kan niet meer gewijzigd worden; maak een nieuwe versie.")


class CaseClosed(InvalidState):
    default_message = _("Deze zaak is afgesloten.")


class DocumentRejected(ValidationFailed):
    """The document is too large, of a forbidden type, or infected."""

    status_code = 400
