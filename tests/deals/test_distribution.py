"""Round-robin among the eligible partners (pure)."""

import datetime as dt

from deals.distribution import LeadProfile, PartnerProfile, is_eligible, next_partner

T0 = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
CITY, OTHER_CITY, PROVINCE = 4403, 4401, 44


def partner(pk, region=CITY, channel="distributor", tier=1):
    return PartnerProfile(pk, region, PROVINCE, channel, tier)


def lead(region=CITY, channel="", tiers=()):
    return LeadProfile(region, PROVINCE, region == PROVINCE, channel, frozenset(tiers))


def test_eligibility_by_region_channel_and_tier():
    assert is_eligible(partner(1), lead())
    assert not is_eligible(partner(1, region=OTHER_CITY), lead())
    assert is_eligible(partner(1, region=OTHER_CITY), lead(region=PROVINCE))
    assert not is_eligible(partner(1, channel="retailer"), lead(channel="distributor"))
    assert not is_eligible(partner(1, tier=3), lead(tiers={1, 2}))
    assert is_eligible(partner(1, tier=2), lead(tiers={1, 2}))


def test_round_robin_is_fair_over_many_leads():
    partners = [partner(pk) for pk in (1, 2, 3)]
    last: dict[int, dt.datetime] = {}
    given = []
    for n in range(9):
        chosen = next_partner(lead(), partners=partners, already_offered=[], last_offered=last)
        given.append(chosen)
        last[chosen] = T0 + dt.timedelta(minutes=n)
    assert given == [1, 2, 3, 1, 2, 3, 1, 2, 3]


def test_a_returned_lead_goes_to_the_next_partner_never_twice_to_one():
    partners = [partner(pk) for pk in (1, 2)]
    assert next_partner(lead(), partners=partners, already_offered=[1], last_offered={}) == 2
    assert next_partner(lead(), partners=partners, already_offered=[1, 2], last_offered={}) is None
