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
