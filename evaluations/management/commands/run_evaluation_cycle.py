from django.core.management.base import BaseCommand, CommandError

from common.periods import Period
from evaluations.services import CycleStateError, cycle_calculate


class Command(BaseCommand):
    help = (
        "Calculate the evaluation cycle of a month (YYYY-MM) for every active partner and leave it in review; "
        "--publish publishes it too (so does EVALUATIONS_AUTO_PUBLISH). Safe to run twice: a published cycle "
        "is refused unchanged. A month that has not ended is calculated as provisional and never published."
    )

    def add_arguments(self, parser):
        parser.add_argument("period", help="The month, as YYYY-MM.")
        parser.add_argument("--publish", action="store_true", help="Publish the cycle after calculating it.")

    def handle(self, *args, period, publish, **options):
        try:
            month = Period.parse(period)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        try:
            cycle = cycle_calculate(period=month, publish=True if publish else None)
        except CycleStateError as exc:
            raise CommandError(exc.messages[0]) from exc
        self.stdout.write(f"{cycle}: {cycle.partner_count} scorecards, status {cycle.get_status_display()}")
        if cycle.provisional:
            self.stdout.write(f"{cycle}: the month has not ended; provisional, not published.")
