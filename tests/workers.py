"""Real Celery worker processes and Redis servers that a test starts, stops and kills itself."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

from config.celery import app


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, *, timeout: float = 60, every: float = 0.2, what: str = "condition"):
    """Poll until `condition()` is truthy; returns its value, or fails the test after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Worker:
    """`celery worker` in its own process group (so the test can kill the main process and its children)."""

    def __init__(self, *, broker: str, log: Path, queues: str = "celery", pool: str = "solo", env: dict | None = None):
        self.log = log
        environment = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            **(env or {}),
        }
        command = [sys.executable, "-m", "tests.worker_main", "worker", f"--pool={pool}", "-Q", queues]
        command += ["--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        if pool == "prefork":
            command.append("--concurrency=1")
        self._log_file = log.open("a")
        self.process = subprocess.Popen(
            command, env=environment, stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True
        )

    def output(self) -> str:
        return self.log.read_text()

    def kill(self) -> None:
        """SIGKILL the whole worker: its main process and every child, no clean-up at all."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)
        self._log_file.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log_file.close()


class RedisServer:
    """A redis-server of the test's own on a free port; the shared Redis is never touched."""

    def __init__(self, directory: Path, *, persistent: bool = False):
        self.port = free_port()
        self.directory = directory
        self.persistent = persistent
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory)]
        command += ["--save", "", "--appendonly", "yes" if self.persistent else "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_for(self._answers, timeout=10, what="redis-server to answer")
        return self

    def stop(self) -> None:
        """A clean shutdown (SIGTERM): a persistent server writes its append-only file first."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def _answers(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
        except OSError:
            return False
        return True


def point_app_at(broker: str | None) -> None:
    """Send this process's tasks to `broker` for real (not eagerly); None restores the test settings."""
    from django.conf import settings

    # The write URL, because Celery reads `broker_url` from the CELERY_BROKER_URL variable first.
    app.conf.broker_write_url = broker
    app.conf.task_always_eager = broker is None and settings.CELERY_TASK_ALWAYS_EAGER
    # Connections and producers are pooled per broker: drop them so the next send uses the new URL.
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
