# ruff: noqa: RUF001 -- explanations use the multiplication sign and the full-width punctuation of a statement
"""Explanations are stored once, as message ids with parameters, and read in the reader's language."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from common.periods import Period
from incentives.models import Accrual, Payout
from incentives.services import payout_approve, rewards_calculate
from tests.common.factories import FinanceFactory
from tests.incentives.factories import PolicyFactory
from tests.partners.factories import PartnerFactory, PartnerUserFactory, SalesRecordFactory

OCT = Period.month(2026, 10)
ENGLISH = "CNY 600,000.00 × 3% (bracket ≥ CNY 500,000.00, retroactive)"
CHINESE = "¥600,000.00 × 3%（档位 ≥ ¥500,000.00，全额累进）"
STORED_TEXT = "600,000.00 × 3%（档位 ≥ 500,000.00，全额累进）"  # as explanations were stored before they were data


def test_an_explanation_stored_once_reads_in_chinese_and_in_english(db):
    PolicyFactory()
    SalesRecordFactory(partner=PartnerFactory(), amount=D("600000"))
    with translation.override("zh-hans"):  # the worker's language is nobody's
        rewards_calculate(period=OCT)

    accrual = Accrual.objects.get()
    assert accrual.why["id"] == "rebate.retroactive"
    with translation.override("en"):
        assert accrual.explanation == ENGLISH
    with translation.override("zh-hans"):
        assert accrual.explanation == CHINESE


def test_a_rerun_in_another_language_rewrites_nothing(db):
    PolicyFactory()
    SalesRecordFactory(partner=PartnerFactory(), amount=D("600000"))
    with translation.override("zh-hans"):
        rewards_calculate(period=OCT)
    with translation.override("en"):
        summary = rewards_calculate(period=OCT)
    assert (summary.created, summary.updated) == (0, 0)


def test_a_composed_explanation_is_worded_part_by_part(db):
    # a cap wraps the rebate's own explanation: both parts follow the reader's language
    PolicyFactory(rules__cap=D("10000"))
    SalesRecordFactory(partner=PartnerFactory(), amount=D("600000"))
    rewards_calculate(period=OCT)
    accrual = Accrual.objects.get()
    with translation.override("en"):
        assert accrual.explanation == f"{ENGLISH}; capped at CNY 10,000.00"
    with translation.override("zh-hans"):
        assert accrual.explanation == f"{CHINESE}；封顶 ¥10,000.00"


def test_the_partners_statement_and_its_export_read_in_the_partners_language(client, db):
    PolicyFactory()
    user = PartnerUserFactory()
    SalesRecordFactory(partner=user.partner_membership.partner, amount=D("600000"))
    rewards_calculate(period=OCT)
    payout = Payout.objects.get()
    payout_approve(payout=payout, by=FinanceFactory())
    client.force_login(user)
    detail = reverse("incentives_portal:statement-detail", args=[payout.statement_id])
    download = reverse("incentives_portal:statement-download", args=[payout.statement_id])

    assert ENGLISH in client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert CHINESE in client.get(detail, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english_csv = b"".join(client.get(download, HTTP_ACCEPT_LANGUAGE="en").streaming_content).decode("utf-8-sig")
    chinese_csv = b"".join(client.get(download, HTTP_ACCEPT_LANGUAGE="zh-hans").streaming_content).decode("utf-8-sig")
    assert ENGLISH in english_csv
    assert CHINESE in chinese_csv


def test_the_admin_shows_the_explanation_worded(admin_client, db):
    PolicyFactory()
    SalesRecordFactory(partner=PartnerFactory(), amount=D("600000"))
    rewards_calculate(period=OCT)
    url = reverse("admin:incentives_accrual_change", args=[Accrual.objects.get().pk])
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert CHINESE in page
    assert "rebate.retroactive" not in page


def test_an_explanation_stored_as_text_reads_as_it_was_written(db):
    PolicyFactory()
    SalesRecordFactory(partner=PartnerFactory(), amount=D("600000"))
    rewards_calculate(period=OCT)
    Accrual.objects.update(why=STORED_TEXT)
    accrual = Accrual.objects.get()
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert accrual.explanation == STORED_TEXT


BEFORE = [("incentives", "0004_fund_amounts_accept_one_cent")]
AFTER = [("incentives", "0005_accrual_explanation_as_data")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_explanations_calculated_before_readable():
    # given an accrual calculated before explanations were data, its text in the worker's language
    policy = PolicyFactory()
    partner = PartnerFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldAccrual = executor.loader.project_state(BEFORE).apps.get_model("incentives", "Accrual")
    OldAccrual.objects.create(
        partner_id=partner.pk,
        policy_id=policy.pk,
        version_id=policy.versions.get().pk,
        period=OCT.first_day,
        covers_from=OCT.first_day,
        basis=D("600000"),
        amount=D("18000"),
        explanation=STORED_TEXT,
        calculated_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
    )

    # when the migration runs
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())

    # then it reads as before, and a recalculation of its month turns it into data
    accrual = Accrual.objects.get()
    assert accrual.explanation == STORED_TEXT
    SalesRecordFactory(partner=partner, amount=D("600000"))
    rewards_calculate(period=OCT)
    with translation.override("en"):
        assert Accrual.objects.get().explanation == ENGLISH
