"""Signing a change with who and why, and reading changes back with names, labels and local dates."""

import datetime as dt

from django.utils import translation

from common.history import changed_by, changes
from partners.services import partner_change_status
from tests.common.factories import ManagerFactory
from tests.partners.factories import PartnerFactory, TierFactory


def test_a_change_is_signed_with_who_and_a_reason_cut_to_the_column(db):
    manager = ManagerFactory(first_name="经理", last_name="张")
    partner = PartnerFactory()
    partner.name = "新名字"
    changed_by(partner, manager, reason="理由" * 80)
    partner.save()
    latest = partner.history.first()
    assert latest.history_user == manager
    assert len(latest.history_change_reason) == 100 and latest.history_change_reason.endswith("…")


def test_changes_show_names_labels_and_local_dates_newest_first(db, django_assert_max_num_queries):
    manager = ManagerFactory(first_name="经理", last_name="张")
    partner = PartnerFactory()
    partner.tier = TierFactory(name="金牌")
    partner.manager = manager
    partner.joined_on = dt.date(2026, 10, 1)
    changed_by(partner, manager)
    partner.save()
    partner_change_status(partner=partner, status="suspended", reason="窜货", by=manager)

    with translation.override("zh-hans"), django_assert_max_num_queries(4):
        shown = changes(partner.history.select_related("history_user"))

    assert [change.kind for change in shown] == ["~", "~", "+"]
    status, edit = shown[0], shown[1]
    assert status.who == manager
    assert ("状态", "合作中", "已暂停") in [tuple(line) for line in status.fields]
    lines = {line.field: (line.before, line.after) for line in edit.fields}
    assert lines["渠道经理"][1] == "张经理"
    assert lines["等级"][1] == "金牌"
    assert lines["加入日期"][1] == "2026年10月1日"


def test_with_a_limit_the_oldest_shown_change_without_its_predecessor_shows_no_lines(db):
    partner = PartnerFactory()
    for name in ("一", "二", "三"):
        partner.name = name
        partner.save()
    records = partner.history.order_by("-history_date", "-history_id")[:3]
    shown = changes(records, limit=2)
    assert len(shown) == 2
    assert [tuple(line) for line in shown[0].fields] == [(shown[0].fields[0].field, "二", "三")]
