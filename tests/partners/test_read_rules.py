"""The read rules other apps take from partners/selectors.py: who is active in a month, which incidents
count, and that nobody outside partners/ sums sales behind its back."""

import ast
import datetime as dt
from decimal import Decimal as D
from pathlib import Path
from zoneinfo import ZoneInfo

from common.periods import Period
from partners.models import ComplianceIncident, Partner, PartnerStatusChange
from partners.selectors import _partners_active_in_orm, incident_counts, partners_active_in, sales_total
from partners.services import partner_change_status
from tests.partners.factories import ComplianceIncidentFactory, PartnerFactory, SalesRecordFactory

OCT = Period.month(2026, 10)
SHANGHAI = ZoneInfo("Asia/Shanghai")
ROOT = Path(__file__).resolve().parents[2]


def _move(partner, status, moment: dt.datetime) -> None:
    change = partner_change_status(partner=partner, status=status, reason="test", by=None)
    PartnerStatusChange.objects.filter(pk=change.pk).update(changed_at=moment)


def _shanghai(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def test_the_status_during_the_month_decides_not_the_status_now(db):
    suspended_after = PartnerFactory()  # active all October, suspended at 00:30 on 1 November
    _move(suspended_after, Partner.Status.SUSPENDED, _shanghai(2026, 11, 1, 0, 30))
    suspended_before = PartnerFactory()
    _move(suspended_before, Partner.Status.SUSPENDED, _shanghai(2026, 9, 30, 23, 59))
    reinstated_during = PartnerFactory()
    _move(reinstated_during, Partner.Status.SUSPENDED, _shanghai(2026, 9, 1))
    _move(reinstated_during, Partner.Status.ACTIVE, _shanghai(2026, 10, 31, 23, 0))
    suspended_then_terminated = PartnerFactory()
    _move(suspended_then_terminated, Partner.Status.SUSPENDED, _shanghai(2026, 10, 5))
    _move(suspended_then_terminated, Partner.Status.TERMINATED, _shanghai(2026, 11, 2))
    activated_after = PartnerFactory(status=Partner.Status.ONBOARDING, joined_on=None)
    _move(activated_after, Partner.Status.ACTIVE, _shanghai(2026, 11, 1, 0, 0))
    joined_later = PartnerFactory(joined_on=dt.date(2026, 11, 2))
    never_changed = PartnerFactory()

    active = set(partners_active_in(OCT).values_list("pk", flat=True))

    assert active == {suspended_after.pk, reinstated_during.pk, suspended_then_terminated.pk, never_changed.pk}
    assert {suspended_before.pk, activated_after.pk, joined_later.pk}.isdisjoint(active)
    # PostgreSQL reads the rule in one set-wise query; SQLite (`make run`) takes the ORM form: both agree.
    assert set(_partners_active_in_orm(OCT).values_list("pk", flat=True)) == active


def test_the_rule_reads_a_fixed_number_of_queries(db, django_assert_num_queries):
    for _ in range(5):
        _move(PartnerFactory(), Partner.Status.SUSPENDED, _shanghai(2026, 10, 5))
    with django_assert_num_queries(1):
        assert len(list(partners_active_in(OCT))) == 5


def test_dismissed_incidents_do_not_count(db):
    partner = PartnerFactory()
    ComplianceIncidentFactory(partner=partner, occurred_on=dt.date(2026, 10, 3), severity="high")
    ComplianceIncidentFactory(
        partner=partner, occurred_on=dt.date(2026, 10, 4), severity="high", status=ComplianceIncident.Status.DISMISSED
    )
    assert incident_counts(first=OCT, last=OCT) == {(partner.pk, OCT.first_day): {"high": 1}}


def test_sales_total_nets_every_line_of_the_months(db):
    partner = PartnerFactory()
    SalesRecordFactory(partner=partner, amount=D("100.50"), date=dt.date(2026, 9, 30))
    SalesRecordFactory(partner=partner, amount=D("200.00"), date=dt.date(2026, 10, 31))
    SalesRecordFactory(partner=partner, amount=D("999.00"), date=dt.date(2026, 11, 1))
    assert sales_total(first=OCT.previous(), last=OCT) == {partner.pk: D("300.50")}


def _aggregations_of_sales(path: Path) -> list[str]:
    """Where a module sums sales itself: an aggregate/annotate/Sum in a module that imports SalesRecord,
    or a lookup across the partner's sales (`sales_records__…`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imports_sales = any(
        isinstance(node, ast.ImportFrom) and any(alias.name == "SalesRecord" for alias in node.names)
        for node in ast.walk(tree)
    )
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("sales_records"):
            found.append(f"{path}:{node.lineno} {node.value!r}")
        if isinstance(node, ast.keyword) and (node.arg or "").startswith("sales_records__"):
            found.append(f"{path}:{node.lineno} {node.arg}=")
        if imports_sales and isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in {"aggregate", "annotate", "Sum"}:
                found.append(f"{path}:{node.lineno} {name}()")
    return found


def test_no_module_outside_partners_aggregates_sales():
    skipped = {"partners", "tests", "bench", ".venv", "node_modules"}
    modules = [
        path
        for path in ROOT.rglob("*.py")
        if not skipped & set(path.relative_to(ROOT).parts) and "migrations" not in path.parts
    ]
    assert len(modules) > 50  # the walk did find the apps
    assert [hit for path in modules for hit in _aggregations_of_sales(path)] == []
