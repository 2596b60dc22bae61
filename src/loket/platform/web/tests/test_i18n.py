"""The English translation: the site follows the browser's language and the committed catalogue is complete and compiled."""

import ast
import gettext as stdlib_gettext
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

import loket

PO_FILE = Path(loket.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file (header and obsolete entries left out), parsed with the standard library."""
    entries, entry, key = [], {}, None

    def finish():
        if "msgid" in entry and entry["msgid"] != "":
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            finish()
            entry, key = {}, None
        elif line.startswith("#~"):
            key = None  # obsolete entry
        elif line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key is not None:
                entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


ENTRIES = parse_po(PO_FILE)


def msgstrs(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


@pytest.mark.django_db
def test_home_page_in_english_when_the_browser_asks_for_it(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "Skip to content" in html
    assert "Staff log-in" in html
    assert "Naar de inhoud" not in html


@pytest.mark.django_db
def test_home_page_in_dutch_by_default(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl"' in html
    assert "Naar de inhoud" in html
    assert "Skip to content" not in html


@pytest.mark.django_db
def test_staff_log_in_page_in_english(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    for english in ("Staff log-in", "Username", "Password", "Log in", "authenticator app"):
        assert english in html
    for dutch in ("Inloggen voor medewerkers", "Gebruikersnaam", "Wachtwoord"):
        assert dutch not in html


def test_catalogue_has_entries():
    assert len(ENTRIES) > 200


def test_every_string_is_translated():
    untranslated = [entry["msgid"] for entry in ENTRIES if not all(msgstrs(entry))]
    fuzzy = [entry["msgid"] for entry in ENTRIES if "fuzzy" in entry.get("flags", ())]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("msgid", [
    "Naar de inhoud", "Inloggen voor medewerkers", "Tweestapsverificatie", "Werkplek",
    "Functioneel beheerder", "Goedendag, %(name)s", "maandag",
])
def test_django_serves_the_compiled_translation_of_sample_entries(msgid):
    entry = next(entry for entry in ENTRIES if entry["msgid"] == msgid)
    with translation.override("en"):
        assert translation.gettext(msgid) == entry["msgstr"]


def test_django_serves_every_translation_from_the_compiled_catalogue():
    """Fails when django.po was changed without running compilemessages."""
    stale = []
    with translation.override("en"):
        for entry in ENTRIES:
            if "msgid_plural" in entry:
                got = [translation.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
                expected = [entry["msgstr[0]"], entry["msgstr[1]"]]
            elif "msgctxt" in entry:
                got = translation.pgettext(entry["msgctxt"], entry["msgid"])
                expected = entry["msgstr"]
            else:
                got = translation.gettext(entry["msgid"])
                expected = entry["msgstr"]
            if got != expected:
                stale.append((entry["msgid"], got, expected))
    assert stale == []


def test_compiled_catalogue_holds_exactly_the_po_entries():
    """django.mo is committed (not everyone has gettext installed), so it must match django.po."""
    with MO_FILE.open("rb") as handle:
        catalogue = stdlib_gettext.GNUTranslations(handle)._catalog
    expected = {}
    for entry in ENTRIES:
        msgid = entry["msgid"] if "msgctxt" not in entry else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if "msgid_plural" in entry:
            expected[(msgid, 0)] = entry["msgstr[0]"]
            expected[(msgid, 1)] = entry["msgstr[1]"]
        else:
            expected[msgid] = entry["msgstr"]
    compiled = {key: value for key, value in catalogue.items() if key != ""}
    assert compiled == expected
