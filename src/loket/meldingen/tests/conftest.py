"""A small world for the meldingen tests: Gemeente Testbeek with a boundary, the shipped taxonomy, two departments,
a partner (waste intercommunale), staff, and a classifier stand-in whose answer each test sets."""

import dataclasses
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from loket.cases.models import CaseSettings
from loket.meldingen import services, taxonomy
from loket.meldingen.classification import Classification, Ranked
from loket.meldingen.models import Category
from loket.platform.organisations.models import OrganisationKind
from loket.platform.tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

CENTRE = (51.0800, 4.6200)
BOUNDARY = {"type": "Polygon", "coordinates": [[[4.58, 51.06], [4.67, 51.06], [4.67, 51.11], [4.58, 51.11], [4.58, 51.06]]]}


def jpeg(width=40, height=30, *, exif_gps=False) -> bytes:
    from PIL import Image

    image = Image.new("RGB", (width, height), (200, 30, 30))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "Telefoonmerk"  # Make
        gps = {1: "N", 2: (51.0, 4.0, 48.0), 3: "E", 4: (4.0, 37.0, 12.0)}
        exif[0x8825] = gps
        image.save(out, "JPEG", exif=exif.tobytes())
    else:
        image.save(out, "JPEG")
    return out.getvalue()


def upload(name="foto.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content if content is not None else jpeg(), content_type=content_type)


class FakeClassifier:
    """Answers with the sub category (and confidence) a test chose; the real one is meld-classifier's and tested
    there."""

    def __init__(self):
        self.slug, self.confidence, self.calls = "container-is-vol", 0.9, []

    def __call__(self, text, organisation=None):
        self.calls.append(text)
        sub = Category.objects.select_related("parent").get(organisation=organisation, slug=self.slug, parent__isnull=False)
        other = Category.objects.filter(organisation=organisation, parent__isnull=False).exclude(pk=sub.pk).first()
        return Classification(
            main=[Ranked(sub.parent.slug, sub.parent.name, min(1.0, self.confidence + 0.05))],
            sub=[Ranked(sub.slug, sub.name, self.confidence), Ranked(other.slug, other.name, 1 - self.confidence)],
        )


@dataclasses.dataclass
class World:
    gemeente: object
    ian: object
    public_space: object
    green: object
    handler: object
    classifier: FakeClassifier

    def category(self, slug):
        return Category.objects.get(organisation=self.gemeente, slug=slug, parent__isnull=False)

    def report(self, **kwargs):
        options = {"organisation": self.gemeente, "text": "De glasbak aan de kerk zit vol en er staat glas naast.",
                   "latitude": CENTRE[0], "longitude": CENTRE[1], "address": "Kerkstraat 1, 9999 Testbeek"}
        options.update(kwargs)
        return services.create_melding(**options)


@pytest.fixture
def classifier(monkeypatch):
    fake = FakeClassifier()
    monkeypatch.setattr("loket.meldingen.classification.classify", fake)
    return fake


@pytest.fixture
def world(db, classifier) -> World:
    gemeente = OrganisationFactory(name="Gemeente Testbeek", slug="testbeek-meldingen")
    CaseSettings.objects.create(organisation=gemeente, holiday_country="BE", case_number_prefix="TB")
    ian = OrganisationFactory(name="Afvalintercommunale Test", slug="ian-test", kind=OrganisationKind.AFVALINTERCOMMUNALE)
    gemeente.partners.add(ian)
    public_space = DepartmentFactory(organisation=gemeente, name="Openbare ruimte", slug="openbare-ruimte")
    green = DepartmentFactory(organisation=gemeente, name="Groen", slug="groen")
    handler = UserFactory(organisation=gemeente)
    MembershipFactory(user=handler, department=public_space, role="behandelaar")
    taxonomy.load_taxonomy(gemeente, department=public_space)
    services.configure(organisation=gemeente, boundary=BOUNDARY, default_department=public_space)
    return World(gemeente=gemeente, ian=ian, public_space=public_space, green=green, handler=handler, classifier=classifier)
