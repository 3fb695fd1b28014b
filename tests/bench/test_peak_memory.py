"""The benchmarks' memory figures: each run of the reward calculation reports its own peak, not the process's."""

import sys

import pytest

from bench.floor import peak_memory_reset, run_peak_memory_mb


@pytest.mark.skipif(sys.platform != "linux", reason="a run's own peak is read from /proc (Linux)")
def test_a_runs_peak_starts_from_what_the_process_holds_now():
    held = b"x" * (200 * 1024 * 1024)  # 200 MB written, so resident
    before = run_peak_memory_mb()
    del held

    assert peak_memory_reset()

    assert run_peak_memory_mb() < before - 150  # the 200 MB freed are no longer the peak
