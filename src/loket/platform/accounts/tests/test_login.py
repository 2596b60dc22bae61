"""Staff log-in: password, then a code from an authenticator app, then the workspace."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.platform.accounts import views
from loket.platform.messaging.models import OutgoingEmail
from loket.platform.tests.factories import (
    PASSWORD,
    log_in_with_second_factor,
    staff_member,
    totp_code,
    wrong_totp_code,
)

LOGIN = "/medewerkers/inloggen/"
TOKEN = "/medewerkers/inloggen/code/"
ENROL = "/medewerkers/inloggen/tweestapsverificatie/"
LOGOUT = "/medewerkers/afmelden/"
WORKSPACE = "/werkplek/"

pytestmark = pytest.mark.django_db


def password_step(client, user, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": user.username, "password": password, **extra})


def next_of(response) -> str:
    return parse_qs(urlsplit(response["Location"]).query)["next"][0]


def assert_not_logged_in(client):
    response = client.get(WORKSPACE)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_login_page_is_in_dutch(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Inloggen voor medewerkers" in html
    assert 'autocomplete="current-password"' in html


def test_password_then_code_opens_the_workspace_with_my_department(client):
    user = staff_member(department_name="Burgerzaken", first_name="Tom")
    device = user.totpdevice_set.get()

    response = password_step(client, user)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == TOKEN
    assert next_of(response) == WORKSPACE

    response = client.post(TOKEN, {"token": totp_code(device), "next": WORKSPACE})
    assert response.status_code == 302
    assert response["Location"] == WORKSPACE

    response = client.get(WORKSPACE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Goedendag, Tom" in html
    assert "Burgerzaken" in html
    assert user.organisation.name in html
    assert "Baliemedewerker" in html  # the role, in Dutch


def test_code_with_spaces_is_accepted(client):
    user = staff_member()
    code = totp_code(user.totpdevice_set.get())
    password_step(client, user)

    response = client.post(TOKEN, {"token": f"{code[:3]} {code[3:]}"})

    assert response.status_code == 302
    assert client.get(WORKSPACE).status_code == 200


def test_pending_user_is_not_logged_in_between_the_steps(client):
    user = staff_member(is_staff=True, is_superuser=True)
    password_step(client, user)

    assert_not_logged_in(client)
    admin = client.get("/beheer/", follow=True)
    assert urlsplit(admin.redirect_chain[-1][0]).path == LOGIN
    assert "_auth_user_id" not in client.session


def test_wrong_code_gives_a_dutch_error_and_no_session(client):
    user = staff_member()
    password_step(client, user)

    response = client.post(TOKEN, {"token": wrong_totp_code(user.totpdevice_set.get())})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Deze code klopt niet of is verlopen" in html
    assert 'aria-invalid="true"' in html
    assert_not_logged_in(client)


def test_letters_instead_of_a_code_are_refused(client):
    user = staff_member()
    password_step(client, user)

    response = client.post(TOKEN, {"token": "abcdef"})

    assert response.status_code == 400
    assert_not_logged_in(client)


def test_a_code_works_only_once(client):
    user = staff_member()
    code = totp_code(user.totpdevice_set.get())
    password_step(client, user)
    assert client.post(TOKEN, {"token": code}).status_code == 302
    client.post(LOGOUT)

    password_step(client, user)
    response = client.post(TOKEN, {"token": code})

    assert response.status_code == 400
    assert_not_logged_in(client)


def test_code_page_without_password_step_goes_back_to_login(client):
    response = client.get(TOKEN)
    assert response.status_code == 302
    assert response["Location"] == LOGIN


def test_wrong_password_gives_a_dutch_error(client):
    user = staff_member()

    response = password_step(client, user, password="Niet-Het-Wachtwoord-1")

    assert response.status_code == 400
    assert "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet." in response.content.decode()
    assert_not_logged_in(client)


def test_deactivated_staff_cannot_log_in(client):
    user = staff_member(is_active=False)
    assert password_step(client, user).status_code == 400
    assert_not_logged_in(client)


def test_first_login_without_authenticator_goes_to_enrolment(client):
    user = staff_member(with_device=False)

    response = password_step(client, user)

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == ENROL
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html  # the QR code
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed is False
    assert 'data-testid="totp-secret"' in html
    assert_not_logged_in(client)


def test_confirming_enrolment_with_a_valid_code_logs_in_and_confirms_the_device(client):
    user = staff_member(with_device=False, department_name="Omgeving")
    password_step(client, user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(ENROL, {"token": totp_code(device), "next": WORKSPACE})

    assert response.status_code == 302
    assert response["Location"] == WORKSPACE
    device.refresh_from_db()
    assert device.confirmed is True
    workspace = client.get(WORKSPACE)
    assert workspace.status_code == 200
    assert "Omgeving" in workspace.content.decode()
    assert "Tweestapsverificatie is ingesteld." in workspace.content.decode()


def test_enrolment_sends_a_security_notice(client):
    user = staff_member(with_device=False)
    password_step(client, user)
    client.get(ENROL)

    client.post(ENROL, {"token": totp_code(TOTPDevice.objects.get(user=user))})

    notice = OutgoingEmail.objects.get()
    assert notice.to == [user.email]
    assert notice.subject == "Tweestapsverificatie ingesteld op je Loket-account"
    assert user.username in notice.body_text


def test_enrolment_with_a_wrong_code_keeps_the_device_unconfirmed(client):
    user = staff_member(with_device=False)
    password_step(client, user)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user)

    response = client.post(ENROL, {"token": wrong_totp_code(device)})

    assert response.status_code == 400
    assert "Deze code klopt niet." in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert_not_logged_in(client)


def test_reloading_enrolment_keeps_the_same_secret(client):
    user = staff_member(with_device=False)
    password_step(client, user)
    client.get(ENROL)
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("target", [
    "https://evil.example/phish",
    "//evil.example/phish",
    "http://testserver.evil.example/",
    "javascript:alert(1)",
])
def test_next_cannot_send_staff_to_another_site(client, target):
    user = staff_member()
    response = password_step(client, user, next=target)
    assert next_of(response) == WORKSPACE

    response = client.post(TOKEN, {"token": totp_code(user.totpdevice_set.get()), "next": target})

    assert response.status_code == 302
    assert response["Location"] == WORKSPACE


def test_next_on_this_site_is_followed(client):
    user = staff_member()
    response = password_step(client, user, next="/contact/?taal=nl")
    assert next_of(response) == "/contact/?taal=nl"

    response = client.post(TOKEN, {"token": totp_code(user.totpdevice_set.get()), "next": next_of(response)})

    assert response["Location"] == "/contact/?taal=nl"


def test_workspace_sends_anonymous_visitors_to_login_and_back(client):
    response = client.get(WORKSPACE)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == LOGIN
    assert next_of(response) == WORKSPACE


def test_session_without_second_factor_gets_no_workspace(client):
    user = staff_member()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(WORKSPACE).status_code == 302


def test_brute_force_locks_the_account_even_for_the_right_password(client):
    user = staff_member()
    for _attempt in range(4):
        assert password_step(client, user, password="Geraden-Wachtwoord-1").status_code == 400
    password_step(client, user, password="Geraden-Wachtwoord-1")  # the fifth failure reaches the limit

    response = password_step(client, user)

    assert response.status_code == 429
    assert "accounts/locked_out.html" in [template.name for template in response.templates]
    assert "Te veel mislukte pogingen" in response.content.decode()
    assert "loket_pending_user" not in client.session
    assert_not_logged_in(client)


def test_lock_out_is_per_account(client):
    user, colleague = staff_member(), staff_member()
    for _attempt in range(5):
        password_step(client, user, password="Geraden-Wachtwoord-1")

    response = password_step(client, colleague)

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == TOKEN


def test_development_login_does_not_exist_without_debug(client, settings):
    assert settings.DEBUG is False
    assert client.get("/medewerkers/ontwikkelaar/").status_code == 404
    with pytest.raises(NoReverseMatch):
        reverse("accounts:development_login")


def test_development_login_view_refuses_without_debug(settings):
    settings.DEBUG = False
    request = RequestFactory().post("/medewerkers/ontwikkelaar/", {"user": "1"})
    with pytest.raises(Http404):
        views.development_login_view(request)


def test_login_page_offers_no_development_login(client):
    assert "ontwikkelaar" not in client.get(LOGIN).content.decode()


def test_admin_requires_the_second_factor(client):
    user = staff_member(is_staff=True, is_superuser=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    response = client.get("/beheer/", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain
    assert urlsplit(response.redirect_chain[-1][0]).path == LOGIN


def test_admin_opens_after_the_full_login(client):
    user = staff_member(is_staff=True, is_superuser=True)
    log_in_with_second_factor(client, user)

    response = client.get("/beheer/")

    assert response.status_code == 200
    assert "Loket – beheer" in response.content.decode()


def test_admin_sends_staff_back_to_the_admin_after_logging_in(client):
    user = staff_member(is_staff=True, is_superuser=True)
    login_page = client.get("/beheer/", follow=True).redirect_chain[-1][0]
    response = password_step(client, user, next=parse_qs(urlsplit(login_page).query)["next"][0])

    response = client.post(TOKEN, {"token": totp_code(user.totpdevice_set.get()), "next": next_of(response)},
                           follow=True)

    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/beheer/"
    assert "Loket – beheer" in response.content.decode()


def test_staff_without_admin_rights_get_no_admin(client):
    user = staff_member()
    log_in_with_second_factor(client, user)
    response = client.get("/beheer/")
    assert response.status_code == 302


def test_logout_needs_a_post_and_a_get_only_asks_to_confirm(client):
    user = staff_member()
    log_in_with_second_factor(client, user)

    confirm = client.get(LOGOUT)
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.content.decode()
    assert client.get(WORKSPACE).status_code == 200

    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "Je bent afgemeld." in client.get("/").content.decode()
    assert_not_logged_in(client)


def test_session_id_changes_at_each_step(client):
    user = staff_member()
    client.get(LOGIN)
    password_step(client, user)
    after_password = client.session.session_key
    client.post(TOKEN, {"token": totp_code(user.totpdevice_set.get())})
    assert client.session.session_key != after_password
