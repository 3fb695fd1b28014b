"""Celery for at-least-once work: late acknowledgement, redelivery, and retries that never outlive the
broker's visibility timeout (a retry waiting longer would be delivered to a second worker)."""

import json
import os
import subprocess
import sys

from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

from config.celery import app

OUR_APPS = {
    "common",
    "partners",
    "recruitment",
    "training",
    "surveys",
    "deals",
    "channelrules",
    "evaluations",
    "incentives",
    "api",
    "plans",
}


def _our_tasks():
    app.loader.import_default_modules()
    return [task for name, task in app.tasks.items() if name.split(".")[0] in OUR_APPS]


def test_tasks_are_acknowledged_late_and_requeued_when_their_worker_dies():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1


def test_every_retry_delay_stays_below_the_visibility_timeout():
    visibility = settings.CELERY_BROKER_VISIBILITY_TIMEOUT
    retrying = [task for task in _our_tasks() if getattr(task, "autoretry_for", ())]
    assert len(retrying) >= 8
    for task in retrying:
        assert task.retry_backoff and task.retry_jitter, task.name
        longest = max(
            get_exponential_backoff_interval(
                factor=1, retries=retries, maximum=task.retry_backoff_max, full_jitter=False
            )
            for retries in range(task.max_retries + 1)
        )
        assert longest < visibility, f"{task.name} may wait {longest}s, beyond the {visibility}s visibility timeout"


def test_the_redis_broker_is_given_the_visibility_timeout_deliberately():
    options = app.conf.broker_transport_options
    if settings.CELERY_EMBEDDED_BROKER:  # the file broker has no visibility timeout
        return
    assert options["visibility_timeout"] == settings.CELERY_BROKER_VISIBILITY_TIMEOUT == 30 * 60


def test_the_embedded_broker_keeps_its_files_under_var():
    """Nothing a run writes lands in the repository (kombu's default control folder is ./control)."""
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    code = "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps(s.CELERY_BROKER_TRANSPORT_OPTIONS))"
    printed = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    options = json.loads(printed)
    var = str(settings.BASE_DIR / "var")
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        assert options[key].startswith(var), key
