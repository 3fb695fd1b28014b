"""The partner lifecycle: prospect → onboarding → active ⇄ suspended → terminated. Pure rules, no ORM.

Any status but `terminated` may end in termination (a prospect that never signs, a partner let go);
a suspended partner may be reinstated; termination is final — a returning company is a new prospect
record only through recruitment, never by reviving a terminated one.
"""

PROSPECT = "prospect"
ONBOARDING = "onboarding"
ACTIVE = "active"
SUSPENDED = "suspended"
TERMINATED = "terminated"

TRANSITIONS: dict[str, frozenset[str]] = {
    PROSPECT: frozenset({ONBOARDING, TERMINATED}),
    ONBOARDING: frozenset({ACTIVE, TERMINATED}),
    ACTIVE: frozenset({SUSPENDED, TERMINATED}),
    SUSPENDED: frozenset({ACTIVE, TERMINATED}),
    TERMINATED: frozenset(),
}

# A partner can be registered straight into any status but the final one (e.g. an existing
# distributor entered as active when the register is first filled).
INITIAL_STATUSES = (PROSPECT, ONBOARDING, ACTIVE, SUSPENDED)


def allowed_next(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in allowed_next(from_status)


def sets_joined_on(to_status: str, joined_on) -> bool:
    """A partner has joined the day it first becomes active."""
    return to_status == ACTIVE and joined_on is None
