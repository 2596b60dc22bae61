"""The standard kanalen Loket publishes on, with the kenmerken (filters) of each.

The names and kenmerken are those Open Zaak publishes, so subscribers configured for
Open Zaak + Open Notificaties filter the same way. The data migration seeds them;
``services.ensure_standard_kanalen`` repairs them (for example after a test flush).
"""

STANDARD_KANALEN: dict[str, list[str]] = {
    "zaken": ["bronorganisatie", "zaaktype", "vertrouwelijkheidaanduiding"],
    "documenten": ["bronorganisatie", "informatieobjecttype", "vertrouwelijkheidaanduiding"],
    "besluiten": ["verantwoordelijkeOrganisatie", "besluittype"],
    "zaaktypen": ["catalogus"],
    "informatieobjecttypen": ["catalogus"],
    "besluittypen": ["catalogus"],
    "autorisaties": [],
}

DOCUMENTATION = "https://vng-realisatie.github.io/gemma-zaken/standaard/"
