"""Password rules for staff accounts, with Dutch messages."""

import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils import translation

THREE_CLASSES = "Je wachtwoord bevat minstens drie van: kleine letters, hoofdletters, cijfers en leestekens."


@pytest.fixture(autouse=True)
def dutch():
    """Staff see Loket in Dutch unless they choose otherwise (an earlier request may have left English on)."""
    with translation.override("nl"):
        yield


def messages_for(password: str) -> list[str]:
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    return error.value.messages


@pytest.mark.parametrize("password", [
    "heidebeekloketzomer",   # lower case only
    "heidebeek2026loket",    # lower case and digits
    "HEIDEBEEK-LOKET-ZOMER",  # upper case and symbols
])
def test_long_password_with_fewer_than_three_character_classes_is_refused(password):
    assert len(password) >= 12
    assert messages_for(password) == [THREE_CLASSES]


def test_short_password_is_refused():
    messages = messages_for("Kort-Ww-1")
    assert len(messages) == 1
    assert "12" in messages[0]


def test_short_password_message_is_dutch():
    # Django 5.2's Dutch catalogue lacks this msgid; Loket's locale/nl supplies it.
    assert "12 tekens" in messages_for("Kort-Ww-1")[0]


def test_common_password_is_refused_in_dutch():
    assert messages_for("Qwerty123456") == ["Dit wachtwoord is te algemeen."]


@pytest.mark.parametrize("password", ["Correct-Horse-Battery-9", "heidebeek-loket-2026", "Zonnebloem.Veld.Kapel"])
def test_strong_password_is_accepted(password):
    assert validate_password(password) is None


def test_rules_are_explained():
    assert THREE_CLASSES in password_validators_help_texts()
