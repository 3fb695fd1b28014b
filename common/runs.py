"""Long calculations started from a page: where a by-hand run stands, and the word to its starter when done.

A run record (the month's evaluation cycle, the month's reward calculation) keeps when a run was
requested and by whom, next to when the latest run started and finished. The page polls a small
fragment that shows the state these times give; the worker, once done, tells the one who asked.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.emails import Email, email_send_once
from common.emails.models import EmailLog


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", pgettext_lazy("run state", "Failed")


def run_state(
    *,
    requested_at: dt.datetime | None,
    started_at: dt.datetime | None,
    finished_at: dt.datetime | None,
    failed: bool = False,
) -> str | None:
    """The state of the run requested at `requested_at`; None when nobody requested one.

    `failed`: the started run stopped on an error the page shows (a run record that keeps one).
    """
    if requested_at is None:
        return None
    if started_at is None or started_at < requested_at:
        return RunState.QUEUED
    if failed:
        return RunState.FAILED
    if finished_at is None or finished_at < started_at:
        return RunState.RUNNING
    return RunState.DONE


def run_finished_notify(*, user, job: str, period: str, requested_at: dt.datetime, path: str, figures: dict) -> bool:
    """Tell `user` once (email, and the team's robot when configured) that the run they requested is done.

    `job` is "cycle", "period" (a quarter or a year) or "rewards" (the templates word each); `figures` are the counts the message reports.
    """
    if user is None or not user.email:
        return False
    return email_send_once(
        Email(
            kind=EmailLog.Kind.RUN_FINISHED,
            recipient=user.email,
            language=settings.LANGUAGE_CODE,
            template="common/email/run_finished",
            context={
                "user": user,
                "job": job,
                "period": period,
                "figures": figures,
                "link": settings.SITE_URL.rstrip("/") + path,
            },
            period=period,
            about=f"{job}-{requested_at.timestamp():.6f}",
        )
    )


@contextlib.contextmanager
def without_cyclic_gc():
    """Python's cyclic garbage collector paused for a run (the cycle, the reward calculation), as it was before
    afterwards.

    A run holds some ten objects per partner at once (rows, facts, cards, accruals: tuples, dicts and decimals,
    no cycles among them, freed by reference counting as ever); each full collection they set off walks every
    object of the process, which measured 0.2 to 0.4 s of a cycle at 10,000 partners, as much as the reads of
    an unchanged rerun. What garbage with cycles a run leaves is collected once it is over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
