"""Seed the standard kanalen with their kenmerken (filters), as Open Zaak registers them."""

from django.db import migrations

STANDARD_KANALEN = {
    "zaken": ["bronorganisatie", "zaaktype", "vertrouwelijkheidaanduiding"],
    "documenten": ["bronorganisatie", "informatieobjecttype", "vertrouwelijkheidaanduiding"],
    "besluiten": ["verantwoordelijkeOrganisatie", "besluittype"],
    "zaaktypen": ["catalogus"],
    "informatieobjecttypen": ["catalogus"],
    "besluittypen": ["catalogus"],
    "autorisaties": [],
}
DOCUMENTATION = "https://vng-realisatie.github.io/gemma-zaken/standaard/"


def seed(apps, schema_editor):
    Kanaal = apps.get_model("notifications", "Kanaal")
    for naam, filters in STANDARD_KANALEN.items():
        Kanaal.objects.get_or_create(naam=naam, defaults={"filters": filters, "documentatie_link": DOCUMENTATION})


def unseed(apps, schema_editor):
    Kanaal = apps.get_model("notifications", "Kanaal")
    Kanaal.objects.filter(naam__in=STANDARD_KANALEN, notifications__isnull=True, filter_groups__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
