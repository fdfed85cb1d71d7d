from django.core.management.base import BaseCommand, CommandError

from charter.demo import DEMO_REFUSED, demo_data_allowed, seed_demo


class Command(BaseCommand):
    help = "Create demo departments, staff, users for each role and interactions (idempotent)."

    def handle(self, *args, **options):
        if not demo_data_allowed():  # production settings: no log-ins with a known password
            raise CommandError(DEMO_REFUSED)
        result = seed_demo()
        self.stdout.write(
            f"Demo data ready: {result['departments']} departments, {result['users']} new user(s)."
        )
