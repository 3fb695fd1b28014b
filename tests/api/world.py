"""Two partners with one object of every kind the API serves, and tokens: partner A's, partner B's and an
internal one per role."""

import datetime as dt
from types import SimpleNamespace

from common.roles import CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, TRAINER
from evaluations.models import EvaluationCycle
from incentives.models import LineStatus
from tests.api.factories import ApiTokenFactory
from tests.common.factories import UserFactory
from tests.evaluations.factories import EvaluationCycleFactory, ScorecardFactory, TargetFactory
from tests.incentives.factories import PayoutFactory
from tests.partners.factories import ContactFactory, PartnerFactory, SalesRecordFactory
from tests.training.factories import CertificationFactory

# endpoint → how to name one object of a partner in its detail URL
ENDPOINTS = ("partners", "sales", "targets", "scorecards", "statements", "payouts", "certifications")


def objects_of(partner, cycle) -> dict:
    payout = PayoutFactory(statement__partner=partner, status=LineStatus.APPROVED)
    return {
        "partners": partner.code,
        "sales": SalesRecordFactory(partner=partner).pk,
        "targets": TargetFactory(partner=partner).pk,
        "scorecards": ScorecardFactory(partner=partner, cycle=cycle).pk,
        "statements": payout.statement_id,
        "payouts": payout.pk,
        "certifications": CertificationFactory(contact=ContactFactory(partner=partner)).pk,
    }


def build() -> SimpleNamespace:
    a, b = PartnerFactory(code="PA", name="Partner A"), PartnerFactory(code="PB", name="Partner B")
    cycle = EvaluationCycleFactory(period=dt.date(2026, 10, 1), status=EvaluationCycle.Status.PUBLISHED)
    roles = {role: UserFactory(role=role) for role in (CHANNEL_DIRECTOR, CHANNEL_MANAGER, FINANCE, TRAINER)}
    return SimpleNamespace(
        a=a,
        b=b,
        cycle=cycle,
        of_a=objects_of(a, cycle),
        of_b=objects_of(b, cycle),
        token_a=ApiTokenFactory(partner=a, name="A's ERP"),
        token_b=ApiTokenFactory(partner=b, name="B's ERP"),
        internal={role: ApiTokenFactory(user=user) for role, user in roles.items()},
        users=roles,
    )
