import datetime as dt

from axes.models import AccessAttempt, AccessLog
from django.contrib.sessions.models import Session
from django.utils import timezone

from common.models import JobRun

KEEP_ACCESS_LOGS = dt.timedelta(days=90)


def housekeeping_run(*, now: dt.datetime | None = None) -> JobRun:
    """Daily clean-up: expired sessions, stale login attempts and old access logs."""
    now = now or timezone.now()
    run = JobRun.objects.create(name="housekeeping", started_at=now)
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=now - dt.timedelta(days=1)).delete()
    logs, _ = AccessLog.objects.filter(attempt_time__lt=now - KEEP_ACCESS_LOGS).delete()
    run.summary = {"expired_sessions": sessions, "stale_login_attempts": attempts, "old_access_logs": logs}
    run.finished_at = timezone.now()
    run.save(update_fields=["summary", "finished_at"])
    return run
