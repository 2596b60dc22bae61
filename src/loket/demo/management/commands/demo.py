from django.core.management.base import BaseCommand

from loket.demo import services


class Command(BaseCommand):
    help = "Load the demo municipality Heidebeek, replacing an earlier demo (other data is kept)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=services.DEFAULT_SEED)
        parser.add_argument("--residents", type=int, default=services.DEFAULT_RESIDENTS)
        parser.add_argument("--businesses", type=int, default=services.DEFAULT_BUSINESSES)
        parser.add_argument("--extra-staff", type=int, default=services.DEFAULT_EXTRA_STAFF)

    def handle(self, *args, **options):
        counts = services.load_demo(
            seed=options["seed"], residents=options["residents"], businesses=options["businesses"],
            extra_staff=options["extra_staff"],
        )
        summary = ", ".join(f"{value} {key}" for key, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo municipality Heidebeek loaded: {summary}."))
