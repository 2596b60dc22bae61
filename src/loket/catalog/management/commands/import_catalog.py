"""``loket import-catalog``: import the UPL (+ SDG areas, Ondernemersplein texts) and the IPDC code lists,
optionally publish the municipal products in an organisation; import or export JSON-LD and SC feeds."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.catalog import importers, services
from loket.platform.organisations.models import Organisation


class Command(BaseCommand):
    help = "Importeer de UPL, de IPDC-codelijsten en producten (idempotent); toont wat er veranderde."

    def add_arguments(self, parser):
        parser.add_argument("--upl", default=str(importers.UPL_FILE), help="UPL CSV (upl-2025.csv)")
        parser.add_argument("--sdg-areas", default=str(importers.SDG_AREAS_FILE))
        parser.add_argument("--upl-sdg", default=str(importers.UPL_SDG_FILE))
        parser.add_argument("--ondernemersplein", default=str(importers.ONDERNEMERSPLEIN_FILE))
        parser.add_argument("--ipdc", default=str(importers.IPDC_DIR), help="map met IPDC-codelijsten en -producten")
        parser.add_argument("--organisation", help="slug: publiceer alle gemeentelijke UPL-producten in deze organisatie")
        parser.add_argument("--ipdc-records", action="store_true", help="ook de IPDC-productfiches importeren")
        parser.add_argument("--jsonld", help="importeer een CPSV-AP/IPDC JSON-LD-bestand in --organisation")
        parser.add_argument("--export-jsonld", help="schrijf de catalogus van --organisation als JSON-LD")
        parser.add_argument("--export-sc", help="schrijf de catalogus van --organisation als Samenwerkende Catalogi-XML")
        parser.add_argument("--skip-upl", action="store_true")

    def handle(self, *args, **options):
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"Onbekende organisatie: {options['organisation']}")
        needs_org = options["jsonld"] or options["export_jsonld"] or options["export_sc"] or options["ipdc_records"]
        if needs_org and organisation is None:
            raise CommandError("Geef --organisation.")
        for name in ("upl", "sdg_areas", "upl_sdg", "ondernemersplein", "jsonld"):
            if options[name] and not Path(options[name]).exists():
                raise CommandError(f"Bestand niet gevonden: {options[name]}")
        try:
            if not options["skip_upl"]:
                report = importers.import_upl(upl_path=Path(options["upl"]), sdg_areas_path=Path(options["sdg_areas"]),
                                              upl_sdg_path=Path(options["upl_sdg"]),
                                              ondernemersplein_path=Path(options["ondernemersplein"]))
                self.stdout.write(f"UPL: {report['total']} producten ({report['municipal']} gemeentelijk); "
                                  f"{len(report['added'])} nieuw, {len(report['removed'])} verdwenen, "
                                  f"{len(report['renamed'])} hernoemd, {report['changed']} gewijzigd.")
                for row in report["added"][:50]:
                    self.stdout.write(f"  + {row['name']} <{row['uri']}>")
                for row in report["removed"]:
                    self.stdout.write(f"  - {row['name']} <{row['uri']}>")
                for row in report["renamed"]:
                    self.stdout.write(f"  ~ {row['from']} -> {row['to']} <{row['uri']}>")
                concepts = importers.import_ipdc_codelists(Path(options["ipdc"]))
                self.stdout.write(f"IPDC-codelijsten: {concepts} begrippen.")
            if organisation is not None and not options["skip_upl"]:
                result = importers.publish_municipal_upl(organisation)
                self.stdout.write(f"{organisation.name}: {result['created']} producten gepubliceerd, "
                                  f"{result['updated']} bijgewerkt, {result['archived']} gearchiveerd.")
            if options["ipdc_records"]:
                products = importers.import_ipdc_records(organisation, Path(options["ipdc"]))
                self.stdout.write(f"IPDC-productfiches: {len(products)}.")
            if options["jsonld"]:
                document = json.loads(Path(options["jsonld"]).read_text(encoding="utf-8"))
                result = importers.import_jsonld(document, organisation)
                self.stdout.write(f"JSON-LD: {result['products']} producten ({result['created']} nieuw, "
                                  f"{result['changed']} gewijzigd).")
            if organisation is not None:
                services.rebuild_search(organisation)
            if options["export_jsonld"]:
                document = importers.export_jsonld(organisation)
                Path(options["export_jsonld"]).write_text(json.dumps(document, ensure_ascii=False, indent=1),
                                                          encoding="utf-8")
                self.stdout.write(f"JSON-LD geschreven: {len(document['@graph'])} producten.")
            if options["export_sc"]:
                Path(options["export_sc"]).write_text(importers.export_samenwerkende_catalogi(organisation),
                                                      encoding="utf-8")
                self.stdout.write("Samenwerkende Catalogi-XML geschreven.")
        except (services.CatalogError, json.JSONDecodeError, KeyError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
