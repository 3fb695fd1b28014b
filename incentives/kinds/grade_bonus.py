"""Grade bonus (考核等级奖): an amount per grade of the month's published scorecard."""

from __future__ import annotations

from django.utils.translation import gettext as _

from incentives import calculations as calc
from incentives.kinds.base import AmountPerKey
from incentives.models import PolicyKind

GRADES = ("A", "B", "C", "D")


class GradeBonus(AmountPerKey):
    code = PolicyKind.GRADE_BONUS
    prefix = "grade_"

    def keys(self):
        return [(grade, grade) for grade in GRADES]

    def field_label(self, label):
        return _("Bonus for grade %(grade)s") % {"grade": label}

    def shared_inputs(self, *, partner_id, months, facts):
        return (facts.grades.get(partner_id),)  # four grades: four results a month

    def compute(self, rules, *, partner_id, months, facts):
        return calc.grade_bonus(facts.grades.get(partner_id), rules)
