"""Fixtures shared by the eforms tests (the runner's world: H2)."""

from .runner_world import runner  # noqa: F401
