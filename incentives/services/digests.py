"""A digest of everything the reward calculation reads for a partner and month, so a rerun skips the unchanged.

The calculation stores each partner's digest in its statement's input summary. When a rerun finds the same
digest, the partner's accruals are what recomputing them would give, so its rules are not evaluated and its
rows not even read; only a partner whose digest moved is calculated again. For that to hold, the digest
covers every input the calculation reads for the partner:

- the month and the policies in force: each policy's kind, period, advances, scope (tiers, regions, channel
  types), the version in force with its rules and cap, the policies' latest history rows (the statement's
  input summary keeps them: a re-save changes it) and `VERSION` (the code of the rules and explanations);
- the partner: tier, channel type, region and the region's parent (a policy's scope), and being active
  (a partner that drops out has no digest: its rows are handled as today);
- from the earliest policy window's first month to the month: the sales per month and category (net sum and
  line count, as the statement's input summary keeps them), the targets, the manual KPI values, the
  incidents counted per month and severity, and the published grade of the month;
- what earlier months of the window accrued (accruals and the adjustments of those accruals), which a
  quarterly or yearly policy subtracts, and the month's accruals that are no longer drafts.

A partner whose statement of the month is approved or paid is never skipped (see `rewards._calculate`).
Only PostgreSQL computes digests; elsewhere every partner is calculated, as before.
"""

from __future__ import annotations

import hashlib
import json

from django.db import connection

from common.periods import Period
from evaluations.models import EvaluationCycle
from incentives.models import IncentivePolicy, LineStatus, PolicyVersion
from incentives.services.freshness import policies_stamp
from partners.models import ComplianceIncident

# Raised whenever the rules or the explanations they store change meaning, so stored rows are recomputed.
VERSION = "1"

# One row per partner: md5 of its inputs, each part in a fixed order and format (every value a parameter).
_PARTNER_INPUTS = """
    WITH sales AS (
        SELECT partner_id, string_agg(month || ':' || COALESCE(category, '') || '=' || total || '/' || n, ';'
                                      ORDER BY month, category) AS v
        FROM (SELECT s.partner_id, date_trunc('month', s.date)::date AS month, c.code AS category,
                     SUM(s.amount) AS total, COUNT(*) AS n
              FROM partners_salesrecord s LEFT JOIN partners_productcategory c ON c.id = s.category_id
              WHERE s.date >= %(first)s AND s.date < %(end)s GROUP BY 1, 2, 3) x
        GROUP BY partner_id
    ), targets AS (
        SELECT partner_id, string_agg(period || '=' || amount, ';' ORDER BY period) AS v
        FROM evaluations_target WHERE period >= %(first)s AND period <= %(month)s GROUP BY partner_id
    ), manual AS (
        SELECT partner_id, string_agg(period || '=' || value, ';' ORDER BY period) AS v
        FROM evaluations_manualkpivalue WHERE period >= %(first)s AND period <= %(month)s GROUP BY partner_id
    ), incidents AS (
        SELECT partner_id, string_agg(month || ':' || severity || '=' || n, ';' ORDER BY month, severity) AS v
        FROM (SELECT partner_id, date_trunc('month', occurred_on)::date AS month, severity, COUNT(*) AS n
              FROM partners_complianceincident
              WHERE occurred_on >= %(first)s AND occurred_on < %(end)s AND status <> %(dismissed)s
              GROUP BY 1, 2, 3) x
        GROUP BY partner_id
    ), grades AS (
        SELECT c.partner_id, string_agg(c.grade, ';' ORDER BY c.id) AS v
        FROM evaluations_scorecard c JOIN evaluations_evaluationcycle e ON e.id = c.cycle_id
        WHERE e.period = %(month)s AND e.status = %(published)s GROUP BY c.partner_id
    ), accrued AS (
        SELECT a.partner_id,
               string_agg(a.id || ':' || a.policy_id || ':' || a.period || '=' || a.amount || ':' || a.status
                          || COALESCE('+' || j.v, ''), ';' ORDER BY a.id) AS v
        FROM incentives_accrual a
        LEFT JOIN (SELECT source_accrual_id, string_agg(id || '=' || amount || ':' || status, ',' ORDER BY id) AS v
                   FROM incentives_adjustment WHERE source_accrual_id IS NOT NULL GROUP BY source_accrual_id) j
            ON j.source_accrual_id = a.id
        WHERE a.period >= %(first)s AND (a.period < %(month)s OR (a.period = %(month)s AND a.status <> %(draft)s))
        GROUP BY a.partner_id
    )
    SELECT p.id, md5(concat_ws('|', p.tier_id, p.channel_type, p.region_id, r.parent_id, sales.v, targets.v,
                               manual.v, incidents.v, grades.v, accrued.v))
    FROM partners_partner p
    LEFT JOIN partners_region r ON r.id = p.region_id
    LEFT JOIN sales ON sales.partner_id = p.id
    LEFT JOIN targets ON targets.partner_id = p.id
    LEFT JOIN manual ON manual.partner_id = p.id
    LEFT JOIN incidents ON incidents.partner_id = p.id
    LEFT JOIN grades ON grades.partner_id = p.id
    LEFT JOIN accrued ON accrued.partner_id = p.id
"""


def policies_digest(period: Period, in_force: list[tuple[IncentivePolicy, PolicyVersion]]) -> str:
    """What every partner's calculation shares: the month, the policies in force and their versions."""
    policies = [
        (
            policy.pk,
            policy.kind,
            policy.period_length,
            policy.monthly_advances,
            sorted(tier.pk for tier in policy.tiers.all()),
            sorted(region.pk for region in policy.regions.all()),
            sorted(policy.channel_types or ()),
            version.pk,
            version.rules,
            str(version.cap),
        )
        for policy, version in in_force
    ]
    text = json.dumps([VERSION, str(period), policies_stamp(period), policies], sort_keys=True, default=str)
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def input_digests(
    period: Period, first: Period, in_force: list[tuple[IncentivePolicy, PolicyVersion]]
) -> dict[int, str]:
    """partner → the digest of its inputs for the month (every partner, one query); {} off PostgreSQL."""
    if connection.vendor != "postgresql" or not in_force:
        return {}
    shared = policies_digest(period, in_force)
    params = {
        "first": first.first_day,
        "month": period.first_day,
        "end": period.next().first_day,
        "dismissed": ComplianceIncident.Status.DISMISSED,
        "published": EvaluationCycle.Status.PUBLISHED,
        "draft": LineStatus.DRAFT,
    }
    with connection.cursor() as cursor:
        cursor.execute(_PARTNER_INPUTS, params)
        return {partner_id: f"{shared}:{inputs}" for partner_id, inputs in cursor.fetchall()}
