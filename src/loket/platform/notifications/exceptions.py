"""Errors of the notifications hub. Messages are Dutch; the API maps them to ZGW problem JSON."""

from django.utils.translation import gettext_lazy as _


class NotificationError(Exception):
    default_message = _("De notificatie kan niet verwerkt worden.")
    status_code = 400

    def __init__(self, message=None, *, field: str | None = None, code: str = "invalid"):
        self.message = message or self.default_message
        self.field = field
        self.code = code
        super().__init__(str(self.message))

    def __str__(self):
        return str(self.message)


class UnknownKanaal(NotificationError):
    default_message = _("Dit kanaal bestaat niet.")


class CallbackCheckFailed(NotificationError):
    default_message = _("De callback-URL aanvaardt geen notificaties met deze autorisatieheader.")
