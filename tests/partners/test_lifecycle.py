"""The lifecycle rules, without a database."""

import datetime as dt

import pytest

from partners import lifecycle
from partners.lifecycle import ACTIVE, ONBOARDING, PROSPECT, SUSPENDED, TERMINATED


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (PROSPECT, ONBOARDING),
        (ONBOARDING, ACTIVE),
        (ACTIVE, SUSPENDED),
        (SUSPENDED, ACTIVE),
        (PROSPECT, TERMINATED),
        (ONBOARDING, TERMINATED),
        (ACTIVE, TERMINATED),
        (SUSPENDED, TERMINATED),
    ],
)
def test_legal_moves(before, after):
    assert lifecycle.can_move(before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (PROSPECT, ACTIVE),  # no skipping onboarding
        (PROSPECT, SUSPENDED),
        (ONBOARDING, SUSPENDED),
        (ACTIVE, ONBOARDING),
        (ACTIVE, ACTIVE),
        (SUSPENDED, PROSPECT),
        (TERMINATED, ACTIVE),  # termination is final
        (TERMINATED, PROSPECT),
    ],
)
def test_illegal_moves(before, after):
    assert not lifecycle.can_move(before, after)


def test_terminated_is_final():
    assert lifecycle.allowed_next(TERMINATED) == frozenset()
    assert TERMINATED not in lifecycle.INITIAL_STATUSES


def test_joined_on_is_set_only_when_first_becoming_active():
    assert lifecycle.sets_joined_on(ACTIVE, None)
    assert not lifecycle.sets_joined_on(ACTIVE, dt.date(2025, 1, 1))
    assert not lifecycle.sets_joined_on(ONBOARDING, None)
