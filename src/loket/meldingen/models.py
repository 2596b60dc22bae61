"""Reports about public space (meldingen): each one is a case."""

from django.db import models  # noqa: F401
