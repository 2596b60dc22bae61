import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """Require three of four character classes: lower case, upper case, digit, symbol."""

    classes = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]")
    required = 3

    def validate(self, password, user=None):
        present = sum(1 for pattern in self.classes if re.search(pattern, password))
        if present < self.required:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("Je wachtwoord bevat minstens drie van: kleine letters, hoofdletters, cijfers en leestekens.")
