"""`manage.py rebuild_sales_months`: recompute the monthly sales summaries from the sales lines."""

from django.core.management.base import BaseCommand

from partners.sales_months import sales_months_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the monthly sales summaries (one row per partner and month, one per partner, month and product) "
        "from every sales line, in one transaction. Every sales write keeps them up to date; this is for a summary "
        "in doubt (a restore, lines changed by hand in the database)."
    )

    def handle(self, *args, **options):
        months, product_months = sales_months_rebuild()
        self.stdout.write(f"{months} partner months and {product_months} partner product months rebuilt.")
