from django.core.management.base import BaseCommand

from charter.notifications import notify_breaches, warn_due_soon


class Command(BaseCommand):
    help = "Warn staff of deadlines about to pass and tell managers of new breaches (beat)."

    def handle(self, *args, **options):
        warned = warn_due_soon()
        announced = notify_breaches()
        self.stdout.write(f"{warned} warning(s), {announced} breach(es) announced.")
