from django.core.management.base import BaseCommand

from charter.demo import seed_demo


class Command(BaseCommand):
    help = "Create demo departments, staff, users for each role and interactions (idempotent)."

    def handle(self, *args, **options):
        result = seed_demo()
        self.stdout.write(
            f"Demo data ready: {result['departments']} departments, {result['users']} new user(s)."
        )
