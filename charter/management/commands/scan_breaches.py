from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from charter.services import breach_scan


class Command(BaseCommand):
    help = "Mark open obligations whose deadline has passed as breached (what beat runs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", help="scan as of this ISO-8601 time (with its offset), never later than now"
        )

    def handle(self, *args, now=None, **options):
        instant = None
        if now:
            instant = parse_datetime(now)
            if instant is None:
                raise CommandError(f"--now: not an ISO-8601 date and time: {now!r}")
            if timezone.is_aware(instant) and instant > timezone.now():
                # A scan ahead of time would breach, for good, obligations not yet due.
                raise CommandError(
                    f"--now: {now} is in the future; a scan is only run as of now or earlier."
                )
        try:
            count = breach_scan(now=instant)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"{count} obligation(s) breached.")
