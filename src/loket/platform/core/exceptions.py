"""The base of every app's domain errors (cases, contacts, ...).

Services raise them with a Dutch message; the APIs map them to problem JSON, the web UI to form errors.
``field`` names the input the message is about, when there is one; ``status_code`` is the HTTP status an API
answers with.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule refused the change. Nothing was changed."""

    default_message = _("De wijziging is niet toegestaan.")
    status_code = 400

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))

    def __str__(self):
        return str(self.message)
