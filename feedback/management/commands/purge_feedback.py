from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from feedback.services import feedback_purge, retention_days


class Command(BaseCommand):
    help = (
        "Blank customers' names and contacts on opinions and complaints closed more than "
        "FEEDBACK_RETENTION_DAYS (default 365) days ago (what beat runs daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="purge as of this ISO-8601 time (with its offset)")
        parser.add_argument("--days", type=int, help="retention in days (default: the setting)")

    def handle(self, *args, now=None, days=None, **options):
        instant = None
        if now:
            instant = parse_datetime(now)
            if instant is None:
                raise CommandError(f"--now: not an ISO-8601 date and time: {now!r}")
        if days is not None and days < 0:
            raise CommandError("--days: must be 0 or more")
        try:
            count = feedback_purge(now=instant, days=days)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"{count} item(s) purged (retention {retention_days() if days is None else days} days)."
        )
