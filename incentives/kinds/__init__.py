"""The incentive kinds, registered in one place: `kind_for(policy.kind)` is how the rest of the app asks.

Every value of `incentives.models.PolicyKind` has exactly one class here (a test checks it).
"""

from incentives.kinds.base import IncentiveKind
from incentives.kinds.commission import Commission
from incentives.kinds.grade_bonus import GradeBonus
from incentives.kinds.penalty import Penalty
from incentives.kinds.target_bonus import TargetBonus
from incentives.kinds.volume_rebate import VolumeRebate

KINDS: dict[str, IncentiveKind] = {
    kind.code: kind for kind in (Commission(), VolumeRebate(), TargetBonus(), GradeBonus(), Penalty())
}


def kind_for(code: str) -> IncentiveKind:
    """The kind of a policy, by its `PolicyKind` value."""
    return KINDS[code]


__all__ = ["KINDS", "IncentiveKind", "kind_for"]
