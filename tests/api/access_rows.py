"""The API's URLs in the access matrix. The matrix logs in with a browser session (the same scoping as a token
of that user: tests/api/test_partner_scope.py checks tokens). Anonymous requests get 401 from the API; its
detail URLs name partner A's objects, so partner B gets 404, and an internal role without the permission to
see such rows gets 404 too (the row is not in what it may see)."""

import datetime as dt
from types import SimpleNamespace

from evaluations.models import EvaluationCycle
from incentives.models import LineStatus
from tests.access import (
    ANON,
    DIRECTOR,
    FINANCE,
    INTERNAL,
    MANAGER,
    PARTNER_A,
    PARTNER_B,
    TRAINER,
    Row,
    internal,
    portal,
)
from tests.api.factories import ApiTokenFactory
from tests.evaluations.factories import EvaluationCycleFactory, ScorecardFactory, TargetFactory
from tests.incentives.factories import PayoutFactory
from tests.partners.factories import SalesRecordFactory
from tests.training.factories import CertificationFactory

PERIOD = dt.date(2024, 3, 1)


def populate(world):
    a = world.partner_a
    payout = PayoutFactory(statement__partner=a, statement__period=PERIOD, status=LineStatus.APPROVED)
    cycle = EvaluationCycleFactory(period=PERIOD, status=EvaluationCycle.Status.PUBLISHED)
    world.api = SimpleNamespace(
        **{
            "partner": a.code,
            "sales": SalesRecordFactory(partner=a, date=PERIOD).pk,
            "target": TargetFactory(partner=a, period=PERIOD).pk,
            "scorecard": ScorecardFactory(partner=a, cycle=cycle).pk,
            "statement": payout.statement_id,
            "payout": payout.pk,
            "certification": CertificationFactory(contact=world.contact_a).pk,
        }
    )
    world.api_token_a = ApiTokenFactory(partner=a, created_by=world.users[PARTNER_A], name="A's ERP")


LOGGED_IN = dict.fromkeys((PARTNER_A, PARTNER_B, *INTERNAL), 200)


def api_list(name) -> Row:
    return Row(f"api:{name}-list", {ANON: 401} | LOGGED_IN)


def api_detail(name, *, hidden_from=(), lookup="pk") -> Row:
    """One of partner A's rows: A sees it, B does not; nor do internal roles in `hidden_from`."""
    expect = {ANON: 401, PARTNER_A: 200, PARTNER_B: 404}
    expect |= {role: 404 if role in hidden_from else 200 for role in INTERNAL}
    return Row(f"api:{name}-detail", expect, lambda w: {lookup: getattr(w.api, name)})


TOKEN_FORM = {"name": "Integration", "lifetime": "30"}

ROWS = [
    api_list("partner"),
    api_detail("partner", lookup="code"),
    api_list("sales"),
    api_detail("sales", hidden_from=(TRAINER,)),
    api_list("target"),
    api_detail("target", hidden_from=(TRAINER,)),
    api_list("scorecard"),
    api_detail("scorecard", hidden_from=(TRAINER,)),
    api_list("statement"),
    api_detail("statement", hidden_from=(TRAINER,)),
    api_list("payout"),
    api_detail("payout", hidden_from=(TRAINER,)),
    api_list("certification"),
    api_detail("certification", hidden_from=(FINANCE,)),
    Row("api_pages:docs", {ANON: 302} | LOGGED_IN),
    internal("api_pages:tokens"),
    internal("api_pages:token-create", method="post", data=lambda w: TOKEN_FORM),
    Row(
        "api_pages:token-revoke",
        {ANON: 302, PARTNER_A: 403, PARTNER_B: 403, DIRECTOR: 302, MANAGER: 302, FINANCE: 404, TRAINER: 404},
        lambda w: {"pk": w.api_token_a.pk},
        "post",
    ),
    portal("api_portal:tokens"),
    portal("api_portal:token-create", method="post", data=lambda w: TOKEN_FORM),
    portal("api_portal:token-revoke", kwargs=lambda w: {"pk": w.api_token_a.pk}, method="post", ok=302),
]
