"""Optional staff log-in through an OpenID Connect provider (e.g. the organisation's Entra ID).

Staff are matched on e-mail address and must already exist: an identity
provider does not decide who works here. The provider enforces its own 2FA.
"""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import User
from .services import AUTH_METHOD_KEY


class StaffOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):
        return None  # unknown staff are refused, not created

    def authenticate(self, request, **kwargs):
        user = super().authenticate(request, **kwargs)
        if user is not None and request is not None:
            request.session[AUTH_METHOD_KEY] = "oidc"
        return user
