"""The pass rule of an assessment. Pure: Decimal in, bool out."""

from __future__ import annotations

from decimal import Decimal


def is_pass(*, score: Decimal | None, pass_score: Decimal) -> bool:
    """Passed when the score reaches the course's pass score (a score equal to it passes)."""
    return score is not None and Decimal(score) >= Decimal(pass_score)
