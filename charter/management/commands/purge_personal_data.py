from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from charter.access import access_records_purge
from charter.retention import personal_data_purge, retention_days
from charter.services import aware


class Command(BaseCommand):
    help = (
        "Blank customers' names, phone numbers and e-mail addresses older than "
        "PERSONAL_DATA_RETENTION_DAYS, and access records older than "
        "ACCESS_RECORD_RETENTION_DAYS (what beat runs every six hours)."
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
        report = personal_data_purge(now=instant, days=days)
        total = sum(report.values())
        detail = ", ".join(f"{label} {count}" for label, count in report.items() if count)
        self.stdout.write(
            f"{total} row(s) blanked (retention {retention_days() if days is None else days} "
            f"days){': ' + detail if detail else ''}."
        )
        removed = access_records_purge()
        if removed:
            self.stdout.write(f"{removed} access record(s) past their keeping period removed.")
        if report.failed:
            for label, why in report.failed.items():
                self.stderr.write(f"{label}: purge failed ({why}); rolled back, see the log.")
            raise CommandError(
                f"personal data purge failed for {len(report.failed)} model(s): "
                + ", ".join(report.failed)
            )
