"""python manage.py charter_map: the 27 standards, one line each, with who measures them."""

from django.core.management.base import BaseCommand

from charter.registry import charter_map


class Command(BaseCommand):
    help = (
        "Print the map of the charter in code: code, section app, subject, opening service, "
        "settling service, clock, duration (one line per active standard)."
    )

    def handle(self, *args, **options):
        for row in charter_map():
            self.stdout.write(
                "\t".join(
                    str(value)
                    for value in (
                        row.code,
                        row.app,
                        row.subject,
                        row.opens,
                        row.settles,
                        row.clock,
                        row.duration,
                    )
                )
            )
