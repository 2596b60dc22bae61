from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from loket.meldingen.classification import services
from loket.platform.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Train the meldingen classifier: the seed model (default), one organisation's model (--organisation), "
        "or the seed model and every organisation with handled meldingen (--all)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisation", help="Slug of the organisation whose own meldingen are added.")
        parser.add_argument("--all", action="store_true", help="The seed model and every organisation's model.")

    def handle(self, *args, **options):
        if options["organisation"] and options["all"]:
            raise CommandError(_("Kies --organisation of --all, niet allebei."))
        targets = [None]
        if options["organisation"]:
            organisation = Organisation.objects.filter(slug=options["organisation"]).first()
            if organisation is None:
                raise CommandError(_("Geen organisatie met slug %(slug)s.") % {"slug": options["organisation"]})
            targets = [organisation]
        elif options["all"]:
            from loket.meldingen.selectors import training_examples

            targets += [org for org in Organisation.objects.order_by("slug") if next(iter(training_examples(org)), None)]
        for target in targets:
            row = services.train(organisation=target)
            who = target.slug if target else _("basismodel")
            self.stdout.write(
                _("%(who)s: versie %(id)s, %(seed)s voorbeeldmeldingen + %(own)s eigen meldingen, %(s).1f s")
                % {"who": who, "id": row.pk, "seed": row.seed_examples, "own": row.own_examples,
                   "s": row.training_seconds}
            )
