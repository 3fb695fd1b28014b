"""A Celery worker for tests that can stop dead at a chosen point, so that a test can kill it there.

Run as `python -m tests.worker_main worker -Q ...`. TEST_WORKER_PAUSE names the point, if any:
  log:<logger>:<text>    the first record of <logger> whose message contains <text> blocks;
  call:<module>:<name>   the first call of <module>.<name> blocks.
The production code holds no pause of its own: the test picks a line the code logs or a function it
calls, and the worker blocks there until the test kills it.
"""

import importlib
import logging
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django.setup()

from config.celery import app  # noqa: E402  (after django.setup)


def _block() -> None:
    print("TEST-WORKER-PAUSED", file=sys.stderr, flush=True)
    time.sleep(3600)


class _PauseOnLog(logging.Filter):
    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def filter(self, record: logging.LogRecord) -> bool:
        if self.text in record.getMessage():
            _block()
        return True


def _install(pause: str) -> None:
    how, target, detail = pause.split(":", 2)
    if how == "log":
        logging.getLogger(target).addFilter(_PauseOnLog(detail))
    elif how == "call":
        module = importlib.import_module(target)
        original = getattr(module, detail)

        def paused(*args, **kwargs):
            _block()
            return original(*args, **kwargs)

        setattr(module, detail, paused)
    else:
        raise SystemExit(f"TEST_WORKER_PAUSE: unknown kind {how!r}")


if os.environ.get("TEST_WORKER_PAUSE"):
    _install(os.environ["TEST_WORKER_PAUSE"])

if __name__ == "__main__":
    app.worker_main(sys.argv[1:])
