from django.utils.functional import SimpleLazyObject

from .selectors import organisation_for_host


class CurrentOrganisationMiddleware:
    """Set ``request.organisation``: the organisation whose site and theme this request shows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.organisation = SimpleLazyObject(lambda: organisation_for_host(request.get_host()))
        return self.get_response(request)
