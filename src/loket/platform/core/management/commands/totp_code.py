from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.platform.accounts.models import User


class Command(BaseCommand):
    help = "Print the current 2FA code of a demo account (refused for real accounts)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"There is no account {options['username']!r}.")
        if not user.is_demo_account:
            raise CommandError("Codes are only printed for demo accounts.")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            raise CommandError("This account has no authenticator linked yet: log in once and scan the QR code.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
