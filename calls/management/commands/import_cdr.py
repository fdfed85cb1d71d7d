"""import_cdr FILE: Asterisk's cdr_csv Master.csv, through the same service as
POST /api/v1/calls/cdr/ (calls.services.call_ingest_cdr)."""

import csv
import zoneinfo
from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from calls import services
from calls.api import CdrRecordSerializer

# Asterisk's cdr_csv columns, in its order (no header line).
COLUMNS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
)
# Records handed to the service at once: memory stays constant whatever the file's size.
CHUNK = 200
PROGRESS_EVERY = 1000


def _messages(errors: dict) -> str:
    return "; ".join(f"{name}: {' '.join(str(m) for m in msgs)}" for name, msgs in errors.items())


class Command(BaseCommand):
    help = (
        "Import Asterisk's cdr_csv Master.csv (no header, 18 columns, times in "
        "CDR_CSV_TIMEZONE): P1 measured from the phone system's rings, idempotent by uniqueid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the Master.csv to read")
        parser.add_argument(
            "--by",
            required=True,
            help="username recorded as logging the calls (the phone system's integration user "
            "or an admin); it must be allowed to log calls for the extensions' departments",
        )

    def handle(self, *args, file, by, **options):
        user = get_user_model().objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user “%(name)s”.") % {"name": by})
        try:
            tz = zoneinfo.ZoneInfo(settings.CDR_CSV_TIMEZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
            raise CommandError(f"CDR_CSV_TIMEZONE: {error}") from error
        try:
            handle = open(file, newline="", encoding="utf-8-sig", errors="replace")  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        self.counts = Counter()
        self.lines = 0
        self.reports = []
        with handle:
            pending = []  # (line number, parsed record)
            for line, row in self._rows(handle):
                self.lines += 1
                parsed = self._parse(line, row, tz)
                if parsed is not None:
                    pending.append((line, parsed))
                if len(pending) >= CHUNK or len(self.reports) >= CHUNK:
                    self._ingest(user, pending)
                    pending = []
                    self._flush()
                self._progress()
            if pending:
                self._ingest(user, pending)
            self._flush()
        if self.lines >= PROGRESS_EVERY and self.stderr.isatty():
            self.stderr.write("")
        c = self.counts
        self.stdout.write(
            _(
                "%(lines)d lines: %(created)d calls created, %(linked)d linked to a typed call, "
                "%(duplicate)d already imported, %(unassigned)d unknown extension, "
                "%(rejected)d not usable."
            )
            % {
                "lines": self.lines,
                "created": c["created"],
                "linked": c["linked"],
                "duplicate": c["duplicate"],
                "unassigned": c["unassigned"],
                "rejected": c["rejected"],
            }
        )

    def _rows(self, handle):
        reader = csv.reader(handle)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                self._report(reader.line_num, str(error))
                self.counts["rejected"] += 1
                self.lines += 1
                continue
            if not row or row == [""]:
                continue
            yield reader.line_num, row

    def _parse(self, line, row, tz):
        if len(row) != len(COLUMNS):
            self.counts["rejected"] += 1
            self._report(
                line,
                _("malformed line: %(found)d columns instead of %(wanted)d.")
                % {"found": len(row), "wanted": len(COLUMNS)},
            )
            return None
        given = CdrRecordSerializer(data=dict(zip(COLUMNS, row, strict=True)))
        with timezone.override(tz):
            valid = given.is_valid()
        if not valid:
            self.counts["rejected"] += 1
            self._report(
                line, _("malformed line: %(errors)s") % {"errors": _messages(given.errors)}
            )
            return None
        return given.validated_data

    def _ingest(self, user, pending):
        results = services.call_ingest_cdr(by=user, records=[record for _line, record in pending])
        for (line, _record), result in zip(pending, results, strict=True):
            self.counts[result.status] += 1
            if result.status == "unassigned":
                self._report(
                    line, _("unknown extension: %(errors)s") % {"errors": _messages(result.errors)}
                )
            elif result.status == "rejected":
                self._report(line, _messages(result.errors))

    def _report(self, line, message):
        """Held until the chunk is ingested, then written in line order."""
        self.reports.append((line, message))

    def _flush(self):
        for line, message in sorted(self.reports, key=lambda r: r[0]):
            self.stderr.write(_("line %(line)d: %(message)s") % {"line": line, "message": message})
        self.reports = []

    def _progress(self):
        if self.lines % PROGRESS_EVERY:
            return
        if self.stderr.isatty():
            self.stderr.write("\r" + _("%(lines)d lines read") % {"lines": self.lines}, ending="")
        else:
            self.stderr.write(_("%(lines)d lines read") % {"lines": self.lines})
