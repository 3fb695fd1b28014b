from django.core.management.base import BaseCommand, CommandError

from common.periods import Period
from incentives.services import rewards_calculate


class Command(BaseCommand):
    help = (
        "Compute the accruals and statements of a month (YYYY-MM). Safe to run twice: draft accruals are "
        "replaced, approved or paid ones get adjustment lines in the next open month."
    )

    def add_arguments(self, parser):
        parser.add_argument("month", help="the month to calculate, as YYYY-MM")

    def handle(self, *args, month, **options):
        try:
            period = Period.parse(month)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        summary = rewards_calculate(period=period)
        self.stdout.write(
            f"{period}: {summary.accruals} accruals ({summary.created} new, {summary.updated} recalculated, "
            f"{summary.removed} removed), {summary.adjustments} adjustments, {summary.statements} statements"
        )
