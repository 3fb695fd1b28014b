"""The recruitment pipeline: its stages, the one table of allowed moves, and time spent per stage.

Pure rules, no ORM: the services ask `can_move()` before writing, the views ask `moves_from()` to
draw buttons, and the reports feed `stage_durations()` with the recorded stage changes.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCREENING = "screening", _("Screening")
    QUALIFIED = "qualified", _("Qualified")
    NEGOTIATION = "negotiation", _("Negotiation")
    SIGNED = "signed", _("Signed")
    ONBOARDED = "onboarded", _("Onboarded")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")

    @classmethod
    def main_line(cls) -> list[Stage]:
        """The stages an application passes on its way to becoming a partner, in order."""
        return [cls.APPLIED, cls.SCREENING, cls.QUALIFIED, cls.NEGOTIATION, cls.SIGNED, cls.ONBOARDED]

    @classmethod
    def open_stages(cls) -> set[Stage]:
        return {cls.APPLIED, cls.SCREENING, cls.QUALIFIED, cls.NEGOTIATION, cls.SIGNED}

    @classmethod
    def closed_stages(cls) -> set[Stage]:
        return {cls.ONBOARDED, cls.REJECTED, cls.WITHDRAWN}


def _forward(stage: Stage) -> Stage:
    line = Stage.main_line()
    return line[line.index(stage) + 1]


# The one table of allowed moves. Each open stage goes one step forward, or out (rejected / withdrawn);
# onboarded, rejected and withdrawn are final — a partner exists, or the door was closed with a reason.
TRANSITIONS: dict[Stage, tuple[Stage, ...]] = {
    stage: (_forward(stage), Stage.REJECTED, Stage.WITHDRAWN) for stage in Stage.main_line()[:-1]
} | dict.fromkeys(Stage.closed_stages(), ())


# Moves that cannot be taken back (onboarding creates a partner, an account and an email; a closed
# application stays closed): each is confirmed on a page of its own before it is made.
CONFIRMED_MOVES = {Stage.ONBOARDED, Stage.REJECTED, Stage.WITHDRAWN}

# What a button that moves an application to a stage says: the action, not the stage it ends in.
MOVE_ACTIONS = {
    Stage.SCREENING: _("Start screening"),
    Stage.QUALIFIED: _("Mark as qualified"),
    Stage.NEGOTIATION: _("Start negotiation"),
    Stage.SIGNED: _("Mark as signed"),
    Stage.ONBOARDED: _("Onboard as partner"),
    Stage.REJECTED: _("Reject application"),
    Stage.WITHDRAWN: _("Withdraw application"),
}


def move_action(stage: str) -> str:
    return MOVE_ACTIONS.get(Stage(stage), Stage(stage).label)


def moves_from(stage: str) -> tuple[Stage, ...]:
    return TRANSITIONS[Stage(stage)]


def can_move(from_stage: str, to_stage: str) -> bool:
    return Stage(to_stage) in TRANSITIONS[Stage(from_stage)]


def next_stage(stage: str) -> Stage | None:
    """The forward step from `stage`, or None for a final stage."""
    moves = TRANSITIONS[Stage(stage)]
    return moves[0] if moves else None


def stage_durations(changes: Iterable[tuple[str, dt.datetime]], *, now: dt.datetime) -> list[tuple[str, dt.timedelta]]:
    """Time spent in each stage visited, from the (to_stage, changed_at) moves in order.

    The last stage counts until `now` unless it is final (a closed application no longer waits).
    """
    ordered = sorted(changes, key=lambda change: change[1])
    spans = []
    for (stage, entered), (_next, left) in itertools.pairwise(ordered):
        spans.append((stage, left - entered))
    if ordered:
        stage, entered = ordered[-1]
        if Stage(stage) not in Stage.closed_stages():
            spans.append((stage, max(now - entered, dt.timedelta(0))))
    return spans
