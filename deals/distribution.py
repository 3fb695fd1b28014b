"""Who is offered a lead next: pure rules, plain data in and out, no ORM.

The plan's lead distribution (线索分配): a company lead goes to the partners that fit it — its region (the
partner's city, or the same province when the lead names a province), its channel type and its tiers when the
lead names them — round-robin among the eligible. Round-robin here means: the eligible partner that was offered
a lead longest ago (never counts as longest ago) is next, ties by the partner's id; a partner is offered one
lead at most once, so a lead that comes back after a decline or a missed deadline goes to the next in turn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class PartnerProfile:
    id: int
    region_id: int
    province_id: int | None
    channel_type: str
    tier_id: int | None


@dataclass(frozen=True)
class LeadProfile:
    region_id: int
    province_id: int | None  # the lead's province (the region itself when it is a province)
    region_is_province: bool
    channel_type: str  # "" for any
    tier_ids: frozenset[int]  # empty for any


def is_eligible(partner: PartnerProfile, lead: LeadProfile) -> bool:
    if lead.region_is_province:
        in_region = lead.region_id in (partner.region_id, partner.province_id)
    else:
        in_region = partner.region_id == lead.region_id
    if not in_region:
        return False
    if lead.channel_type and partner.channel_type != lead.channel_type:
        return False
    return not lead.tier_ids or partner.tier_id in lead.tier_ids


def next_partner(
    lead: LeadProfile,
    *,
    partners: Iterable[PartnerProfile],
    already_offered: Iterable[int],
    last_offered: Mapping[int, dt.datetime],
) -> int | None:
    """The id of the partner to offer the lead to now, or None when every eligible partner had it."""
    skipped = set(already_offered)
    eligible = [p.id for p in partners if p.id not in skipped and is_eligible(p, lead)]
    if not eligible:
        return None
    return min(eligible, key=lambda pk: (last_offered.get(pk, _NEVER), pk))
