"""Staff log-in: password, then a second factor (TOTP), then a session.

A user is only logged in (``django.contrib.auth.login``) after the second
factor, so no request ever runs as a half-authenticated staff member. Between
the two steps the session holds only the pending user's id.
"""

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.platform.messaging.services import queue_email
from loket.platform.organisations.models import Department

from .models import Membership, User

PENDING_USER_KEY = "loket_pending_user"
AUTH_METHOD_KEY = "loket_auth_method"


def check_password(request, username: str, password: str) -> User | None:
    """The user for these credentials, or None. Failures count towards the axes lock-out."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        return None
    return user


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def start_second_factor(request, user: User) -> None:
    request.session.cycle_key()
    request.session[PENDING_USER_KEY] = user.pk


def pending_user(request) -> User | None:
    pk = request.session.get(PENDING_USER_KEY)
    if pk is None:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def totp_enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed device a user is setting up (one at a time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)
    return device


def verify_totp(device: TOTPDevice, token: str) -> bool:
    """Check a code; django-otp throttles repeated failures on the device."""
    token = "".join(token.split())
    if not token.isdigit():
        return False
    verified, _ = device.verify_is_allowed()
    return verified and device.verify_token(token)


@transaction.atomic
def confirm_enrolment(device: TOTPDevice) -> None:
    """Confirm the new device, drop older ones and tell the user by e-mail (a security notice)."""
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    user = device.user
    if user.email and user.organisation_id:
        body = render_to_string("accounts/email/totp_enrolled.txt", {
            "user": user, "username": user.get_username(),
            "when": date_format(timezone.localtime(), "DATETIME_FORMAT"),
        })
        queue_email(organisation=user.organisation, to=[user.email],
                    subject=gettext("Tweestapsverificatie ingesteld op je Loket-account"), body_text=body)


def complete_login(request, user: User, device: TOTPDevice | None, method: str = "password") -> None:
    request.session.pop(PENDING_USER_KEY, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    request.session[AUTH_METHOD_KEY] = method


def second_factor_done(request) -> bool:
    """True when the session passed 2FA, or 2FA is not required for how it logged in."""
    user = request.user
    if not user.is_authenticated:
        return False
    if not settings.LOKET_REQUIRE_2FA:
        return True
    if request.session.get(AUTH_METHOD_KEY) in ("oidc", "development"):
        return True
    return user.is_verified()


@transaction.atomic
def create_staff_user(
    *, username: str, email: str, first_name: str, last_name: str, password: str | None,
    organisation, roles: list[tuple[Department, str]] = (), is_superuser: bool = False, is_demo_account: bool = False,
) -> User:
    user = User(
        username=username, email=email, first_name=first_name, last_name=last_name,
        organisation=organisation, is_staff=is_superuser, is_superuser=is_superuser,
        is_demo_account=is_demo_account,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    Membership.objects.bulk_create(Membership(user=user, department=d, role=r) for d, r in roles)
    return user
