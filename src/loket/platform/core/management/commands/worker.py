from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker (procrastinate): e-mail, notifications, timers. Run several for scale."

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=4, help="Jobs run at the same time in this worker.")
        parser.add_argument("--queues", default="", help="Comma-separated queues to listen to (default: all).")

    def handle(self, *args, **options):
        arguments = ["worker", "--concurrency", str(options["concurrency"])]
        if options["queues"]:
            arguments += ["--queues", options["queues"]]
        call_command("procrastinate", *arguments)
