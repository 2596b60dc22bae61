"""The errors the meldingen services raise, with Dutch messages. They extend the case errors so the API and web
layers that already map those (problem JSON, form errors) handle them the same way."""

from django.utils.translation import gettext_lazy as _

from loket.cases.exceptions import InvalidState, ValidationFailed


class MeldingInvalid(ValidationFailed):
    """One or more inputs are wrong. ``errors`` maps each field to its messages (all problems at once)."""

    default_message = _("De melding is niet volledig of niet correct.")

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = {field: [str(m) for m in messages] for field, messages in errors.items()}
        field, messages = next(iter(self.errors.items()))
        super().__init__(messages[0], field=field)


class TransitionNotAllowed(InvalidState):
    """The state machine does not allow this step."""
