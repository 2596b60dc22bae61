"""System check: a mistake in LOKET_RESIDENT_OIDC_PROVIDERS is named by `loket check` and every management command
(so `loket run` and `loket migrate` refuse to start with it), not first by the log-in page."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def resident_oidc_providers(app_configs, **kwargs):
    from .providers import configured_providers

    try:
        configured_providers()
    except (ImproperlyConfigured, OSError) as exc:
        return [checks.Error(str(exc), id="loket.portal.E001",
                             hint="See docs/portal.md, section 'Log-in and representation'.")]
    return []
