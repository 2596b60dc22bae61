"""Demo data of the portal app for the demo municipality Heidebeek (filled in by the issue-9 work).

Called by :func:`loket.demo.services.load_demo` after the catalog, case types, meldingen and contacts exist.
"""


def reset(organisations) -> None:
    """Remove this app's demo data of the demo organisations."""


def load(organisations, departments, *, seed: int) -> dict:
    """Create this app's demo data; returns counts for the start-up summary."""
    return {}
