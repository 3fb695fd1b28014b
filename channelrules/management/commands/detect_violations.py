from django.core.management.base import BaseCommand, CommandError

from channelrules.services import findings_detect
from common.periods import Period


class Command(BaseCommand):
    help = (
        "Run the violation report of a month: every sale under the minimum resale price or outside the "
        "partner's authorised territory becomes a finding. Safe to run twice (one finding per sale and kind)."
    )

    def add_arguments(self, parser):
        parser.add_argument("period", help="The month, as YYYY-MM.")

    def handle(self, *args, period, **options):
        try:
            month = Period.parse(period)
        except ValueError as error:
            raise CommandError(f"Not a month: {period!r} (write YYYY-MM).") from error
        counts = findings_detect(period=month)
        self.stdout.write(f"{month}: {counts['new']} new findings, {counts['withdrawn']} withdrawn.")
