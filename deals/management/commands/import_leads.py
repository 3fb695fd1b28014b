from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from deals.lead_import import LeadImportError, leads_import


class Command(BaseCommand):
    help = (
        "Import company leads from a CSV or XLSX file and offer each to its first eligible partner. Every row is "
        "checked first; any row error is printed and nothing is written (exit 1). Rows whose external_ref was "
        "imported before are skipped, so running it twice adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file with the columns customer_name, region_code, ...")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as file:
            try:
                created = leads_import(file=file, file_name=path.name, by=None)
            except LeadImportError as error:
                for message in error.messages:
                    self.stderr.write(message)
                raise CommandError(f"{len(error.errors)} errors; nothing was imported.") from error
        self.stdout.write(self.style.SUCCESS(f"{created} leads imported and offered."))
