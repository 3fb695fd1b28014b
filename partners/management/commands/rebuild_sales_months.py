"""`manage.py rebuild_sales_months`: recompute the monthly sales summary from the sales lines."""

from django.core.management.base import BaseCommand

from partners.sales_months import sales_months_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the monthly sales summary (one row per partner and month) from every sales line, in one "
        "transaction. Every sales write keeps the summary up to date; this is for a summary in doubt (a restore, "
        "lines changed by hand in the database)."
    )

    def handle(self, *args, **options):
        rows = sales_months_rebuild()
        self.stdout.write(f"{rows} partner months rebuilt.")
