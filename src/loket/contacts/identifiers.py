"""National identifiers: validation, masking, encryption at rest and a blind index for look-ups.

* Rijksregisternummer (BE): 11 digits, YYMMDD + serial + 97-modulus check
  (with a leading "2" for people born from 2000 on).
* BSN (NL): 9 digits, the "elfproef" with weight -1 on the last digit.
* KBO-ondernemingsnummer (BE): 10 digits, 97-modulus check on the first 8.
* KvK-nummer (NL): 8 digits.

Numbers are stored encrypted (Fernet) and looked up through an HMAC of the
normalised number, so the database never holds them in the clear.
"""

import base64
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def digits(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def is_valid_rijksregisternummer(value: str) -> bool:
    number = digits(value)
    if len(number) != 11:
        return False
    base, check = int(number[:9]), int(number[9:])
    return 97 - (base % 97) == check or 97 - (int("2" + number[:9]) % 97) == check


def is_valid_bsn(value: str) -> bool:
    number = digits(value)
    if len(number) != 9 or number == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(number[:8], range(9, 1, -1), strict=True)) - int(number[8])
    return total % 11 == 0


def is_valid_rsin(value: str) -> bool:
    """An RSIN (the ZGW APIs' ``bronorganisatie`` and the like): exactly 9 digits passing the 11-test, as the
    specs say and vng-api-common checks. Unlike a BSN, ``000000000`` passes (VNG's test scenarios use it)."""
    if len(value or "") != 9 or not value.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:8], range(9, 1, -1), strict=True)) - int(value[8])
    return total % 11 == 0


def is_valid_kbo(value: str) -> bool:
    number = digits(value)
    if len(number) == 9:
        number = "0" + number
    return len(number) == 10 and 97 - (int(number[:8]) % 97) == int(number[8:])


def mask(value: str) -> str:
    """Show only the last 3 digits: ``•••••••• 123``."""
    number = digits(value)
    return "•" * max(len(number) - 3, 0) + number[-3:] if number else ""


def _key_material() -> bytes:
    configured = settings.LOKET_FIELD_ENCRYPTION_KEY
    if configured:
        return base64.urlsafe_b64decode(configured)
    return hashlib.sha256(("loket-field-encryption:" + settings.SECRET_KEY).encode()).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key_material()))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


class UnreadableIdentifier(ValueError):
    """Stored with another key (``LOKET_FIELD_ENCRYPTION_KEY`` or ``SECRET_KEY`` changed)."""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise UnreadableIdentifier(
            "A national number cannot be decrypted: was LOKET_FIELD_ENCRYPTION_KEY or SECRET_KEY changed?"
        ) from None


def blind_index(value: str) -> str:
    """A keyed hash of the normalised number: equal numbers match, the number cannot be read back."""
    number = digits(value)
    if not number:
        return ""
    return hmac.new(_key_material(), b"index:" + number.encode(), hashlib.sha256).hexdigest()


def is_valid_kvk(value: str) -> bool:
    """KvK-nummer: 8 digits (the register no longer uses a check digit for new numbers)."""
    number = digits(value)
    return len(number) == 8 and bool(re.fullmatch(r"[0-9]{8}", (value or "").replace(" ", "").replace(".", "")))


def national_number_type(value: str) -> str:
    """"rijksregisternummer", "bsn" or "" (not a valid national number)."""
    if is_valid_rijksregisternummer(value):
        return "rijksregisternummer"
    if is_valid_bsn(value):
        return "bsn"
    return ""


def normalise_email(value: str) -> str:
    return (value or "").strip().lower()


def normalise_phone(value: str, country: str = "BE") -> str:
    """E.164 (``+3234123456``) for a phone number written in any common way, or "" when it is not a possible number.

    ``country`` is the region for numbers without a country code (``03 412 34 56`` in Belgium, ``06-12345678`` in the
    Netherlands); ``0032...`` and ``+32 (0)...`` forms are understood too.
    """
    import phonenumbers

    text = (value or "").strip()
    if not text or len(text) > 40 or not re.search(r"\d", text):
        return ""
    if text.startswith("00"):
        text = "+" + text[2:]
    text = text.replace("(0)", "")
    try:
        parsed = phonenumbers.parse(text, country or "BE")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(parsed) or not phonenumbers.is_valid_number(parsed):
        return ""
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def fold(value: str) -> str:
    """Lower case without accents, as the search columns (``search_name``) hold text."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", value or "")
    return "".join(c for c in plain if not unicodedata.combining(c)).lower()
