from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from visits.services import directory_check


class Command(BaseCommand):
    help = (
        "V1: open an obligation for active staff without a photo or a seat, and meet the "
        "pending ones that are complete now (what beat runs every 15 minutes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="check as of this ISO-8601 time (with its offset)")

    def handle(self, *args, now=None, **options):
        instant = None
        if now:
            instant = parse_datetime(now)
            if instant is None:
                raise CommandError(f"--now: not an ISO-8601 date and time: {now!r}")
        try:
            result = directory_check(now=instant)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"V1: {result['opened']} opened, {result['met']} met.")
