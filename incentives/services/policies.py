"""Creating and changing policies. A change of amounts is a new version from a date; the policy row
and every version keep their history (who, when, before/after)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common import display
from common.history import changed_by
from common.money import ZERO
from common.periods import Period
from incentives.kinds import kind_for
from incentives.models import IncentivePolicy, PolicyVersion
from incentives.services import rewards
from partners.models import Partner

POLICY_FIELDS = (
    "name",
    "kind",
    "period_length",
    "monthly_advances",
    "valid_from",
    "valid_to",
    "channel_types",
    "is_active",
)


def rules_validate(kind: str, rules: dict) -> dict:
    """Check a version's rules for its kind; returns them with decimals as strings (JSON-safe)."""
    return kind_for(kind).clean_rules(rules)


def policy_create(*, by, tiers=(), regions=(), rules: dict, cap: Decimal | None, **fields) -> IncentivePolicy:
    with transaction.atomic():
        policy = IncentivePolicy(updated_by=by, **{name: fields[name] for name in POLICY_FIELDS if name in fields})
        changed_by(policy, by)
        policy.full_clean()
        policy.save()
        policy.tiers.set(tiers)
        policy.regions.set(regions)
        version_save(policy=policy, by=by, effective_from=policy.valid_from, rules=rules, cap=cap)
    return policy


def policy_update(
    *,
    policy: IncentivePolicy,
    by,
    tiers=(),
    regions=(),
    rules: dict,
    cap: Decimal | None,
    effective_from: dt.date,
    **fields,
) -> IncentivePolicy:
    with transaction.atomic():
        for name in POLICY_FIELDS:
            if name in fields and name != "kind":
                setattr(policy, name, fields[name])
        policy.updated_by = by
        changed_by(policy, by)
        policy.full_clean()
        policy.save()
        policy.tiers.set(tiers)
        policy.regions.set(regions)
        version_save(policy=policy, by=by, effective_from=effective_from, rules=rules, cap=cap)
    return policy


def version_save(*, policy: IncentivePolicy, by, effective_from: dt.date, rules: dict, cap) -> PolicyVersion:
    """The version from `effective_from`: a new one, or the unused one of that date changed in place.

    A version already used by accruals is history and never changes: a change to it takes a later date.
    """
    rules = rules_validate(policy.kind, rules)
    current = policy.versions.order_by("-effective_from").first()
    if current and current.rules == rules and current.cap == cap and current.effective_from <= effective_from:
        return current
    version = policy.versions.filter(effective_from=effective_from).first()
    if version is not None and version.accruals.exists():
        raise ValidationError(
            {"effective_from": _("Accruals were computed with the version of this date; choose a later date.")}
        )
    if version is None:
        number = (policy.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = PolicyVersion(policy=policy, number=number, effective_from=effective_from)
    version.rules = rules
    version.cap = cap
    version.created_by = by
    changed_by(version, by)
    version.full_clean()
    version.save()
    return version


def policy_preview(*, policy: IncentivePolicy, period: Period, limit: int = 50) -> dict:
    """What the month's reward calculation would accrue with the policy: the calculation itself as a dry run.

    The rows come from `rewards.accrual_results`, the very function whose results the calculation writes
    (trued up against the earlier months of the policy period, as the calculation does); nothing is written.
    When the calculation would not use the policy that month, `note` says why and there are no rows.
    """
    in_force = [(p, version) for p, version in rewards.policies_in_force(period) if p.pk == policy.pk]
    if not in_force:
        return {"version": None, "rows": [], "total": ZERO, "partners": 0, "note": _not_in_force(policy, period)}
    version = in_force[0][1]
    results = [
        (pid, result) for (pid, _policy), (_v, _start, result) in rewards.accrual_results(period, in_force).items()
    ]
    results.sort(key=lambda item: item[1].amount, reverse=True)
    names = dict(Partner.objects.filter(pk__in=[pid for pid, _r in results[:limit]]).values_list("pk", "name"))
    return {
        "version": version,
        "rows": [(names[pid], result) for pid, result in results[:limit]],
        "total": sum((result.amount for _pid, result in results), ZERO),
        "partners": len(results),
        "start": rewards.window_start(policy, period),
        "note": "",
    }


def _not_in_force(policy: IncentivePolicy, period: Period) -> str:
    """Why the calculation of `period` accrues nothing with the policy."""
    if not policy.is_active:
        return _("The policy is not active: the calculation does not use it.")
    if policy.valid_from > period.last_day or (policy.valid_to and policy.valid_to < period.first_day):
        return _("The policy is not valid in %(month)s.") % {"month": display.month(period)}
    if not rewards.accrues_in(policy, period):
        return _(
            "Without monthly advances, the policy (period: %(period)s) accrues in the last month of its period "
            "only: %(month)s pays nothing."
        ) % {"period": policy.get_period_length_display(), "month": display.month(period)}
    return _("No version of the policy is in force by the end of %(month)s.") % {"month": display.month(period)}
