"""Test helpers for the catalog: published products through the services, as the app makes them."""

from loket.catalog import services


def product(organisation, name, **content):
    """A published product of ``organisation`` with search index and vocabulary up to date."""
    data = {"name": name, "channels": [{"kind": "online", "login": "substantial"}], **content}
    made = services.create_product(organisation=organisation, data=data, publish=True, source="test")
    services.rebuild_search(organisation)
    return made
