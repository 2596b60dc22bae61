"""Fixtures of the portal tests. H4: ``overview_world`` (see overview_world.py). Others: add yours below."""

from .overview_world import overview_world  # noqa: F401
