"""Reliability tests: real PostgreSQL, a Redis of the test's own, real worker processes."""

import pytest

from tests.services import require_postgres
from tests.workers import RedisServer, Worker, point_app_at


@pytest.fixture
def redis_server(tmp_path):
    directory = tmp_path / "redis"
    directory.mkdir()
    server = RedisServer(directory, persistent=True)
    yield server
    server.stop()


@pytest.fixture
def broker(transactional_db, redis_server):
    """The app's tasks go to this test's own Redis, for real (not eagerly)."""
    require_postgres()
    redis_server.start()
    point_app_at(redis_server.url)
    yield redis_server
    point_app_at(None)


@pytest.fixture
def start_worker(broker, tmp_path):
    started = []

    def start(**options) -> Worker:
        worker = Worker(broker=broker.url, log=tmp_path / f"worker-{len(started)}.log", **options)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
