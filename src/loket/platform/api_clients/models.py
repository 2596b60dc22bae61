"""Applications that use Loket's standard APIs (ZGW Autorisaties) and their authorisations."""

from django.db import models  # noqa: F401
