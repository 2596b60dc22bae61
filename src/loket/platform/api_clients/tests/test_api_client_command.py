"""`loket api-client`: an administrator connects a system without the admin screens."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from loket.platform.api_clients.models import Applicatie, ClientCredential
from loket.platform.tests.factories import OrganisationFactory
from loket.platform.zgw.testing import make_jwt


def run(*args) -> str:
    out = io.StringIO()
    call_command("api_client", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def organisation(db, settings):
    settings.LOKET_ZGW_BASE_URL = "https://zaken.testdorp.example"
    return OrganisationFactory(slug="testdorp")


def test_create_with_all_permissions_prints_a_generated_secret_once_and_it_signs_tokens(organisation, client):
    output = run("create", "--label", "Zaaksysteem", "--client-id", "zaaksysteem", "--all")
    secret = re.search(r": (\S+)\s*$", output.strip().splitlines()[-1]).group(1)
    assert len(secret) >= 32
    applicatie = Applicatie.objects.get(client_ids__contains=["zaaksysteem"])
    assert applicatie.heeft_alle_autorisaties and applicatie.organisation == organisation
    token = make_jwt("zaaksysteem", secret)
    assert client.get("/autorisaties/api/v1/applicaties", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    assert secret not in run("show", "zaaksysteem")
    assert secret not in run("list")


def test_create_with_a_given_secret_does_not_print_it(organisation):
    output = run("create", "--label", "Formulieren", "--client-id", "forms", "--secret", "mijn-eigen-geheim-van-32-tekens!!", "--all")
    assert "mijn-eigen-geheim" not in output
    assert ClientCredential.objects.get(client_id="forms").secret == "mijn-eigen-geheim-van-32-tekens!!"


def test_component_options_build_one_autorisatie_per_type(organisation):
    zaaktype_a = "https://zaken.testdorp.example/catalogi/api/v1/zaaktypen/11111111-1111-1111-1111-111111111111"
    run("create", "--label", "Meldingen", "--client-id", "meldingen",
        "--component", "zrc", "--scopes", "zaken.lezen,zaken.aanmaken", "--zaaktype", zaaktype_a,
        "--zaaktype", "22222222-2222-2222-2222-222222222222", "--max-vertrouwelijkheid", "openbaar",
        "--component", "nrc", "--scopes", "notificaties.publiceren")
    autorisaties = list(Applicatie.objects.get(label="Meldingen").autorisaties.order_by("pk"))
    assert [(a.component, a.zaaktype, a.max_vertrouwelijkheidaanduiding) for a in autorisaties] == [
        ("zrc", zaaktype_a, "openbaar"),
        ("zrc", "https://zaken.testdorp.example/catalogi/api/v1/zaaktypen/22222222-2222-2222-2222-222222222222", "openbaar"),
        ("nrc", "", ""),
    ]
    assert autorisaties[0].scopes == ["zaken.aanmaken", "zaken.lezen"]
    shown = run("show", "meldingen")
    assert "zaken.aanmaken,zaken.lezen" in shown and "max openbaar" in shown


def test_client_id_already_in_use_is_refused(organisation):
    run("create", "--label", "Eerste", "--client-id", "dubbel", "--all")
    with pytest.raises(CommandError, match="clientIds"):
        run("create", "--label", "Tweede", "--client-id", "dubbel", "--all")


def test_neither_all_nor_autorisaties_is_refused(organisation):
    with pytest.raises(CommandError, match="heeftAlleAutorisaties"):
        run("create", "--label", "Leeg", "--client-id", "leeg")


def test_scopes_of_another_component_are_refused(organisation):
    with pytest.raises(CommandError, match="autorisaties.0.scopes"):
        run("create", "--label", "Fout", "--client-id", "fout", "--component", "brc", "--scopes", "zaken.lezen",
            "--besluittype", "33333333-3333-3333-3333-333333333333")


def test_list_shows_every_application(organisation):
    run("create", "--label", "Zaaksysteem", "--client-id", "zs", "--all")
    run("create", "--label", "DMS", "--client-id", "dms", "--all")
    listed = run("list")
    assert "Zaaksysteem" in listed and "DMS" in listed and "alle autorisaties" in listed


def test_remove_deletes_the_application_and_its_secrets(organisation, client):
    run("create", "--label", "Weg", "--client-id", "weg", "--secret", "geheim-geheim-geheim-geheim-geheim", "--all")
    run("remove", "weg")
    assert not Applicatie.objects.exists() and not ClientCredential.objects.exists()
    token = make_jwt("weg", "geheim-geheim-geheim-geheim-geheim")
    assert client.get("/autorisaties/api/v1/applicaties", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    with pytest.raises(CommandError):
        run("remove", "weg")


def test_secret_rotation_invalidates_the_old_secret(organisation, client):
    run("create", "--label", "Roteer", "--client-id", "roteer", "--secret", "oud-geheim-oud-geheim-oud-geheim-0", "--all")
    output = run("secret", "roteer")
    new = output.strip().rsplit(" ", 1)[1]
    old_token, new_token = make_jwt("roteer", "oud-geheim-oud-geheim-oud-geheim-0"), make_jwt("roteer", new)
    assert client.get("/autorisaties/api/v1/applicaties", HTTP_AUTHORIZATION=f"Bearer {old_token}").status_code == 401
    assert client.get("/autorisaties/api/v1/applicaties", HTTP_AUTHORIZATION=f"Bearer {new_token}").status_code == 200


def test_organisation_must_be_named_when_there_are_several(organisation):
    OrganisationFactory(slug="ocmw")
    with pytest.raises(CommandError, match="--organisation"):
        run("create", "--label", "X", "--client-id", "x", "--all")
    run("create", "--label", "X", "--client-id", "x", "--all", "--organisation", "ocmw")
    assert Applicatie.objects.get(label="X").organisation.slug == "ocmw"


def test_secret_can_be_read_from_standard_input(organisation, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("geheim-van-stdin-geheim-van-stdin-0\n"))
    output = run("create", "--label", "Stdin", "--client-id", "stdin", "--secret", "-", "--all")
    assert "geheim-van-stdin" not in output
    assert ClientCredential.objects.get(client_id="stdin").secret == "geheim-van-stdin-geheim-van-stdin-0"


def test_a_new_secret_can_be_read_from_standard_input_too(organisation, monkeypatch, client):
    run("create", "--label", "Roteer", "--client-id", "roteer", "--all")
    monkeypatch.setattr("sys.stdin", io.StringIO("nieuw-geheim-van-stdin-nieuw-geheim-0\n"))
    output = run("secret", "roteer", "--secret", "-")
    assert "nieuw-geheim" not in output
    token = make_jwt("roteer", "nieuw-geheim-van-stdin-nieuw-geheim-0")
    assert client.get("/autorisaties/api/v1/applicaties", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
