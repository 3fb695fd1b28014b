from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Compile every .po catalog under LOCALE_PATHS into its .mo file. Pure Python (polib), so a fresh "
        "machine needs no gettext tools; only catalogs newer than their .mo are rebuilt."
    )

    def handle(self, *args, **options):
        for root in settings.LOCALE_PATHS:
            for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                if options["verbosity"]:
                    self.stdout.write(f"compiled {mo_path.relative_to(settings.BASE_DIR)}")
