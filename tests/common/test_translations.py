"""The Simplified Chinese catalog is complete: every string in the code has a translation."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.services import ON_CI

CATALOG = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
SOURCE_DIRS = (
    "config",
    "common",
    "partners",
    "recruitment",
    "training",
    "evaluations",
    "incentives",
    "plans",
    "templates",
)


def test_every_catalog_entry_is_translated():
    catalog = polib.pofile(str(CATALOG))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert not untranslated, "untranslated entries in zh_Hans"
    assert not fuzzy, "fuzzy entries in zh_Hans"


def test_catalog_has_every_string_of_the_code(tmp_path):
    """Run makemessages over a copy of the source and look for msgids the catalog lacks."""
    if not shutil.which("xgettext"):
        if ON_CI:
            pytest.fail("xgettext (GNU gettext) is needed to check the catalog")
        pytest.skip("xgettext (GNU gettext) is not installed")
    root = Path(settings.BASE_DIR)
    for name in (*SOURCE_DIRS, "manage.py"):
        source = root / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "zh_Hans", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    extracted = polib.pofile(str(tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    known = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(CATALOG)) if entry.translated()}
    missing = sorted(entry.msgid for entry in extracted if (entry.msgctxt, entry.msgid) not in known)
    assert not missing, "run `make messages` and translate these"
