"""Reading settings from the environment, with one clear sentence on bad values.

Kept free of Django imports: :mod:`loket.settings` uses it before Django is set up.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}
MIN_SECRET_KEY_LENGTH = 50
MIN_SECRET_KEY_UNIQUE_CHARACTERS = 5
# A fixed key, only ever used with DEBUG on, so a developer's sessions survive restarts.
DEBUG_SECRET_KEY = "loket-debug-only-key-never-used-in-production-" + "x" * 16


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_required(name: str, because: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set because {because}.")
    return value


def is_insecure_secret_key(key: str) -> bool:
    """The same judgement as Django's security check W009, made fatal."""
    return (
        len(key) < MIN_SECRET_KEY_LENGTH
        or len(set(key)) < MIN_SECRET_KEY_UNIQUE_CHARACTERS
        or key.startswith("django-insecure-")
        or key == DEBUG_SECRET_KEY
    )


def load_secret_key(*, debug: bool) -> str:
    """``SECRET_KEY`` or the contents of ``SECRET_KEY_FILE``; refuse a weak one outside DEBUG."""
    key = os.environ.get("SECRET_KEY", "")
    key_file = os.environ.get("SECRET_KEY_FILE")
    if not key and key_file:
        try:
            key = Path(key_file).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"SECRET_KEY_FILE {key_file} cannot be read ({exc.strerror}).") from None
    if debug:
        return key or DEBUG_SECRET_KEY
    if not key:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: set SECRET_KEY (or SECRET_KEY_FILE) to a random value of at "
            "least 50 characters, or DEBUG=true for development."
        )
    if is_insecure_secret_key(key):
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak for production: use a random value of at least 50 characters."
        )
    return key
