import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from common.demo import DEMO_PASSWORD, DemoContext


class Command(BaseCommand):
    help = (
        "Create the demo data set and the demo logins of every role, then print the logins. "
        "Safe to run twice: existing demo rows are kept as they are."
    )

    def handle(self, *args, **options):
        ctx = DemoContext(today=timezone.localdate())
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
