from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from charter.retention import personal_data_purge, retention_days
from charter.services import aware


class Command(BaseCommand):
    help = (
        "Blank customers' names, phone numbers and e-mail addresses older than "
        "PERSONAL_DATA_RETENTION_DAYS (what beat runs every six hours)."
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
            try:
                instant = aware(instant, "now")
            except Exception as error:
                raise CommandError("; ".join(getattr(error, "messages", [str(error)]))) from error
        if days is not None and days < 0:
            raise CommandError("--days: must be 0 or more")
        counts = personal_data_purge(now=instant, days=days)
        total = sum(counts.values())
        detail = ", ".join(f"{label} {count}" for label, count in counts.items() if count)
        self.stdout.write(
            f"{total} record(s) purged (retention {retention_days() if days is None else days} "
            f"days){': ' + detail if detail else ''}."
        )
