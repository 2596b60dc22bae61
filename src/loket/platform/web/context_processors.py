from django.conf import settings


def site(request):
    organisation = getattr(request, "organisation", None)
    organisation = organisation if organisation else None
    return {
        "site_organisation": organisation,
        "languages": settings.LANGUAGES,
        "debug_login_available": settings.DEBUG,
    }
