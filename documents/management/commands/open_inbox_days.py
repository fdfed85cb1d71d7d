from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from documents.services import inbox_day_open, inbox_days_open_due


class Command(BaseCommand):
    help = (
        "Open the D1 obligations (fax, e-mail, post) of every department for a business day: "
        "today and any missed day since the last opened one, or the --date given (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="open this day only (YYYY-MM-DD)")

    def handle(self, *args, date=None, **options):
        try:
            if date:
                day = parse_date(date)
                if day is None:
                    raise CommandError(f"--date: not a date (YYYY-MM-DD): {date!r}")
                count = inbox_day_open(day=day)
            else:
                count = inbox_days_open_due()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"{count} inbox day(s) opened.")
