"""Log in through the test identity provider with the Django test client (the real flow: start, authorize page,
code, token exchange in-process, ID token verification). Needs ``settings.LOKET_TEST_IDP = True``."""

from urllib.parse import parse_qs, urlencode, urlsplit

from django.urls import reverse


def start_test_login(client, *, next_url="/mijn/", assurance=""):
    """Start a log-in with the test provider; returns the authorization request's query (dict of str)."""
    query = {"next": next_url, **({"niveau": assurance} if assurance else {})}
    response = client.post(reverse("portal:login_start", args=["test"]), query)
    assert response.status_code == 302, response.content[:500]
    location = response["Location"]
    assert urlsplit(location).path == "/testidp/authorize/", location
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def choose_at_test_idp(client, params, *, party=None, level="substantial", other=None, cancel=False):
    """Answer the test provider's authorize page; returns its response (a redirect back to the portal)."""
    data = {**params, "level": level}
    if cancel:
        data["cancel"] = "1"
    elif party is not None:
        data["party"] = str(party.uuid)
    else:
        data.update({"party": "other", **(other or {})})
    return client.post(reverse("portal:testidp_authorize"), data)


def log_in_via_test_idp(client, party=None, *, level="substantial", next_url="/mijn/", assurance="", other=None):
    """The whole log-in; returns the response of the portal's callback (a redirect to ``next_url`` on success)."""
    params = start_test_login(client, next_url=next_url, assurance=assurance)
    answer = choose_at_test_idp(client, params, party=party, level=level, other=other)
    assert answer.status_code == 302, answer.content[:800]
    callback = answer["Location"]
    return client.get(callback)


def callback_url(provider_id: str, **query) -> str:
    return reverse("portal:login_callback", args=[provider_id]) + "?" + urlencode(query)
