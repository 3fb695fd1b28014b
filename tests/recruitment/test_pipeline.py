"""Every stage transition, legal and illegal, first as pure rules and then through the service."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError

from recruitment.models import StageChange
from recruitment.pipeline import TRANSITIONS, Stage, can_move, moves_from, next_stage, stage_durations
from recruitment.services import application_move
from tests.common.factories import ManagerFactory
from tests.recruitment.factories import ApplicationFactory

LEGAL = {
    (Stage.APPLIED, Stage.SCREENING),
    (Stage.SCREENING, Stage.QUALIFIED),
    (Stage.QUALIFIED, Stage.NEGOTIATION),
    (Stage.NEGOTIATION, Stage.SIGNED),
    (Stage.SIGNED, Stage.ONBOARDED),
} | {(stage, out) for stage in Stage.open_stages() for out in (Stage.REJECTED, Stage.WITHDRAWN)}
ALL_PAIRS = list(itertools.product(Stage, Stage))


@pytest.mark.parametrize(("from_stage", "to_stage"), ALL_PAIRS, ids=[f"{a.value}->{b.value}" for a, b in ALL_PAIRS])
def test_transition_table(from_stage, to_stage):
    assert can_move(from_stage, to_stage) == ((from_stage, to_stage) in LEGAL)


def test_every_stage_is_in_the_table_and_final_stages_go_nowhere():
    assert set(TRANSITIONS) == set(Stage)
    for stage in Stage.closed_stages():
        assert moves_from(stage) == ()
        assert next_stage(stage) is None
    assert next_stage(Stage.SIGNED) == Stage.ONBOARDED


def test_stage_durations_count_open_stage_until_now_and_closed_not_at_all():
    t0 = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    moves = [("screening", t0 + dt.timedelta(days=2)), ("applied", t0)]
    now = t0 + dt.timedelta(days=5)
    assert stage_durations(moves, now=now) == [("applied", dt.timedelta(days=2)), ("screening", dt.timedelta(days=3))]
    closed = [*moves, ("rejected", t0 + dt.timedelta(days=4))]
    assert stage_durations(closed, now=now)[-1] == ("screening", dt.timedelta(days=2))


# --- through the service ---------------------------------------------------------------------------

FORWARD = [(a, b) for a, b in LEGAL if b not in (Stage.REJECTED, Stage.WITHDRAWN)]


@pytest.mark.parametrize(("from_stage", "to_stage"), sorted(LEGAL), ids=lambda s: s.value)
def test_legal_moves_are_recorded_with_who_when_and_note(db, from_stage, to_stage):
    application = ApplicationFactory(stage=from_stage)
    manager = ManagerFactory()
    before = StageChange.objects.filter(application=application).count()

    moved = application_move(application=application, to_stage=to_stage, by=manager, note="called them")

    assert moved.stage == to_stage
    change = StageChange.objects.filter(application=application).latest("changed_at", "pk")
    assert (change.from_stage, change.to_stage, change.changed_by, change.note) == (
        from_stage,
        to_stage,
        manager,
        "called them",
    )
    assert StageChange.objects.filter(application=application).count() == before + 1
    assert moved.history.first().stage == to_stage
    assert moved.history.first().history_user == manager


ILLEGAL = [
    (Stage.ONBOARDED, Stage.SCREENING),
    (Stage.ONBOARDED, Stage.REJECTED),
    (Stage.REJECTED, Stage.SCREENING),
    (Stage.WITHDRAWN, Stage.APPLIED),
    (Stage.APPLIED, Stage.QUALIFIED),
    (Stage.APPLIED, Stage.ONBOARDED),
    (Stage.QUALIFIED, Stage.SCREENING),
    (Stage.SIGNED, Stage.NEGOTIATION),
    (Stage.SCREENING, Stage.SCREENING),
]


@pytest.mark.parametrize(("from_stage", "to_stage"), ILLEGAL, ids=lambda s: s.value)
def test_illegal_moves_are_refused_and_change_nothing(db, from_stage, to_stage):
    application = ApplicationFactory(stage=from_stage)
    changes = StageChange.objects.count()

    with pytest.raises(ValidationError) as error:
        application_move(application=application, to_stage=to_stage, by=ManagerFactory())

    assert error.value.code == "illegal_move"
    application.refresh_from_db()
    assert application.stage == from_stage
    assert StageChange.objects.count() == changes


def test_a_stale_copy_cannot_move_twice(db):
    """Two clicks on the same card: the second request still holds the old stage, the row lock decides."""
    application = ApplicationFactory()
    stale = type(application).objects.get(pk=application.pk)
    application_move(application=application, to_stage=Stage.SCREENING, by=ManagerFactory())
    with pytest.raises(ValidationError):
        application_move(application=stale, to_stage=Stage.SCREENING, by=ManagerFactory())
    assert StageChange.objects.filter(application=application, to_stage=Stage.SCREENING).count() == 1
