from django.conf import settings

from .models import Location, Organisation, OrganisationKind


def organisation_for_host(host: str) -> Organisation | None:
    """The organisation whose resident site runs on ``host``, else the default one.

    The default is ``LOKET_DEFAULT_ORGANISATION`` (a slug) or, when unset, the
    first active gemeente.
    """
    hostname = host.split(":")[0].lower()
    organisations = Organisation.objects.filter(is_active=True)
    if hostname:
        match = organisations.filter(domain__iexact=hostname).first()
        if match:
            return match
    if settings.LOKET_DEFAULT_ORGANISATION:
        match = organisations.filter(slug=settings.LOKET_DEFAULT_ORGANISATION).first()
        if match:
            return match
    return organisations.filter(kind=OrganisationKind.GEMEENTE).order_by("pk").first() or organisations.order_by("pk").first()


def public_locations(organisation: Organisation, *, with_partners: bool = False):
    """Locations of the organisation and the organisations that belong to it (the OCMW of a
    gemeente), optionally followed by those of its partners, with their hours prefetched."""
    own = [organisation, *organisation.children.filter(is_active=True)]
    own_ids = {org.pk for org in own}
    organisations = own + (list(organisation.partners.filter(is_active=True)) if with_partners else [])
    locations = (
        Location.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .prefetch_related("opening_hours", "closed_days")
    )
    return sorted(locations, key=lambda location: (location.organisation_id not in own_ids, location.name))
