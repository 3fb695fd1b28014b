import importlib
import importlib.util

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from common.demo import DEMO_PASSWORD, DemoContext


class Command(BaseCommand):
    help = (
        "Create the demo data set and the demo logins of every role, then print the logins. "
        "Safe to run twice: existing demo rows are kept as they are. Refused under settings without "
        "DEMO_SEED_ALLOWED (production) unless --allow-production is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even where DEMO_SEED_ALLOWED is off (production settings). The admin gets a random password.",
        )
        parser.add_argument(
            "--demo-admin-password",
            action="store_true",
            help=f"Give the admin superuser the published password '{DEMO_PASSWORD}' (what `make run` does); "
            "refused where DEMO_SEED_ALLOWED is off.",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_SEED_ALLOWED:
            if not options["allow_production"]:
                raise CommandError(
                    "These settings do not allow demo data (DEMO_SEED_ALLOWED is off, as in production). "
                    "Pass --allow-production if you really mean to seed this database."
                )
            if options["demo_admin_password"]:
                raise CommandError("A superuser with the published demo password is refused under these settings.")
        ctx = DemoContext(today=timezone.localdate(), admin_gets_demo_password=options["demo_admin_password"])
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.demo"
                if importlib.util.find_spec(module_name) is None:
                    continue
                self.stdout.write(f"Seeding {app_config.label} ...")
                importlib.import_module(module_name).seed(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Logins (password for all: {DEMO_PASSWORD}):"))
        for username, description in ctx.logins:
            self.stdout.write(f"  {username:<24} {description}")
