"""Penalty (违规处罚): a deduction per compliance incident of the period, by severity. Never capped."""

from __future__ import annotations

from django.utils.translation import gettext as _

from incentives import calculations as calc
from incentives.kinds.base import AmountPerKey
from incentives.models import PolicyKind
from partners.models import ComplianceIncident


class Penalty(AmountPerKey):
    code = PolicyKind.PENALTY
    prefix = "severity_"
    capped = False

    def keys(self):
        return ComplianceIncident.Severity.choices

    def field_label(self, label):
        return _("Deduction per %(severity)s incident") % {"severity": label}

    def shared_inputs(self, *, partner_id, months, facts):
        return tuple(sorted(facts.incident_counts(partner_id, months).items()))  # most partners: none

    def compute(self, rules, *, partner_id, months, facts):
        return calc.penalty(facts.incident_counts(partner_id, months), rules)
