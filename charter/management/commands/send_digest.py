from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from charter.notifications import digest_send


class Command(BaseCommand):
    help = "Send the managers' morning digest (beat, 08:30 Asia/Seoul on working days)."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="as at this time (ISO 8601), not later than now")

    def handle(self, *args, now=None, **options):
        at = None
        if now:
            at = parse_datetime(now)
            if at is None or timezone.is_naive(at):
                raise CommandError("--now needs a date, time and offset (2026-12-07T08:30+09:00)")
            if at > timezone.now():
                raise CommandError("--now may not be later than the present")
        told = digest_send(now=at)
        self.stdout.write(f"{told} manager(s) sent a digest.")
