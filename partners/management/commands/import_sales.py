"""`manage.py import_sales FILE [--dry-run] [--partner CODE]`: the sales import from the shell."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.imports.errors import RowError
from partners.imports.columns import __doc__ as COLUMNS_HELP
from partners.imports.services import ImportInProgress, file_kind, sales_import_run
from partners.models import Partner


class Command(BaseCommand):
    help = (
        "Import a CSV or XLSX file of sales records. Every bad row is printed with its reason and then nothing "
        "is written (exit status 1); otherwise all rows are written in one transaction, upserted on partner and "
        "external reference, so running the same file twice adds nothing. Columns: partner_code, date, amount, "
        "quantity, category, new_customers, external_ref."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        parser.add_argument("--partner", metavar="CODE", help="accept only this partner's rows")

    def handle(self, *args, file, dry_run, partner, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if file_kind(path.name) is None:
            raise CommandError(f"{path.name}: only .csv and .xlsx files can be imported.\n{COLUMNS_HELP}")
        scope = None
        if partner:
            scope = Partner.objects.filter(code=partner).first()
            if scope is None:
                raise CommandError(f"No partner has the code {partner!r}.")
        with path.open("rb") as handle:
            try:
                result = sales_import_run(file=handle, file_name=path.name, partner=scope, dry_run=dry_run)
            except ImportInProgress:
                raise CommandError(f"{path.name}: the same file is being imported right now.", returncode=1) from None
        if result.error_count:
            for error in result.errors:
                where = f"row {error['row']}" if error["row"] else "file"
                column = f" [{error['column']}]" if error["column"] else ""
                self.stderr.write(f"{where}{column}: {self._message(error)}")
            if result.error_count > len(result.errors):
                self.stderr.write(f"... and {result.error_count - len(result.errors)} more errors.")
            raise CommandError(
                f"{path.name}: {result.bad_rows} of {result.rows_total} rows have errors; nothing was written.",
                returncode=1,
            )
        if dry_run:
            self.stdout.write(f"{path.name}: {result.rows_total} rows, all valid (dry run: nothing was written).")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{path.name}: {result.rows_total} rows imported: {result.rows_new} new, "
                    f"{result.rows_updated} updated, {result.rows_unchanged} unchanged."
                )
            )

    @staticmethod
    def _message(error: dict) -> str:
        return RowError.from_dict(error).message
