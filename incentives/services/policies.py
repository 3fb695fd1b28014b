"""Creating and changing policies. A change of amounts is a new version from a date; the policy row
and every version keep their history (who, when, before/after)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.history import changed_by
from common.periods import Period
from incentives import calculations as calc
from incentives.models import IncentivePolicy, PolicyKind, PolicyVersion
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

    def number(value, field, *, required=True):
        if value in (None, ""):
            if required:
                raise ValidationError({field: _("This field is required.")})
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation as exc:
            raise ValidationError({field: _("Enter a number.")}) from exc
        if number < 0:
            raise ValidationError({field: _("Enter zero or more.")})
        return str(number)

    if kind == PolicyKind.COMMISSION:
        return {
            "rate": number(rules.get("rate"), "rate"),
            "category_rates": {
                code: number(rate, "category_rates") for code, rate in (rules.get("category_rates") or {}).items()
            },
        }
    if kind == PolicyKind.VOLUME_REBATE:
        if rules.get("mode") not in calc.MODES:
            raise ValidationError({"mode": _("Choose retroactive or incremental.")})
        brackets = [[number(t, "brackets"), number(r, "brackets")] for t, r in rules.get("brackets") or []]
        try:
            calc.sorted_brackets([(Decimal(t), Decimal(r)) for t, r in brackets])
        except ValueError as exc:
            raise ValidationError(
                {"brackets": _("Enter brackets with different thresholds, e.g. 0:0, 100000:2.")}
            ) from exc
        return {"mode": rules["mode"], "brackets": sorted(brackets, key=lambda b: Decimal(b[0]))}
    if kind == PolicyKind.TARGET_BONUS:
        cleaned = {
            "attainment_pct": number(rules.get("attainment_pct"), "attainment_pct"),
            "fixed_amount": number(rules.get("fixed_amount"), "fixed_amount", required=False),
            "sales_pct": number(rules.get("sales_pct"), "sales_pct", required=False),
            "accelerator_pct": number(rules.get("accelerator_pct"), "accelerator_pct", required=False),
        }
        if not (cleaned["fixed_amount"] or cleaned["sales_pct"]):
            raise ValidationError({"fixed_amount": _("Enter a fixed amount or a percent of sales.")})
        return cleaned
    amounts = rules.get("amounts") or {}
    return {"amounts": {key: number(value, "amounts", required=False) or "0" for key, value in amounts.items()}}


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
    """What the policy would pay in `period`, computed with the pure rules and written nowhere."""
    version = policy.versions.filter(effective_from__lte=period.last_day).order_by("-effective_from").first()
    version = version or policy.versions.order_by("effective_from").first()
    if version is None:
        return {"version": None, "rows": [], "total": Decimal(0), "partners": 0}
    start = rewards.window_start(policy, period)
    months = rewards.months_between(start, period)
    facts = rewards.load_facts(start, period)
    partner_ids = rewards.eligible_partner_ids(policy, period)
    results = [(pid, rewards.policy_result(policy, version, pid, months, facts)) for pid in partner_ids]
    results.sort(key=lambda item: item[1].amount, reverse=True)
    names = dict(Partner.objects.filter(pk__in=[pid for pid, _r in results[:limit]]).values_list("pk", "name"))
    return {
        "version": version,
        "rows": [(names[pid], result) for pid, result in results[:limit]],
        "total": sum((result.amount for _pid, result in results), Decimal(0)),
        "partners": len(results),
        "start": start,
    }
