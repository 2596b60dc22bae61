"""The portal part of the demo: the demo resident has a realistic history to show."""

import pytest
from django.urls import reverse

from loket.demo.services import load_demo
from loket.platform.organisations.models import Organisation
from loket.portal import demo, selectors
from loket.portal.models import DocumentRequest, PortalMessage

from .overview_world import log_in

pytestmark = pytest.mark.django_db


def test_demo_resident_history(client, settings, tmp_path):
    storages = dict(settings.STORAGES)
    storages["documents"] = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                             "OPTIONS": {"location": str(tmp_path / "documents")}}
    settings.STORAGES = storages
    counts = load_demo(residents=20, businesses=5, extra_staff=0, catalog=False)
    assert counts["portal_messages"] > 0 and counts["document_requests"] == 1
    heidebeek = Organisation.objects.get(slug="heidebeek")
    main, neighbour = demo.demo_residents(heidebeek)
    overview = selectors.overview(main)
    assert len(overview.document_requests) == 1
    assert overview.open_case_count == 3 and overview.closed_case_count == 1
    assert len(overview.meldingen) == 2 and overview.open_question_count == 1
    assert main.represents.count() == 3  # a child, a mandate, and (H1) contact person of a business
    closed = selectors.cases_for(main).get(is_closed=True)
    page = selectors.case_page(closed)
    assert page.decisions and page.decisions[0].visible_documents
    assert selectors.staff_accesses(main).exists()
    log_in(client, main)
    for name in ("overview", "cases", "meldingen", "questions", "messages", "profile", "access_log"):
        assert client.get(reverse(f"portal:{name}")).status_code == 200, name
    assert client.get(reverse("portal:case", args=[closed.uuid])).status_code == 200
    assert PortalMessage.objects.filter(party=main, read_at__isnull=True).exists()
    # Loading again replaces the demo (no leftovers, no errors).
    load_demo(residents=20, businesses=5, extra_staff=0, catalog=False)
    assert DocumentRequest.objects.count() == 1
