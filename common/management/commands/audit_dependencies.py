import json
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common.dependency_audit import CLEAN, summarize


class Command(BaseCommand):
    help = (
        "Audit the pinned dependencies with pip-audit (needs the package index). Exit 0 only when every pin "
        "was audited and none is vulnerable; 1 on a known vulnerability; 2 when pins could not be audited."
    )

    def add_arguments(self, parser):
        parser.add_argument("requirement", nargs="?", default=str(Path(settings.BASE_DIR) / "requirements.lock"))
        parser.add_argument("--timeout", type=int, default=15, help="pip-audit's socket timeout, in seconds")

    def handle(self, *args, requirement, timeout, **options):
        # Every line of the lock file is a pin, so nothing needs resolving (and no virtualenv gets built).
        command = [sys.executable, "-m", "pip_audit", "--requirement", requirement, "--no-deps", "--disable-pip"]
        command += ["--format", "json", "--progress-spinner", "off", "--timeout", str(timeout)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # a fixed list, no shell
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            raise CommandError(
                f"NOT AUDITED: pip-audit failed (exit {result.returncode}): {result.stderr.strip()[-500:]}",
                returncode=2,
            ) from None
        summary = summarize(report)
        if summary.exit_code != CLEAN:
            raise CommandError(summary.report(), returncode=summary.exit_code)
        self.stdout.write(summary.report())
