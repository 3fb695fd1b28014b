"""Figures kept in the process in front of the shared cache: asked of the shared cache once, never kept past
their expiry there, and bounded."""

import time

from django.core.cache import cache

from common import kept


class Counter:
    def __init__(self, value="figure"):
        self.calls, self.value = 0, value

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_value_is_computed_once_and_then_served_by_the_process_without_the_shared_cache():
    compute = Counter({"A": 3})
    assert kept.kept("grades:v1", compute, 60) == {"A": 3}
    cache.clear()  # the shared cache is not asked again
    assert kept.kept("grades:v1", compute, 60) == {"A": 3}
    assert compute.calls == 1


def test_another_process_takes_the_value_from_the_shared_cache():
    compute = Counter()
    kept.kept("sums:v1", compute, 60)
    kept.forget()  # as a second worker, which has kept nothing yet
    assert kept.kept("sums:v1", compute, 60) == "figure"
    assert compute.calls == 1


def test_a_value_is_not_kept_past_its_expiry_in_the_shared_cache():
    first = Counter("old")
    kept.kept("payouts", first, 1)
    kept.forget()
    kept.kept("payouts", first, 1)  # this process took it from the shared cache: the same expiry, not a new one
    time.sleep(1.1)
    assert kept.kept("payouts", Counter("new"), 1) == "new"


def test_none_is_a_value_like_any_other():
    compute = Counter(None)
    assert kept.kept("average:v1", compute, 60) is None
    kept.forget()
    assert kept.kept("average:v1", compute, 60) is None
    assert compute.calls == 1


def test_the_process_keeps_at_most_local_entries_values(monkeypatch):
    monkeypatch.setattr(kept, "LOCAL_ENTRIES", 2)
    for name in ("a", "b", "c"):
        kept.kept(name, Counter(name), 60)
    cache.clear()
    recomputed = Counter("again")
    assert kept.kept("c", recomputed, 60) == "c"  # the two most recent are in the process
    assert kept.kept("b", recomputed, 60) == "b"
    assert kept.kept("a", recomputed, 60) == "again"  # the oldest was forgotten


def test_a_value_computed_from_another_kept_value_expires_with_it():
    # A figure kept for a day that reads a part remembered for a second is read again once that part expires.
    part = Counter("part")
    whole = Counter()

    def compute():
        whole.calls += 1
        return f"whole of {kept.kept('part', part, 1)}"

    assert kept.kept("whole", compute, 24 * 3600) == "whole of part"
    kept.forget()  # the shared cache's copy carries the part's expiry too
    assert kept.kept("whole", compute, 24 * 3600) == "whole of part"
    assert whole.calls == 1
    time.sleep(1.1)
    kept.kept("whole", compute, 24 * 3600)
    assert (whole.calls, part.calls) == (2, 2)
