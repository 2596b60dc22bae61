"""Helpers for tests and the bench: build forms from a spec and the "form of 50 fields with logic"."""

from .spec import build_form, large_form_answers, large_form_spec, publish_version

__all__ = ["build_form", "large_form_answers", "large_form_spec", "publish_version"]
