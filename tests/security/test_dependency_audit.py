"""`make audit` must not call a run that audited nothing a pass; `make security` (bandit) fails on anything above
low. audit_outputs/offline_every_pin_skipped.json is pip-audit 2.10.1's real JSON for requirements.lock with no
vulnerability data reachable (it printed "No known vulnerabilities found" and exited 0); the other reports are
written in the same format (pip_audit/_format/json.py)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from common.dependency_audit import CLEAN, NOT_AUDITED, VULNERABLE, summarize

RECORDED = Path(__file__).parent / "audit_outputs"


def test_a_run_that_reached_no_vulnerability_data_says_not_audited_and_fails():
    summary = summarize(json.loads((RECORDED / "offline_every_pin_skipped.json").read_text()))
    assert summary.audited == 0
    assert len(summary.skipped) == 94
    assert summary.exit_code == NOT_AUDITED
    assert summary.report().startswith("NOT AUDITED: none of the 94 pinned packages could be checked")
    assert "No known vulnerabilities" not in summary.report()


def test_a_vulnerable_pin_is_named_with_its_fix():
    report = {
        "dependencies": [
            {"name": "django", "version": "4.2.0", "vulns": [{"id": "PYSEC-2023-100", "fix_versions": ["4.2.2"]}]},
            {"name": "celery", "version": "5.7.0", "vulns": []},
        ],
        "fixes": [],
    }
    summary = summarize(report)
    assert summary.exit_code == VULNERABLE
    assert "django 4.2.0: PYSEC-2023-100 (fixed in 4.2.2)" in summary.report()


def test_only_a_fully_audited_clean_run_passes():
    clean = {"dependencies": [{"name": "celery", "version": "5.7.0", "vulns": []}], "fixes": []}
    assert summarize(clean).exit_code == CLEAN
    assert summarize(clean).report() == "No known vulnerabilities in the 1 pinned packages (all audited)."
    partly = {"dependencies": [*clean["dependencies"], {"name": "mine", "skip_reason": "not on PyPI"}], "fixes": []}
    assert summarize(partly).exit_code == NOT_AUDITED
    assert "PARTLY AUDITED" in summarize(partly).report()
    assert summarize({"dependencies": [], "fixes": []}).exit_code == NOT_AUDITED


def test_the_command_reports_a_pip_audit_failure_as_not_audited(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("audit_dependencies", str(tmp_path / "missing.lock"))
    assert error.value.returncode == NOT_AUDITED
    assert str(error.value).startswith("NOT AUDITED: pip-audit failed")


def _bandit(directory: Path) -> subprocess.CompletedProcess:
    """What `make security` runs, in `directory`."""
    command = [str(Path(sys.executable).parent / "bandit"), "-c", "pyproject.toml", "-r", "."]
    command += ["--severity-level", "medium", "--quiet"]
    return subprocess.run(command, cwd=directory, capture_output=True, text=True, timeout=300)


def test_bandit_finds_nothing_above_low_in_our_code_and_fails_on_a_medium_finding(tmp_path):
    ours = _bandit(Path(settings.BASE_DIR))
    assert ours.returncode == 0, ours.stdout + ours.stderr
    shutil.copy(Path(settings.BASE_DIR) / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "views.py").write_text("import yaml\n\n\ndef load(text):\n    return yaml.load(text)\n")
    assert _bandit(tmp_path).returncode == 1
