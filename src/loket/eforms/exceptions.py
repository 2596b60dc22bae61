"""The errors the eforms services raise. Messages are Dutch (gettext); views show them on the form, APIs as problem
JSON. ``field`` names the input the message is about, when there is one."""

from django.utils.translation import gettext_lazy as _

from loket.platform.core.exceptions import DomainError


class FormError(DomainError):
    """Base class: a rule refused the change. Nothing was changed."""


class StepInvalid(FormError):
    """One or more answers of a step are not valid. ``errors``: {field key: Dutch message} (all at once)."""

    default_message = _("Niet alle antwoorden zijn goed ingevuld.")

    def __init__(self, errors: dict, message=None):
        super().__init__(message)
        self.errors = errors


class InvalidRule(FormError):
    """A condition or calculation of a form is not valid (unknown field, unknown operation, syntax)."""


class InvalidState(FormError):
    status_code = 409


class NotFound(FormError):
    default_message = _("Niet gevonden.")
    status_code = 404


class PaymentFailed(FormError):
    default_message = _("De betaling is niet gelukt.")
